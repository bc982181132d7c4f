import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createSimulator } from './composite';
import { controlHandlers } from './control';

function setup() {
  const sim = createSimulator({ onefs: { users: ['alice'], password: 'pw' } });
  const handlers = controlHandlers(sim);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await getResponse(handlers, new Request(`http://127.0.0.1:1${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    if (!response) throw new Error(`no control route for ${method} ${path}`);
    return response;
  };
  return { sim, call };
}

describe('control API', () => {
  it('adds users and zones, mapping model failures to their PAPI status', async () => {
    const { sim, call } = setup();
    expect((await call('POST', '/zones', { name: 'tenant1' })).status).toBe(201);
    expect((await call('POST', '/users', { zone: 'tenant1', name: 'carol' })).status).toBe(201);
    expect(sim.onefs.model.findUser('tenant1', 'carol')).toBeDefined();
    expect((await call('POST', '/users', { zone: 'tenant1', name: 'carol' })).status).toBe(409);
    expect((await call('POST', '/users', { zone: 'nope', name: 'x' })).status).toBe(404);
    expect((await call('DELETE', '/zones/System')).status).toBe(400);
    expect((await call('DELETE', '/zones/tenant1')).status).toBe(204);
    expect(sim.onefs.model.listZones().map((z) => z.name)).toEqual(['System']);
  });

  it('sets the usage of the quotas on a path, and answers 404 for a path without one', async () => {
    const { sim, call } = setup();
    sim.onefs.model.addZone('tenant1');
    sim.onefs.model.createQuota({ path: '/ifs/tenant1', type: 'directory', includeSnapshots: false, empty: false });
    const set = await call('POST', '/quotas/usage', { path: '/ifs/tenant1', logical: 4096 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ quotas: 1 });
    expect(sim.onefs.model.quotas.list()[0]?.usage.logical).toBe(4096);
    expect((await call('POST', '/quotas/usage', { path: '/ifs/other', logical: 1 })).status).toBe(404);
    expect((await call('POST', '/quotas/usage', { path: '/ifs/tenant1', logical: -1 })).status).toBe(400);
  });

  it('rejects malformed bodies with 400 and a message', async () => {
    const { call } = setup();
    const response = await call('POST', '/users', { zone: 'System' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: '"name" must be a non-empty string' });
    expect((await call('POST', '/onefs/options', { bogus: true })).status).toBe(400);
    expect((await call('POST', '/faults', { status: 'x' })).status).toBe(400);
  });

  it('checks S3 secrets and reports keys without secrets', async () => {
    const { sim, call } = setup();
    const created = sim.onefs.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    const yes = await call('POST', '/s3/authenticate', { accessId: created.access_id, secret: created.secret_key });
    expect(await yes.json()).toEqual({ authenticated: true });
    const no = await call('POST', '/s3/authenticate', { accessId: created.access_id, secret: 'x'.repeat(28) });
    expect(await no.json()).toEqual({ authenticated: false });
    const view = await (await call('GET', '/s3/keys/System/alice')).text();
    expect(view).toContain(created.access_id);
    expect(view).not.toContain(created.secret_key);
  });

  it('freezes the clock so that several mints share one second, and thaws it without going back', async () => {
    const { sim, call } = setup();
    const frozen = (await (await call('POST', '/clock', { freeze: true })).json()) as { now: number };
    await new Promise((r) => setTimeout(r, 20));
    expect(sim.onefs.clock.now()).toBe(frozen.now);
    const a = sim.onefs.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    await new Promise((r) => setTimeout(r, 20));
    const b = sim.onefs.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    expect(b.secret_key_timestamp).toBe(a.secret_key_timestamp);
    expect((await call('POST', '/clock', { freeze: 'yes' })).status).toBe(400);
    await call('POST', '/clock', { freeze: false });
    expect(sim.onefs.clock.now()).toBeGreaterThanOrEqual(frozen.now);
  });

  it('resets the model, sessions, faults, latency and the clock', async () => {
    const { sim, call } = setup();
    sim.onefs.model.addUser('System', 'temp');
    sim.traffic.latencyMs = 5;
    await call('POST', '/faults', { status: 503 });
    await call('POST', '/clock', { advanceMs: 60_000 });
    expect((await call('POST', '/reset')).status).toBe(204);
    expect(sim.onefs.model.findUser('System', 'temp')).toBeUndefined();
    expect(sim.onefs.model.findUser('System', 'alice')).toBeDefined();
    expect(await (await call('GET', '/stats')).json()).toMatchObject({ pendingFaults: 0, latencyMs: 0 });
    expect(Math.abs(sim.onefs.clock.now() - Date.now())).toBeLessThan(1_000);
  });
});

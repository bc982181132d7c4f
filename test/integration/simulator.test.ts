import { statSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '../helpers/simulator';

let sim: StartedSimulator;
const KEYS = '/platform/10/protocols/s3/keys';

beforeAll(async () => {
  sim = await startSimulator({ users: ['alice', 'bob'] });
});
afterEach(async () => {
  await sim.control.reset();
});
afterAll(async () => {
  await sim?.stop();
});

interface Login {
  headers: Record<string, string>;
}

async function login(): Promise<Login> {
  const response = await sim.https(`${sim.info.onefs.endpoint}/session/1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: sim.info.onefs.username, password: sim.password(), services: ['platform', 'namespace'] }),
  });
  expect(response.status).toBe(201);
  const cookies = response.headers.getSetCookie();
  const value = (name: string) => cookies.map((c) => new RegExp(`^${name}=([^;]*)`).exec(c)?.[1]).find(Boolean) ?? '';
  return { headers: { Cookie: `isisessid=${value('isisessid')}`, 'X-CSRF-Token': value('isicsrf'), Referer: sim.info.onefs.endpoint } };
}

function papi(session: Login | undefined, path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return sim.https(`${sim.info.onefs.endpoint}${path}`, { method: init.method ?? 'GET', headers: { ...session?.headers, ...init.headers }, ...(init.body === undefined ? {} : { body: init.body }) });
}

describe('simulator over HTTPS', () => {
  it('describes itself with the DESIGN.md JSON line and keeps secrets in owner-only files', () => {
    expect(Object.keys(sim.info).sort()).toEqual(['control', 'dap', 'onefs']);
    expect(sim.info.onefs).toEqual({ endpoint: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), caCertFile: `${sim.dir}/ca.pem`, username: 'admin', passwordFile: `${sim.dir}/onefs-password` });
    expect(sim.info.dap).toEqual({ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), tenant: expect.any(String), credentialsFile: `${sim.dir}/dap-credentials.json`, ciCredentialsFile: `${sim.dir}/dap-ci-credentials.json`, caCertFile: `${sim.dir}/ca.pem` });
    expect(sim.info.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statSync(sim.info.onefs.passwordFile).mode & 0o777).toBe(0o600);
    expect(statSync(sim.info.dap.credentialsFile).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(sim.info.dap.credentialsFile, 'utf8')) as object)).toEqual(['token']);
    expect(sim.password().length).toBeGreaterThanOrEqual(24);
    expect(sim.stderr()).not.toContain(sim.password());
  });

  it('logs in with a certificate chain the client verifies against ca.pem', async () => {
    await login();
    const stats = await sim.control.stats();
    expect(stats.onefs).toMatchObject({ logins: 1, activeSessions: 1 });
  });

  it('rejects a TLS client that does not trust the simulator CA', async () => {
    await expect(fetch(`${sim.info.onefs.endpoint}/platform/latest`)).rejects.toThrow();
  });

  it('refuses a wrong password with 401', async () => {
    const response = await papi(undefined, '/session/1/session', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'wrong' }) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unable to create session.' });
  });

  it('rejects a request without the CSRF token with the static 401', async () => {
    const session = await login();
    const response = await papi(undefined, '/platform/latest', { headers: { Cookie: session.headers.Cookie ?? '', Referer: sim.info.onefs.endpoint } });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('{"errors":[{"message":"authorization required"}]}');
  });

  it('mints, reads, rotates and deletes an S3 key; the old secret works until its expiry', async () => {
    const session = await login();
    const mint = async (minutes: number) => {
      const response = await papi(session, `${KEYS}/alice?zone=System&force=true`, { method: 'POST', body: JSON.stringify({ existing_key_expiry_time: minutes }) });
      expect(response.status).toBe(201);
      return ((await response.json()) as { keys: { access_id: string; secret_key: string; old_secret_key: string | null } }).keys;
    };
    const first = await mint(0);
    const read = (await (await papi(session, `${KEYS}/alice?zone=System`)).json()) as { keys: Record<string, unknown> };
    expect(read.keys.access_id).toBe(first.access_id);
    expect(JSON.stringify(read)).not.toContain(first.secret_key);

    const second = await mint(5);
    expect(second.old_secret_key).toBe(first.secret_key);
    expect(await sim.control.s3Authenticate(first.access_id, first.secret_key)).toBe(true);
    await sim.control.advanceClock(5 * 60_000);
    expect(await sim.control.s3Authenticate(first.access_id, first.secret_key)).toBe(false);
    expect(await sim.control.s3Authenticate(second.access_id, second.secret_key)).toBe(true);

    expect((await papi(session, `${KEYS}/alice?zone=System`, { method: 'DELETE' })).status).toBe(204);
    expect(await sim.control.getKey('System', 'alice')).toBeUndefined();
  });

  it('answers AEC_NOT_FOUND for an unknown user and an unknown zone', async () => {
    const session = await login();
    const user = await papi(session, `${KEYS}/mallory?zone=System`);
    expect(user.status).toBe(404);
    expect(await user.json()).toEqual({ errors: [{ code: 'AEC_NOT_FOUND', message: "Failed to find user for 'USER:mallory': No such user" }] });
    const zone = await papi(session, `${KEYS}/alice?zone=Nowhere`);
    expect(zone.status).toBe(404);
    expect(await zone.json()).toEqual({ errors: [{ code: 'AEC_NOT_FOUND', message: 'Access Zone "Nowhere" not found.' }] });
  });
});

describe('control API', () => {
  it('adds and removes zones and users, which the PAPI side sees at once', async () => {
    const session = await login();
    await sim.control.addZone('tenant1');
    await sim.control.addUser('tenant1', 'carol');
    expect((await papi(session, `${KEYS}/carol?zone=tenant1&force=true`, { method: 'POST' })).status).toBe(201);
    await sim.control.removeUser('tenant1', 'carol');
    expect((await papi(session, `${KEYS}/carol?zone=tenant1`)).status).toBe(404);
    await sim.control.removeZone('tenant1');
    const zones = (await (await papi(session, '/platform/3/zones')).json()) as { zones: Array<{ name: string }> };
    expect(zones.zones.map((z) => z.name)).toEqual(['System']);
  });

  it('rejects adding a user to a zone that does not exist with the PAPI status', async () => {
    await expect(sim.control.addUser('nope', 'x')).rejects.toThrow(/HTTP 404/);
  });

  it('expires every session, after which requests get 401', async () => {
    const session = await login();
    expect(await sim.control.expireSessions()).toBe(1);
    expect((await papi(session, '/platform/latest')).status).toBe(401);
  });

  it('fails the next N matching requests with an injected status, then recovers', async () => {
    const session = await login();
    await sim.control.fault({ service: 'onefs', method: 'GET', path: '/platform/latest', count: 2, status: 503 });
    expect((await papi(session, '/platform/latest')).status).toBe(503);
    expect((await papi(session, '/platform/latest')).status).toBe(503);
    expect((await papi(session, '/platform/latest')).status).toBe(200);
  });

  it('drops the connection for a drop fault', async () => {
    const session = await login();
    await sim.control.fault({ service: 'onefs', path: '/^\\/platform\\/latest/', drop: true });
    await expect(papi(session, '/platform/latest')).rejects.toThrow();
    expect((await papi(session, '/platform/latest')).status).toBe(200);
  });

  it('delays a request by delayMs and otherwise answers normally', async () => {
    const session = await login();
    await sim.control.fault({ path: '/platform/latest', delayMs: 300 });
    const started = performance.now();
    const response = await papi(session, '/platform/latest');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('rejects a fault spec with an unknown member', async () => {
    await expect(sim.control.fault({ stauts: 503 })).rejects.toThrow(/HTTP 400/);
  });

  it('counts requests per route, including unmatched paths, and reset zeroes them', async () => {
    const session = await login();
    await papi(session, `${KEYS}/alice?force=true`, { method: 'POST' });
    await papi(session, '/nothing/here');
    const stats = await sim.control.stats();
    expect(stats.onefs.routes).toEqual({ 'POST /session/1/session': 1, 'POST /platform/10/protocols/s3/keys/{user}': 1, 'GET (unmatched)': 1 });
    await sim.control.reset();
    expect((await sim.control.stats()).onefs).toMatchObject({ requests: 0, logins: 0, activeSessions: 0 });
    expect(await sim.control.getKey('System', 'alice')).toBeUndefined();
  });

  it('switches the expired-session 401 to the HTML form', async () => {
    await sim.control.setOneFsOptions({ unauthorizedBody: 'html' });
    const response = await papi(undefined, '/platform/latest');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('serves the DAP secret store over HTTPS with the token from the credentials file', async () => {
    const { token } = JSON.parse(readFileSync(sim.info.dap.credentialsFile, 'utf8')) as { token: string };
    const list = await sim.https(`${sim.info.dap.url}/api/v3.1/secrets`, { headers: { 'Authentication-Token': token, Tenant: sim.info.dap.tenant } });
    expect(list.status).toBe(200);
    const denied = await sim.https(`${sim.info.dap.url}/api/v3.1/secrets`, { headers: { 'Authentication-Token': 'wrong', Tenant: sim.info.dap.tenant } });
    expect(denied.status).toBe(401);
    expect((await sim.control.stats()).dap.requests).toBe(2);
  });

  it('answers 404 for a DAP secret that does not exist', async () => {
    expect(await sim.control.dapSecret('no/such/key')).toBeUndefined();
  });
});

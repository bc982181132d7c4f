import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator();
const { call, errorsOf } = platformCaller(sim);

describe('zone routes', () => {
  it('lists the System zone and added zones', async () => {
    sim.model.addZone('tenant1');
    const session = await sim.login();
    const body = (await (await call('/platform/3/zones', session)).json()) as { zones: Array<{ name: string; path: string }> };
    expect(body.zones.map((z) => [z.name, z.path])).toEqual([
      ['System', '/ifs'],
      ['tenant1', '/ifs/tenant1'],
    ]);
    const missing = await call('/platform/3/zones/nope', session);
    expect(missing.status).toBe(404);
    expect(await errorsOf(missing)).toEqual([{ code: 'AEC_NOT_FOUND', message: 'Access Zone "nope" not found.' }]);
  });

  it('finds one zone by its integer zone_id (the API schema) as well as by name', async () => {
    const tenant = sim.model.addZone('tenant1');
    const session = await sim.login();
    for (const key of [String(tenant.zoneId), 'tenant1']) {
      const body = (await (await call(`/platform/3/zones/${key}`, session)).json()) as { zones: Array<{ name: string; zone_id: number }> };
      expect(body.zones).toMatchObject([{ name: 'tenant1', zone_id: tenant.zoneId }]);
    }
    expect((await call('/platform/3/zones/99', session)).status).toBe(404);
  });

  it('lists zones as {zones} only, without an invented total', async () => {
    const session = await sim.login();
    expect(Object.keys((await (await call('/platform/3/zones', session)).json()) as object)).toEqual(['zones']);
  });

  it('creates a zone whose path exists, answering 201 {id}, and refuses a taken name with AEC_CONFLICT', async () => {
    sim.model.directories.make('/ifs/data/t1');
    const session = await sim.login();
    const post = (body: unknown) => call('/platform/3/zones', session, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post({ name: 't1', path: '/ifs/data/t1', auth_providers: ['lsa-file-provider:System'] });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 't1' });
    expect(sim.model.getZone('t1')).toMatchObject({ path: '/ifs/data/t1', groupnet: 'groupnet0', authProviders: ['lsa-file-provider:System', 'lsa-local-provider:t1'] });
    const again = await post({ name: 't1', path: '/ifs/data/t1' });
    expect(again.status).toBe(409);
    expect(await errorsOf(again)).toEqual([{ code: 'AEC_CONFLICT', message: 'Access Zone "t1" already exists.' }]);
  });

  it('refuses a missing path unless create_path, and a path outside /ifs, naming the path field', async () => {
    const session = await sim.login();
    const post = (body: unknown) => call('/platform/3/zones', session, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const missing = await post({ name: 't2', path: '/ifs/t2/deep' });
    expect(missing.status).toBe(400);
    expect(await errorsOf(missing)).toMatchObject([{ code: 'AEC_BAD_REQUEST', field: 'path' }]);
    expect(sim.model.listZones().map((z) => z.name)).toEqual(['System']);
    const outside = await post({ name: 't2', path: '/tmp/t2', create_path: true });
    expect(await errorsOf(outside)).toMatchObject([{ code: 'AEC_BAD_REQUEST', field: 'path' }]);
    expect((await post({ name: 't2', path: '/ifs/t2/deep', create_path: true })).status).toBe(201);
    expect(sim.model.directories.exists('/ifs/t2')).toBe(true);
    expect(await errorsOf(await post({ path: '/ifs' }))).toMatchObject([{ code: 'AEC_ARG_REQUIRED', field: 'name' }]);
  });

  it('modifies and deletes a zone by zone_id or by name, never the System zone', async () => {
    const tenant = sim.model.addZone('tenant1');
    const session = await sim.login();
    const put = (key: string, body: unknown) => call(`/platform/3/zones/${key}`, session, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put(String(tenant.zoneId), { path: '/ifs/moved', create_path: true })).status).toBe(204);
    expect((await put('tenant1', { auth_providers: [] })).status).toBe(204);
    expect(sim.model.getZone('tenant1')).toMatchObject({ path: '/ifs/moved', authProviders: ['lsa-local-provider:tenant1'] });
    expect((await put('tenant1', { path: '/ifs/nowhere' })).status).toBe(400);

    const system = await call('/platform/3/zones/1', session, { method: 'DELETE' });
    expect(system.status).toBe(400);
    expect(await errorsOf(system)).toEqual([{ code: 'AEC_BAD_REQUEST', message: 'The System zone cannot be deleted.' }]);
    expect((await call(`/platform/3/zones/${tenant.zoneId}`, session, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/platform/3/zones/tenant1', session, { method: 'DELETE' })).status).toBe(404);
    expect(sim.model.directories.exists('/ifs/moved')).toBe(true);
  });
});

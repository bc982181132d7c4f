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
});

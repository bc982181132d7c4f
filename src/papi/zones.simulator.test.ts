import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../simulator/testing';
import { createPapiClient } from './client';
import { BodyReader, PapiDecodeError } from './decode';
import { PapiError } from './errors';
import { getZone, listZones } from './zones';

const sim = useOneFsSimulator();
const papi = () => createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });

describe('access zones over PAPI', () => {
  it('lists zones as camelCase models', async () => {
    sim.model.addZone('tenant1');
    const zones = await listZones(papi());
    expect(zones.map((z) => [z.name, z.zoneId, z.path, z.system])).toEqual([
      ['System', 1, '/ifs', true],
      ['tenant1', 2, '/ifs/tenant1', false],
    ]);
    expect(zones[1]).toMatchObject({ id: 'tenant1', groupnet: 'groupnet0', authProviders: ['lsa-local-provider:tenant1'], ifsRestricted: [], homeDirectoryUmask: 63 });
  });

  it('gets one zone by name or integer id, and surfaces the cluster 404 as a PapiError', async () => {
    const tenant = sim.model.addZone('tenant1');
    const client = papi();
    expect((await getZone(client, tenant.zoneId)).name).toBe('tenant1');
    expect((await getZone(client, 'tenant1')).zoneId).toBe(tenant.zoneId);
    await expect(getZone(client, 'nope')).rejects.toMatchObject({ status: 404, code: 'AEC_NOT_FOUND' });
    await expect(getZone(client, 'nope')).rejects.toBeInstanceOf(PapiError);
  });

  it('names the wrong field of a malformed body, never its content', () => {
    const body = { zones: [{ id: 'a', zone_id: 'one', name: 'secret-ish', path: '/ifs', system: false }] };
    const read = () => BodyReader.of('GET', '/platform/3/zones', body).objects('zones', (z) => z.int('zone_id'));
    expect(read).toThrow(PapiDecodeError);
    expect(read).toThrow('GET /platform/3/zones: zones[0].zone_id is not an integer');
    try {
      read();
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('secret-ish');
    }
  });
});

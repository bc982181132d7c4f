import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import { createProviderHarness } from '../../testing/harness';
import { accessZoneDataSource } from './data-source';

const CANARY = 'z0ne-c4n4ry-pässwörd';
const sim = useOneFsSimulator({ password: CANARY });
const TYPE = 'powerscale_accesszone';
const harness = () => createProviderHarness(sim, { dataSources: [accessZoneDataSource] }, CANARY);

describe('data "powerscale_accesszone"', () => {
  it('reads every zone with snake_case attributes at depth 2', async () => {
    sim.model.addZone('tenant1');
    const { state, diagnostics } = await (await harness()).readDataSource(TYPE, { id: null, names: null, zones: null });
    expect(diagnostics).toEqual([]);
    expect(state?.id).toBe('accesszones');
    expect(state?.zones).toMatchObject([
      { name: 'System', zone_id: 1, path: '/ifs', system: true, ifs_restricted: [], auth_providers: ['lsa-local-provider:System'] },
      { name: 'tenant1', zone_id: 2, path: '/ifs/tenant1', system: false, groupnet: 'groupnet0' },
    ]);
  });

  it('reads only the named zones', async () => {
    sim.model.addZone('tenant1');
    const { state } = await (await harness()).readDataSource(TYPE, { id: null, names: ['tenant1'], zones: null });
    expect((state?.zones as { name: string }[]).map((z) => z.name)).toEqual(['tenant1']);
    expect(state?.names).toEqual(['tenant1']);
  });

  it('fails with the cluster error for a zone that does not exist', async () => {
    const { state, diagnostics } = await (await harness()).readDataSource(TYPE, { id: null, names: ['nope'], zones: null });
    expect(state).toBeNull();
    expect(diagnostics[0]?.summary).toBe('Unable to Read Access Zones');
    expect(diagnostics[0]?.detail).toContain('Access Zone "nope" not found.');
  });

  it('names the malformed field of an unexpected response', async () => {
    sim.server.use(http.get('*/platform/3/zones', () => HttpResponse.json({ zones: [{ id: 'x', zone_id: 'one', name: 'x', path: '/ifs', system: false }] })));
    const { diagnostics } = await (await harness()).readDataSource(TYPE, { id: null, names: null, zones: null });
    expect(diagnostics[0]).toMatchObject({ summary: 'Unexpected Cluster Response' });
    expect(diagnostics[0]?.detail).toContain('zones[0].zone_id is not an integer');
  });

  it('refuses an empty names set and configured computed attributes', async () => {
    const h = await harness();
    expect((await h.validate('data source', TYPE, { id: null, names: [], zones: null }))[0]?.attribute).toEqual([{ attribute: 'names' }]);
    expect((await h.validate('data source', TYPE, { id: 'x', names: null, zones: null }))[0]?.summary).toBe('Invalid Configuration for Read-Only Attribute');
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });
});

import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { TfObject } from '../../framework/contract';
import { createProviderHarness } from '../../testing/harness';
import { accessZoneResource } from './resource';

const CANARY = 'z0ne-res-c4n4ry-pässwörd';
const sim = useOneFsSimulator({ password: CANARY });
const TYPE = 'powerscale_accesszone';
const harness = () => createProviderHarness(sim, { resources: [accessZoneResource] }, CANARY);

const config = (overrides: TfObject = {}): TfObject => ({ id: null, name: 'tenant1', path: '/ifs/tenant1', create_path: true, groupnet: null, auth_providers: null, zone_id: null, ...overrides });

describe('resource "powerscale_accesszone"', () => {
  it('creates a zone with create_path and the default groupnet, then plans no change', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    expect(created.diagnostics).toEqual([]);
    const zone = sim.model.getZone('tenant1');
    expect(created.state).toEqual({ id: 'tenant1', name: 'tenant1', path: '/ifs/tenant1', create_path: true, groupnet: 'groupnet0', auth_providers: ['lsa-local-provider:tenant1'], zone_id: zone.zoneId });
    const refreshed = await h.read(TYPE, created.state as TfObject);
    expect(refreshed.newState).toEqual(created.state);
    const again = await h.apply(TYPE, created.state, config());
    expect(again.planned).toEqual(created.state);
    expect(again.requiresReplace).toEqual([]);
  });

  it('refuses a path that does not exist without create_path, at path, and creates nothing', async () => {
    const h = await harness();
    const refused = await h.apply(TYPE, null, config({ create_path: null, path: '/ifs/missing' }));
    expect(refused.state).toBeNull();
    expect(refused.diagnostics[0]).toMatchObject({ summary: 'Unable to Create Access Zone', attribute: [{ attribute: 'path' }] });
    expect(refused.diagnostics[0]?.detail).toContain("Path '/ifs/missing' does not exist");
    expect(sim.model.listZones().map((z) => z.name)).toEqual(['System']);
  });

  it('refuses a taken name at name, with the import ID, before writing anything', async () => {
    sim.model.addZone('tenant1');
    const taken = await (await harness()).apply(TYPE, null, config());
    expect(taken.diagnostics[0]).toMatchObject({ summary: 'Access Zone Already Exists', attribute: [{ attribute: 'name' }] });
    expect(taken.diagnostics[0]?.detail).toContain('an access zone named "tenant1"');
    expect(taken.diagnostics[0]?.detail).toContain('with the ID "tenant1"');
  });

  it('keeps configured auth_providers that leave out the local provider OneFS adds, without drift', async () => {
    const h = await harness();
    const wanted = config({ auth_providers: ['lsa-file-provider:System'] });
    const created = await h.apply(TYPE, null, wanted);
    expect(created.diagnostics).toEqual([]);
    expect(sim.model.getZone('tenant1').authProviders).toEqual(['lsa-file-provider:System', 'lsa-local-provider:tenant1']);
    expect(created.state?.auth_providers).toEqual(['lsa-file-provider:System']);
    expect((await h.read(TYPE, created.state as TfObject)).newState).toEqual(created.state);
    sim.model.modifyZone('tenant1', { authProviders: ['lsa-nis-provider:x'], createPath: false });
    expect((await h.read(TYPE, created.state as TfObject)).newState?.auth_providers).toEqual(['lsa-nis-provider:x', 'lsa-local-provider:tenant1']);
  });

  it('moves the path and changes providers in place, and replaces the zone for a new name or groupnet', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    const zoneId = sim.model.getZone('tenant1').zoneId;
    const moved = await h.apply(TYPE, created.state, config({ path: '/ifs/data/t1', auth_providers: ['lsa-file-provider:System'] }));
    expect(moved.diagnostics).toEqual([]);
    expect(moved.requiresReplace).toEqual([]);
    expect(sim.model.getZone('tenant1')).toMatchObject({ zoneId, path: '/ifs/data/t1', authProviders: ['lsa-file-provider:System', 'lsa-local-provider:tenant1'] });
    expect(moved.state).toMatchObject({ zone_id: zoneId, path: '/ifs/data/t1', auth_providers: ['lsa-file-provider:System'] });
    const renamed = await h.apply(TYPE, moved.state, config({ name: 'tenant2', path: '/ifs/data/t1' }));
    expect(renamed.requiresReplace).toEqual([[{ attribute: 'name' }]]);
    expect(sim.model.listZones().map((z) => z.name)).toEqual(['System', 'tenant2']);
    const regrouped = await h.apply(TYPE, renamed.state, config({ name: 'tenant2', path: '/ifs/data/t1', groupnet: 'groupnet1' }));
    expect(regrouped.requiresReplace).toEqual([[{ attribute: 'groupnet' }]]);
  });

  it('drops a zone deleted outside Terraform on read, and deletes a zone that is already gone without error', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    sim.model.removeZone('tenant1');
    expect((await h.read(TYPE, created.state as TfObject)).newState).toBeNull();
    expect(await h.destroy(TYPE, created.state as TfObject)).toEqual([]);
  });

  it('destroys a zone and keeps its directory, as OneFS does', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    expect(await h.destroy(TYPE, created.state as TfObject)).toEqual([]);
    expect(sim.model.listZones().map((z) => z.name)).toEqual(['System']);
    expect(sim.model.directories.exists('/ifs/tenant1')).toBe(true);
  });

  it('imports by name to the created state (create_path aside) and refuses to delete the System zone', async () => {
    const h = await harness();
    const created = await h.apply(TYPE, null, config());
    const imported = await h.importAndRead(TYPE, 'tenant1');
    expect(imported.state).toEqual({ ...created.state, create_path: null });
    const system = await h.importAndRead(TYPE, 'System');
    expect(system.state).toMatchObject({ name: 'System', path: '/ifs', zone_id: 1 });
    const refused = await h.destroy(TYPE, system.state as TfObject);
    expect(refused[0]).toMatchObject({ summary: 'Cannot Delete the System Zone', attribute: [{ attribute: 'name' }] });
    expect(sim.model.getZone('System')).toBeDefined();
    expect((await h.importAndRead(TYPE, 'a/b')).diagnostics[0]?.summary).toBe('Invalid Import ID');
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it('refuses a path outside /ifs and a bad name at validation, naming the attribute', async () => {
    const h = await harness();
    for (const path of ['/tmp/x', '/ifs/', '/ifs/../etc', 'ifs/x']) {
      const diags = await h.validate('resource', TYPE, config({ path }));
      expect(diags[0]?.attribute, path).toEqual([{ attribute: 'path' }]);
      expect(diags[0]?.detail).toContain('/ifs');
    }
    expect((await h.validate('resource', TYPE, config({ name: 'a b' })))[0]?.attribute).toEqual([{ attribute: 'name' }]);
  });
});

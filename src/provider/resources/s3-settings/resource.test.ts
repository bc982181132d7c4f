import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import type { TfObject } from '../../framework/contract';
import { createProviderHarness } from '../../testing/harness';
import { s3GlobalSettingsResource } from './global-resource';
import { s3ZoneSettingsResource } from './zone-resource';

const CANARY = 's3-s3tt1ngs-c4n4ry-pässwörd';
const sim = useOneFsSimulator({ password: CANARY });
const ZONE = 'powerscale_s3_zone_settings';
const GLOBAL = 'powerscale_s3_global_settings';
const harness = () => createProviderHarness(sim, { resources: [s3ZoneSettingsResource, s3GlobalSettingsResource] }, CANARY);

const zoneConfig = (overrides: TfObject = {}): TfObject => ({
  id: null,
  zone: 'tenant1',
  base_domain: null,
  bucket_directory_create_mode: null,
  object_acl_policy: null,
  root_path: null,
  use_md5_for_etag: null,
  validate_content_md5: null,
  restore_on_destroy: null,
  ...overrides,
});
const globalConfig = (overrides: TfObject = {}): TfObject => ({ id: null, service: null, https_only: null, http_port: null, https_port: null, restore_on_destroy: null, ...overrides });

describe('resource "powerscale_s3_zone_settings"', () => {
  it('writes only the configured settings, keeps the others null in state, and then plans no change', async () => {
    sim.model.addZone('tenant1');
    const h = await harness();
    const created = await h.apply(ZONE, null, zoneConfig({ object_acl_policy: 'deny', use_md5_for_etag: true }));
    expect(created.diagnostics).toEqual([
      {
        severity: 'warning',
        summary: 'Existing S3 Settings Will Be Changed',
        detail:
          'This creates nothing: it changes the S3 settings of zone "tenant1" (object_acl_policy, use_md5_for_etag). Their current values are remembered, and destroying this resource puts them back; settings not set here are left alone.',
      },
    ]);
    expect(created.state).toEqual(zoneConfig({ id: 'tenant1', object_acl_policy: 'deny', use_md5_for_etag: true, restore_on_destroy: '{"object_acl_policy":"replace","use_md5_for_etag":false}' }));
    expect(sim.model.s3ZoneSettings('tenant1')).toEqual({
      base_domain: '',
      bucket_directory_create_mode: 511,
      object_acl_policy: 'deny',
      root_path: '/ifs/tenant1',
      use_md5_for_etag: true,
      validate_content_md5: false,
    });
    expect(sim.model.s3ZoneSettings('System').object_acl_policy).toBe('replace');
    expect((await h.read(ZONE, created.state as TfObject, created.private)).newState).toEqual(created.state);
    const again = await h.apply(ZONE, created.state, zoneConfig({ object_acl_policy: 'deny', use_md5_for_etag: true }), created.private);
    expect(again.planned).toEqual(created.state);
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it('shows a managed setting changed outside Terraform as drift and puts it back on apply', async () => {
    sim.model.addZone('tenant1');
    const h = await harness();
    const wanted = zoneConfig({ object_acl_policy: 'deny', bucket_directory_create_mode: 493 });
    const created = await h.apply(ZONE, null, wanted);
    sim.model.s3Settings.modifyZone('tenant1', { object_acl_policy: 'replace' });
    const refreshed = await h.read(ZONE, created.state as TfObject, created.private);
    expect(refreshed.newState).toMatchObject({ object_acl_policy: 'replace', bucket_directory_create_mode: 493 });
    const repaired = await h.apply(ZONE, refreshed.newState, wanted, refreshed.private);
    expect(repaired.diagnostics).toEqual([]);
    expect(repaired.state).toMatchObject({ object_acl_policy: 'deny' });
    expect(sim.model.s3ZoneSettings('tenant1').object_acl_policy).toBe('deny');
  });

  it('ignores a change outside Terraform to a setting the configuration does not set', async () => {
    sim.model.addZone('tenant1');
    const h = await harness();
    const created = await h.apply(ZONE, null, zoneConfig({ object_acl_policy: 'deny' }));
    sim.model.s3Settings.modifyZone('tenant1', { base_domain: 's3.example.com', validate_content_md5: true });
    const refreshed = await h.read(ZONE, created.state as TfObject, created.private);
    expect(refreshed.newState).toEqual(created.state);
    const again = await h.apply(ZONE, refreshed.newState, zoneConfig({ object_acl_policy: 'deny' }), refreshed.private);
    expect(again.planned).toEqual(created.state);
    expect(sim.model.s3ZoneSettings('tenant1')).toMatchObject({ base_domain: 's3.example.com', validate_content_md5: true });
  });

  it('puts back on destroy the values the managed settings had before create, and leaves the others alone', async () => {
    sim.model.addZone('tenant1');
    sim.model.s3Settings.modifyZone('tenant1', { bucket_directory_create_mode: 448 });
    const h = await harness();
    const created = await h.apply(ZONE, null, zoneConfig({ object_acl_policy: 'deny', bucket_directory_create_mode: 493 }));
    sim.model.s3Settings.modifyZone('tenant1', { use_md5_for_etag: true });
    expect(await h.destroy(ZONE, created.state as TfObject, created.private)).toEqual([]);
    expect(sim.model.s3ZoneSettings('tenant1')).toMatchObject({ object_acl_policy: 'replace', bucket_directory_create_mode: 448, use_md5_for_etag: true });
  });

  it('remembers a setting added later and puts back a setting removed from the configuration', async () => {
    sim.model.addZone('tenant1');
    const h = await harness();
    const created = await h.apply(ZONE, null, zoneConfig({ object_acl_policy: 'deny' }));
    const grown = await h.apply(ZONE, created.state, zoneConfig({ object_acl_policy: 'deny', base_domain: 's3.acme.test' }), created.private);
    expect(grown.diagnostics).toEqual([]);
    expect(sim.model.s3ZoneSettings('tenant1').base_domain).toBe('s3.acme.test');
    expect(grown.state?.restore_on_destroy).toBe('{"base_domain":"","object_acl_policy":"replace"}');
    const shrunk = await h.apply(ZONE, grown.state, zoneConfig({ base_domain: 's3.acme.test' }), grown.private);
    expect(shrunk.diagnostics).toEqual([]);
    expect(shrunk.state).toMatchObject({ object_acl_policy: null, base_domain: 's3.acme.test', restore_on_destroy: '{"base_domain":""}' });
    expect(sim.model.s3ZoneSettings('tenant1').object_acl_policy).toBe('replace');
    expect(await h.destroy(ZONE, shrunk.state as TfObject, shrunk.private)).toEqual([]);
    expect(sim.model.s3ZoneSettings('tenant1')).toMatchObject({ object_acl_policy: 'replace', base_domain: '' });
  });

  it('keeps the values to put back in state, so that destroy restores them after an update killed without an answer (Terraform then keeps the prior state but drops the private state)', async () => {
    sim.model.addZone('tenant1');
    sim.model.s3Settings.modifyZone('tenant1', { bucket_directory_create_mode: 448 });
    const h = await harness();
    const created = await h.apply(ZONE, null, zoneConfig({ object_acl_policy: 'deny', bucket_directory_create_mode: 493 }));
    expect(created.state?.restore_on_destroy).toBe('{"bucket_directory_create_mode":448,"object_acl_policy":"replace"}');
    const refreshed = await h.read(ZONE, created.state as TfObject, undefined);
    expect(refreshed.newState).toEqual(created.state);
    expect(await h.destroy(ZONE, refreshed.newState as TfObject, undefined)).toEqual([]);
    expect(sim.model.s3ZoneSettings('tenant1')).toMatchObject({ object_acl_policy: 'replace', bucket_directory_create_mode: 448 });
  });

  it('reports a zone that does not exist at zone, and writes nothing', async () => {
    const h = await harness();
    const refused = await h.apply(ZONE, null, zoneConfig({ zone: 'nope', object_acl_policy: 'deny' }));
    expect(refused.state).toBeNull();
    const error = refused.diagnostics.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ summary: 'Access Zone Not Found', attribute: [{ attribute: 'zone' }] });
    expect(error?.detail).toContain('"nope"');
    expect(sim.model.s3ZoneSettings('System').object_acl_policy).toBe('replace');
  });

  it('refuses values outside the API enums and limits at the attribute', async () => {
    const h = await harness();
    const cases: [TfObject, string][] = [
      [{ object_acl_policy: 'allow' }, 'object_acl_policy'],
      [{ bucket_directory_create_mode: 512 }, 'bucket_directory_create_mode'],
      [{ base_domain: 'bad domain' }, 'base_domain'],
      [{ root_path: '/data/s3' }, 'root_path'],
    ];
    for (const [overrides, attribute] of cases) {
      const problems = await h.validate('resource', ZONE, zoneConfig(overrides));
      expect(problems, attribute).toMatchObject([{ severity: 'error', attribute: [{ attribute }] }]);
    }
  });

  it('drops the settings of a zone removed outside Terraform, and destroys them without error', async () => {
    sim.model.addZone('tenant1');
    const h = await harness();
    const created = await h.apply(ZONE, null, zoneConfig({ object_acl_policy: 'deny' }));
    sim.model.removeZone('tenant1');
    expect((await h.read(ZONE, created.state as TfObject, created.private)).newState).toBeNull();
    expect(await h.destroy(ZONE, created.state as TfObject, created.private)).toEqual([]);
  });

  it('imports by zone name managing nothing, so that destroying an imported resource leaves the settings as they are', async () => {
    sim.model.addZone('tenant1');
    sim.model.s3Settings.modifyZone('tenant1', { object_acl_policy: 'deny' });
    const h = await harness();
    const imported = await h.importAndRead(ZONE, 'tenant1');
    expect(imported.diagnostics).toEqual([]);
    expect(imported.state).toEqual(zoneConfig({ id: 'tenant1' }));
    const adopted = await h.apply(ZONE, imported.state, zoneConfig({ object_acl_policy: 'deny', use_md5_for_etag: true }), imported.private);
    expect(adopted.diagnostics).toEqual([]);
    expect(sim.model.s3ZoneSettings('tenant1').use_md5_for_etag).toBe(true);
    expect(await h.destroy(ZONE, adopted.state as TfObject, adopted.private)).toEqual([]);
    expect(sim.model.s3ZoneSettings('tenant1')).toMatchObject({ object_acl_policy: 'deny', use_md5_for_etag: true });
    expect((await h.importAndRead(ZONE, 'bad/zone')).diagnostics[0]).toMatchObject({ summary: 'Invalid Import ID' });
  });

  it('puts back the old zone and takes over the new one when zone changes', async () => {
    sim.model.addZone('tenant1');
    sim.model.addZone('tenant2');
    const h = await harness();
    const created = await h.apply(ZONE, null, zoneConfig({ object_acl_policy: 'deny' }));
    const moved = await h.apply(ZONE, created.state, zoneConfig({ zone: 'tenant2', object_acl_policy: 'deny' }), created.private);
    expect(moved.requiresReplace).toEqual([[{ attribute: 'zone' }]]);
    expect(sim.model.s3ZoneSettings('tenant1').object_acl_policy).toBe('replace');
    expect(sim.model.s3ZoneSettings('tenant2').object_acl_policy).toBe('deny');
    expect(await h.destroy(ZONE, moved.state as TfObject, moved.private)).toEqual([]);
    expect(sim.model.s3ZoneSettings('tenant2').object_acl_policy).toBe('replace');
  });
});

describe('resource "powerscale_s3_global_settings"', () => {
  it('writes the configured settings, repairs drift, ignores unmanaged changes and restores on destroy', async () => {
    const h = await harness();
    const wanted = globalConfig({ https_only: true, https_port: 9443 });
    const created = await h.apply(GLOBAL, null, wanted);
    expect(created.diagnostics).toMatchObject([{ severity: 'warning', summary: 'Existing S3 Settings Will Be Changed' }]);
    expect(created.diagnostics[0]?.detail).toContain("changes the cluster's S3 service settings (https_only, https_port)");
    expect(created.state).toEqual(globalConfig({ id: 'global', https_only: true, https_port: 9443, restore_on_destroy: '{"https_only":false,"https_port":9021}' }));
    expect(sim.model.s3Settings.global()).toEqual({ service: true, https_only: true, http_port: 9020, https_port: 9443 });
    sim.model.s3Settings.modifyGlobal({ https_only: false, http_port: 8020 });
    const refreshed = await h.read(GLOBAL, created.state as TfObject, created.private);
    expect(refreshed.newState).toEqual(globalConfig({ id: 'global', https_only: false, https_port: 9443, restore_on_destroy: '{"https_only":false,"https_port":9021}' }));
    const repaired = await h.apply(GLOBAL, refreshed.newState, wanted, refreshed.private);
    expect(repaired.diagnostics).toEqual([]);
    expect(sim.model.s3Settings.global()).toMatchObject({ https_only: true, http_port: 8020 });
    expect(await h.destroy(GLOBAL, repaired.state as TfObject, repaired.private)).toEqual([]);
    expect(sim.model.s3Settings.global()).toEqual({ service: true, https_only: false, http_port: 8020, https_port: 9021 });
    expect(h.transcript.join('\n')).not.toContain(CANARY);
  });

  it('refuses ports outside 1024..65535 at the attribute', async () => {
    const h = await harness();
    expect(await h.validate('resource', GLOBAL, globalConfig({ http_port: 80 }))).toMatchObject([{ severity: 'error', attribute: [{ attribute: 'http_port' }] }]);
    expect(await h.validate('resource', GLOBAL, globalConfig({ https_port: 65536 }))).toMatchObject([{ severity: 'error', attribute: [{ attribute: 'https_port' }] }]);
  });

  it('imports only with the id "global", and destroying an imported resource changes nothing', async () => {
    const h = await harness();
    expect((await h.importAndRead(GLOBAL, 'cluster')).diagnostics[0]).toMatchObject({ summary: 'Invalid Import ID' });
    const imported = await h.importAndRead(GLOBAL, 'global');
    expect(imported.state).toEqual(globalConfig({ id: 'global' }));
    const adopted = await h.apply(GLOBAL, imported.state, globalConfig({ service: false }), imported.private);
    expect(sim.model.s3Settings.global().service).toBe(false);
    expect(await h.destroy(GLOBAL, adopted.state as TfObject, adopted.private)).toEqual([]);
    expect(sim.model.s3Settings.global().service).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../../../simulator/testing';
import { createProviderHarness } from '../../testing/harness';
import { s3GlobalSettingsDataSource, s3ZoneSettingsDataSource } from './data-sources';

const CANARY = 's3-s3tt1ngs-d4t4-c4n4ry';
const sim = useOneFsSimulator({ password: CANARY });
const harness = () => createProviderHarness(sim, { dataSources: [s3ZoneSettingsDataSource, s3GlobalSettingsDataSource] }, CANARY);
const empty = { id: null, base_domain: null, bucket_directory_create_mode: null, object_acl_policy: null, root_path: null, use_md5_for_etag: null, validate_content_md5: null };

describe('data "powerscale_s3_zone_settings" and data "powerscale_s3_global_settings"', () => {
  it('reads every current setting of a zone, System by default', async () => {
    sim.model.addZone('tenant1');
    sim.model.s3Settings.modifyZone('tenant1', { object_acl_policy: 'deny' });
    const h = await harness();
    const tenant = await h.readDataSource('powerscale_s3_zone_settings', { ...empty, zone: 'tenant1' });
    expect(tenant.diagnostics).toEqual([]);
    expect(tenant.state).toEqual({ id: 'tenant1', zone: 'tenant1', base_domain: '', bucket_directory_create_mode: 511, object_acl_policy: 'deny', root_path: '/ifs/tenant1', use_md5_for_etag: false, validate_content_md5: false });
    const system = await h.readDataSource('powerscale_s3_zone_settings', { ...empty, zone: null });
    expect(system.state).toMatchObject({ id: 'System', zone: null, root_path: '/ifs', object_acl_policy: 'replace' });
  });

  it('reports a zone that does not exist at zone', async () => {
    const read = await (await harness()).readDataSource('powerscale_s3_zone_settings', { ...empty, zone: 'nope' });
    expect(read.diagnostics[0]).toMatchObject({ severity: 'error', summary: 'Access Zone Not Found', attribute: [{ attribute: 'zone' }] });
  });

  it('reads the cluster-wide settings', async () => {
    const read = await (await harness()).readDataSource('powerscale_s3_global_settings', { id: null, service: null, https_only: null, http_port: null, https_port: null });
    expect(read.state).toEqual({ id: 'global', service: true, https_only: false, http_port: 9020, https_port: 9021 });
    expect(read.diagnostics).toEqual([]);
  });
});

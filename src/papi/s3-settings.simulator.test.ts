import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../simulator/testing';
import { createPapiClient } from './client';
import { getS3GlobalSettings, getS3ZoneSettings, updateS3GlobalSettings, updateS3ZoneSettings } from './s3-settings';
import { pickApiVersion } from './versions';

const sim = useOneFsSimulator();
const papi = () => createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });

describe('S3 settings client', () => {
  it.each([
    ['s3-settings-zone', 10, 10],
    ['s3-settings-zone', 11, 10],
    ['s3-settings-zone', 12, 12],
    ['s3-settings-zone', 21, 12],
    ['s3-settings-global', 16, 10],
    ['s3-settings-global', 9, undefined],
  ] as const)('calls %s at the version x-path-version-history gives for latest %i (%s)', (area, latest, expected) => {
    expect(pickApiVersion(area, latest)).toBe(expected);
  });

  it('reads camelCase settings and sends only the members of a patch, at the version the cluster allows', async () => {
    sim.model.addZone('tenant1');
    sim.onefs.setRelease('9.2');
    const client = papi();
    await updateS3ZoneSettings(client, 'tenant1', { objectAclPolicy: 'deny', useMd5ForEtag: true });
    await updateS3ZoneSettings(client, 'tenant1', {});
    expect(await getS3ZoneSettings(client, 'tenant1')).toEqual({ baseDomain: '', bucketDirectoryCreateMode: 511, objectAclPolicy: 'deny', rootPath: '/ifs/tenant1', useMd5ForEtag: true, validateContentMd5: false });
    await updateS3GlobalSettings(client, { httpsPort: 9443 });
    expect(await getS3GlobalSettings(client)).toEqual({ service: true, httpsOnly: false, httpPort: 9020, httpsPort: 9443 });
    const routes = Object.keys(sim.stats().onefs.routes).filter((r) => r.includes('settings'));
    expect(routes.sort()).toEqual([
      'GET /platform/10/protocols/s3/settings/global',
      'GET /platform/12/protocols/s3/settings/zone',
      'PUT /platform/10/protocols/s3/settings/global',
      'PUT /platform/12/protocols/s3/settings/zone',
    ]);
    expect(sim.stats().onefs.routes['PUT /platform/12/protocols/s3/settings/zone']).toBe(1);
    await client.close();
  });
});

import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator();
const { call, errorsOf } = platformCaller(sim);
const put = (path: string, session: Awaited<ReturnType<typeof sim.login>>, body: unknown) =>
  call(path, session, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('S3 settings routes', () => {
  it('answers each zone its own settings with defaults, and changes only the members a PUT names', async () => {
    sim.model.addZone('tenant1');
    const session = await sim.login();
    const zonePath = '/platform/12/protocols/s3/settings/zone?zone=tenant1';
    expect(await (await call(zonePath, session)).json()).toEqual({
      settings: { base_domain: '', bucket_directory_create_mode: 511, object_acl_policy: 'replace', root_path: '/ifs/tenant1', use_md5_for_etag: false, validate_content_md5: false },
    });
    expect((await put(zonePath, session, { object_acl_policy: 'deny', base_domain: 's3.acme.test' })).status).toBe(204);
    expect(sim.model.s3ZoneSettings('tenant1')).toMatchObject({ object_acl_policy: 'deny', base_domain: 's3.acme.test', bucket_directory_create_mode: 511 });
    const system = (await (await call('/platform/12/protocols/s3/settings/zone', session)).json()) as { settings: { object_acl_policy: string; root_path: string } };
    expect(system.settings).toMatchObject({ object_acl_policy: 'replace', root_path: '/ifs' });
  });

  it('answers 404 for a zone that does not exist, and a removed zone takes its settings with it', async () => {
    sim.model.addZone('tenant1');
    sim.model.s3Settings.modifyZone('tenant1', { object_acl_policy: 'deny' });
    sim.model.removeZone('tenant1');
    const session = await sim.login();
    const missing = await call('/platform/12/protocols/s3/settings/zone?zone=tenant1', session);
    expect(missing.status).toBe(404);
    expect(await errorsOf(missing)).toEqual([{ code: 'AEC_NOT_FOUND', message: 'Access Zone "tenant1" not found.' }]);
    expect((await put('/platform/12/protocols/s3/settings/zone?zone=tenant1', session, { use_md5_for_etag: true })).status).toBe(404);
    sim.model.addZone('tenant1');
    expect(sim.model.s3ZoneSettings('tenant1').object_acl_policy).toBe('replace');
  });

  it('refuses bodies outside the schema: unknown members, wrong types, enums, lengths, patterns and port ranges', async () => {
    const session = await sim.login();
    const zone = '/platform/12/protocols/s3/settings/zone';
    const global = '/platform/10/protocols/s3/settings/global';
    const refused: [string, unknown, string][] = [
      [zone, { object_acl_policy: 'allow' }, 'object_acl_policy'],
      [zone, { bucket_directory_create_mode: 512 }, 'bucket_directory_create_mode'],
      [zone, { use_md5_for_etag: 'yes' }, 'use_md5_for_etag'],
      [zone, { base_domain: 'no spaces.example' }, 'base_domain'],
      [zone, { root_path: '' }, 'root_path'],
      [zone, { colour: 'blue' }, 'colour'],
      [global, { http_port: 80 }, 'http_port'],
      [global, { https_port: 65536 }, 'https_port'],
      [global, { service: 1 }, 'service'],
    ];
    for (const [path, body, field] of refused) {
      const response = await put(path, session, body);
      expect(response.status, field).toBe(400);
      expect(await errorsOf(response), field).toMatchObject([{ code: 'AEC_BAD_REQUEST', field }]);
    }
    expect(sim.model.s3ZoneSettings('System').object_acl_policy).toBe('replace');
    expect(sim.model.s3Settings.global()).toEqual({ http_port: 9020, https_only: false, https_port: 9021, service: true });
  });

  it('serves the global settings at /platform/10 and keeps a PUT until reset', async () => {
    const session = await sim.login();
    expect((await put('/platform/10/protocols/s3/settings/global', session, { https_only: true, https_port: 9443 })).status).toBe(204);
    expect(await (await call('/platform/10/protocols/s3/settings/global', session)).json()).toEqual({ settings: { http_port: 9020, https_only: true, https_port: 9443, service: true } });
    sim.model.reset();
    expect(sim.model.s3Settings.global().https_only).toBe(false);
  });
});

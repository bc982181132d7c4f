/**
 * S3 service settings (OneFS 9.5 API schema): per zone at `/platform/12/protocols/s3/settings/zone`
 * (`?zone=<name>`; `/10` on 9.0-9.1) and for the cluster at `/platform/10/protocols/s3/settings/global`.
 * Both are singletons: GET answers `{"settings": {...}}` with every field, PUT takes any subset
 * (204). Wire JSON stays here: callers get camelCase models and give camelCase patches.
 */
import { BodyReader } from './decode';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** The S3 settings of one access zone (`S3SettingsZoneSettings`). */
export interface S3ZoneSettings {
  /** The S3 base domain (virtual-host-style bucket names); empty when none. */
  readonly baseDomain: string;
  /** The permission mode of new bucket directories, 0..511 (0777). */
  readonly bucketDirectoryCreateMode: number;
  /** The default object ACL policy of new buckets: `replace` or `deny`. */
  readonly objectAclPolicy: string;
  /** The root path of the zone's buckets. */
  readonly rootPath: string;
  readonly useMd5ForEtag: boolean;
  readonly validateContentMd5: boolean;
}

/** The cluster-wide S3 service settings (`S3SettingsGlobalSettings`). */
export interface S3GlobalSettings {
  /** True when the S3 service is enabled. */
  readonly service: boolean;
  /** Accept only HTTPS requests. */
  readonly httpsOnly: boolean;
  /** 1024..65535. */
  readonly httpPort: number;
  /** 1024..65535. */
  readonly httpsPort: number;
}

/** Wire names of the zone settings, model name → snake_case. */
export const ZONE_SETTINGS_WIRE = {
  baseDomain: 'base_domain',
  bucketDirectoryCreateMode: 'bucket_directory_create_mode',
  objectAclPolicy: 'object_acl_policy',
  rootPath: 'root_path',
  useMd5ForEtag: 'use_md5_for_etag',
  validateContentMd5: 'validate_content_md5',
} as const satisfies Record<keyof S3ZoneSettings, string>;

/** Wire names of the global settings, model name → snake_case. */
export const GLOBAL_SETTINGS_WIRE = {
  service: 'service',
  httpsOnly: 'https_only',
  httpPort: 'http_port',
  httpsPort: 'https_port',
} as const satisfies Record<keyof S3GlobalSettings, string>;

async function zoneSettingsPath(papi: PapiApi, signal?: AbortSignal): Promise<string> {
  return `/platform/${await apiVersionOf(papi, 's3-settings-zone', signal)}/protocols/s3/settings/zone`;
}

async function globalSettingsPath(papi: PapiApi, signal?: AbortSignal): Promise<string> {
  return `/platform/${await apiVersionOf(papi, 's3-settings-global', signal)}/protocols/s3/settings/global`;
}

/** Only the given members, in wire names (PUT changes what it names and nothing else). */
function toWire<M extends object>(names: Readonly<Record<keyof M, string>>, patch: Partial<M>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const key of Object.keys(names) as (keyof M)[]) {
    const value = patch[key];
    if (value !== undefined) json[names[key]] = value;
  }
  return json;
}

/** The zone's S3 settings; a missing zone is the cluster's 404 (PapiError). */
export async function getS3ZoneSettings(papi: PapiApi, zone: string, signal?: AbortSignal): Promise<S3ZoneSettings> {
  const path = await zoneSettingsPath(papi, signal);
  const s = BodyReader.of('GET', path, await papi.get(path, { query: { zone }, signal })).object('settings');
  return {
    baseDomain: s.string('base_domain'),
    bucketDirectoryCreateMode: s.int('bucket_directory_create_mode'),
    objectAclPolicy: s.string('object_acl_policy'),
    rootPath: s.string('root_path'),
    useMd5ForEtag: s.bool('use_md5_for_etag'),
    validateContentMd5: s.bool('validate_content_md5'),
  };
}

/** Changes the named members of the zone's S3 settings; an empty patch sends nothing. */
export async function updateS3ZoneSettings(papi: PapiApi, zone: string, patch: Partial<S3ZoneSettings>, signal?: AbortSignal): Promise<void> {
  const json = toWire(ZONE_SETTINGS_WIRE, patch);
  if (Object.keys(json).length === 0) return;
  await papi.put(await zoneSettingsPath(papi, signal), { query: { zone }, json, signal });
}

/** The cluster's S3 service settings. */
export async function getS3GlobalSettings(papi: PapiApi, signal?: AbortSignal): Promise<S3GlobalSettings> {
  const path = await globalSettingsPath(papi, signal);
  const s = BodyReader.of('GET', path, await papi.get(path, { signal })).object('settings');
  return { service: s.bool('service'), httpsOnly: s.bool('https_only'), httpPort: s.int('http_port'), httpsPort: s.int('https_port') };
}

/** Changes the named members of the cluster's S3 service settings; an empty patch sends nothing. */
export async function updateS3GlobalSettings(papi: PapiApi, patch: Partial<S3GlobalSettings>, signal?: AbortSignal): Promise<void> {
  const json = toWire(GLOBAL_SETTINGS_WIRE, patch);
  if (Object.keys(json).length === 0) return;
  await papi.put(await globalSettingsPath(papi, signal), { json, signal });
}

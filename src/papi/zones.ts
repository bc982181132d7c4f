/**
 * Access zones (OneFS 9.5 API schema: `/platform/3/zones`, `/platform/3/zones/{ZoneId}`; the id is
 * the integer `zone_id`, and clusters also answer by name, which Dell's provider uses). The
 * version is the client's choice for the `zones` area (./versions.ts). Wire JSON stays here:
 * callers get camelCase {@link AccessZone} models.
 */
import { BodyReader, PapiDecodeError } from './decode';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** `/platform/<version>/zones`. */
export function zonesPath(version: number): string {
  return `/platform/${version}/zones`;
}

async function zonesPathOf(papi: PapiApi, signal: AbortSignal | undefined): Promise<string> {
  return zonesPath(await apiVersionOf(papi, 'zones', signal));
}

/** A persona with access to /ifs (`AuthAccessAccessItemFileGroup`). */
export interface ZonePersona {
  /** Serialized persona: `UID:0`, `USER:name`, `GID:0`, `GROUP:wheel`, `SID:S-1-1`. */
  readonly id: string | null;
  readonly name: string | null;
  readonly type: string | null;
}

/** One access zone (`ZoneExtended`). */
export interface AccessZone {
  /** The system-assigned id (a string; the zone's name on the clusters observed). */
  readonly id: string;
  /** The integer id (`zone_id`). */
  readonly zoneId: number;
  readonly name: string;
  /** Base directory, under /ifs. */
  readonly path: string;
  readonly groupnet: string | null;
  /** True for the built-in System zone. */
  readonly system: boolean;
  readonly authProviders: string[];
  readonly ifsRestricted: ZonePersona[];
  readonly alternateSystemProvider: string | null;
  readonly systemProvider: string | null;
  readonly cacheEntryExpiry: number | null;
  readonly negativeCacheEntryExpiry: number | null;
  readonly homeDirectoryUmask: number | null;
  readonly skeletonDirectory: string | null;
  readonly netbiosName: string | null;
  readonly mapUntrusted: string | null;
  readonly userMappingRules: string[];
}

function decodeZone(z: BodyReader): AccessZone {
  return {
    id: z.string('id'),
    zoneId: z.int('zone_id'),
    name: z.string('name'),
    path: z.string('path'),
    groupnet: z.optionalString('groupnet'),
    system: z.bool('system'),
    authProviders: z.strings('auth_providers'),
    ifsRestricted: z.objects('ifs_restricted', (p) => ({ id: p.optionalString('id'), name: p.optionalString('name'), type: p.optionalString('type') })),
    alternateSystemProvider: z.optionalString('alternate_system_provider'),
    systemProvider: z.optionalString('system_provider'),
    cacheEntryExpiry: z.optionalInt('cache_entry_expiry'),
    negativeCacheEntryExpiry: z.optionalInt('negative_cache_entry_expiry'),
    homeDirectoryUmask: z.optionalInt('home_directory_umask'),
    skeletonDirectory: z.optionalString('skeleton_directory'),
    netbiosName: z.optionalString('netbios_name'),
    mapUntrusted: z.optionalString('map_untrusted'),
    userMappingRules: z.strings('user_mapping_rules'),
  };
}

/** Every access zone (the list is not paged: clusters hold at most a few dozen zones). */
export async function listZones(papi: PapiApi, signal?: AbortSignal): Promise<AccessZone[]> {
  const path = await zonesPathOf(papi, signal);
  return BodyReader.of('GET', path, await papi.get(path, { signal })).objects('zones', decodeZone);
}

/** One zone by name or integer id; a missing zone is the cluster's 404 (PapiError). */
export async function getZone(papi: PapiApi, nameOrId: string | number, signal?: AbortSignal): Promise<AccessZone> {
  const path = zoneItemPath(await zonesPathOf(papi, signal), nameOrId);
  const zones = BodyReader.of('GET', path, await papi.get(path, { signal })).objects('zones', decodeZone);
  const [zone] = zones;
  if (zone === undefined) throw new PapiDecodeError('GET', path, 'zones', 'a list with one zone');
  return zone;
}

/** What a create may set (`ZoneCreateParams`, the members the provider manages). */
export interface ZoneCreateInput {
  readonly name: string;
  /** Base directory, under /ifs. */
  readonly path: string;
  /** Create the base directory when it does not exist. */
  readonly createPath?: boolean;
  readonly groupnet?: string;
  /** Omitted: the cluster's default (the zone's local provider). */
  readonly authProviders?: readonly string[];
}

/** What a modify may change (`Zone`: no name change here, no groupnet in the schema). */
export interface ZoneUpdateInput {
  readonly path?: string;
  readonly createPath?: boolean;
  readonly authProviders?: readonly string[];
}

function zoneItemPath(zones: string, nameOrId: string | number): string {
  return `${zones}/${encodeURIComponent(String(nameOrId))}`;
}

/** Creates a zone; returns the id the cluster answers (`CreateResponse.id`). 409 when the name is taken. */
export async function createZone(papi: PapiApi, input: ZoneCreateInput, signal?: AbortSignal): Promise<string> {
  const json: Record<string, unknown> = { name: input.name, path: input.path };
  if (input.createPath !== undefined) json.create_path = input.createPath;
  if (input.groupnet !== undefined) json.groupnet = input.groupnet;
  if (input.authProviders !== undefined) json.auth_providers = [...input.authProviders];
  const path = await zonesPathOf(papi, signal);
  return BodyReader.of('POST', path, await papi.post(path, { json, signal })).stringOrNumber('id').toString();
}

/** Modifies a zone by name or integer id; sends only the given members (PUT needs at least one). */
export async function updateZone(papi: PapiApi, nameOrId: string | number, input: ZoneUpdateInput, signal?: AbortSignal): Promise<void> {
  const json: Record<string, unknown> = {};
  if (input.path !== undefined) json.path = input.path;
  if (input.path !== undefined && input.createPath !== undefined) json.create_path = input.createPath;
  if (input.authProviders !== undefined) json.auth_providers = [...input.authProviders];
  if (Object.keys(json).length === 0) return;
  await papi.put(zoneItemPath(await zonesPathOf(papi, signal), nameOrId), { json, signal });
}

/** Deletes a zone by name or integer id; a missing zone is the cluster's 404 (PapiError). */
export async function deleteZone(papi: PapiApi, nameOrId: string | number, signal?: AbortSignal): Promise<void> {
  await papi.delete(zoneItemPath(await zonesPathOf(papi, signal), nameOrId), { signal });
}

/**
 * OneFS API area "zones": the access-zone table, the wire body of one zone and the
 * `/platform/3/zones` routes (list, create, and get/modify/delete by integer `zone_id` as the API
 * schema types `{ZoneId}`, or by name as clusters also answer and Dell's provider uses). Removing a
 * zone also removes its users, groups and keys, and a zone's base path must exist or be created;
 * those cross-area rules live in `OneFsModel`, which composes the areas, so this table knows no
 * other area.
 */
import type { RequestHandler } from 'msw';
import { SYSTEM_ZONE, ZONE_NAME_PATTERN } from '../../onefs/rules';
import type { OneFsContext } from './context';
import { aec, parseJsonObject, zoneNotFound } from './errors';
import { param, resource } from './platform-resource';
import { papiEmpty, papiJson } from './wire';

export interface Zone {
  name: string;
  zoneId: number;
  path: string;
  groupnet: string;
  authProviders: string[];
}

/** What a create or modify may set (already checked by the model). */
export interface ZoneSettings {
  path?: string;
  groupnet?: string;
  authProviders?: readonly string[];
}

/** The local provider OneFS gives every zone, and adds to `auth_providers` when a create or modify leaves it out. */
export function localProviderOf(zone: string): string {
  return `lsa-local-provider:${zone}`;
}

function withLocalProvider(zone: string, providers: readonly string[] | undefined): string[] {
  const local = localProviderOf(zone);
  const list = [...(providers ?? [])];
  return list.includes(local) ? list : [...list, local];
}

/** The access zones. Zone ids count from 1 again after `clear()`. */
export class ZoneTable {
  readonly #zones = new Map<string, Zone>();
  #nextZoneId = 1;

  list(): Zone[] {
    return [...this.#zones.values()];
  }

  /** The zone, or `Access Zone "<name>" not found.` (404). */
  get(name: string): Zone {
    const zone = this.#zones.get(name);
    if (!zone) throw zoneNotFound(name);
    return zone;
  }

  /** The zone named by a path segment: its integer `zone_id` (the schema) or its name. */
  resolve(key: string): Zone {
    const byId = /^\d+$/.test(key) ? this.list().find((z) => z.zoneId === Number(key)) : undefined;
    return byId ?? this.get(key);
  }

  /** Adds a zone (default path `/ifs/<name>`); 409 when it exists, 400 for a bad name. */
  add(name: string, settings: ZoneSettings = {}): Zone {
    if (!ZONE_NAME_PATTERN.test(name)) throw aec('AEC_BAD_REQUEST', `Invalid zone name '${name}'.`, 'name');
    if (this.#zones.has(name)) throw aec('AEC_CONFLICT', `Access Zone "${name}" already exists.`);
    const zone: Zone = {
      name,
      zoneId: this.#nextZoneId++,
      path: settings.path ?? (name === SYSTEM_ZONE ? '/ifs' : `/ifs/${name}`),
      groupnet: settings.groupnet ?? 'groupnet0',
      authProviders: withLocalProvider(name, settings.authProviders),
    };
    this.#zones.set(name, zone);
    return zone;
  }

  /** Changes path or providers (the groupnet cannot change: the modify schema has no `groupnet`). */
  modify(name: string, settings: ZoneSettings): Zone {
    const zone = this.get(name);
    if (settings.path !== undefined) zone.path = settings.path;
    if (settings.authProviders !== undefined) zone.authProviders = withLocalProvider(name, settings.authProviders);
    return zone;
  }

  /** Removes a zone (404 when absent); the System zone cannot be removed. */
  remove(name: string): void {
    this.get(name);
    if (name === SYSTEM_ZONE) throw aec('AEC_BAD_REQUEST', 'The System zone cannot be deleted.');
    this.#zones.delete(name);
  }

  clear(): void {
    this.#zones.clear();
    this.#nextZoneId = 1;
  }
}

/** One zone as `/platform/N/zones` returns it (shape of the zone fixture). */
export function zoneBody(zone: Zone): Record<string, unknown> {
  return {
    alternate_system_provider: 'lsa-file-provider:MinimumRequired',
    auth_providers: [...zone.authProviders],
    cache_entry_expiry: 14400,
    groupnet: zone.groupnet,
    home_directory_umask: 63,
    id: zone.name,
    ifs_restricted: [],
    map_untrusted: '',
    name: zone.name,
    negative_cache_entry_expiry: 60,
    netbios_name: '',
    path: zone.path,
    skeleton_directory: '/usr/share/skel',
    system: zone.name === SYSTEM_ZONE,
    system_provider: 'lsa-file-provider:System',
    user_mapping_rules: [],
    zone_id: zone.zoneId,
  };
}

/** A create or modify body as the model takes it: the members the simulator keeps, type-checked. */
export interface ZoneRequest extends ZoneSettings {
  name?: string;
  createPath: boolean;
}

function field<T>(body: Record<string, unknown>, name: string, ok: (v: unknown) => v is T, expected: string): T | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!ok(value)) throw aec('AEC_BAD_REQUEST', `Field: ${name} expected type ${expected}, got ${JSON.stringify(value)}.`, name);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Reads a `ZoneCreateParams` / `Zone` body; other schema members are accepted and not kept. */
export function parseZoneRequest(text: string): ZoneRequest {
  const body = parseJsonObject(text);
  return {
    name: field(body, 'name', isString, 'string'),
    path: field(body, 'path', isString, 'string'),
    groupnet: field(body, 'groupnet', isString, 'string'),
    authProviders: field(body, 'auth_providers', isStrings, 'array of strings'),
    createPath: field(body, 'create_path', isBool, 'boolean') ?? false,
  };
}

/** The zones area's routes. */
export function zoneRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/zones', 1, {
      GET: () => papiJson(200, { zones: model.listZones().map((z) => model.zoneBody(z)) }),
      POST: async ({ request }) => {
        const zone = model.createZone(parseZoneRequest(await request.text()));
        return papiJson(201, { id: zone.name });
      },
    }),
    resource(ctx, '/zones/:zone', 1, {
      GET: ({ params }) => papiJson(200, { zones: [model.zoneBody(model.resolveZone(param(params, 'zone')))] }),
      PUT: async ({ request, params }) => {
        model.modifyZone(model.resolveZone(param(params, 'zone')).name, parseZoneRequest(await request.text()));
        return papiEmpty(204);
      },
      DELETE: ({ params }) => {
        model.removeZone(model.resolveZone(param(params, 'zone')).name);
        return papiEmpty(204);
      },
    }),
  ];
}

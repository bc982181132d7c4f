/**
 * OneFS API area "zones": the access-zone table, the wire body of one zone and the `/platform/N/zones`
 * routes. Removing a zone also removes its users and keys; that cascade lives in `OneFsModel`,
 * which composes the areas, so this table knows no other area.
 */
import type { RequestHandler } from 'msw';
import { SYSTEM_ZONE, ZONE_NAME_PATTERN } from '../../onefs/rules';
import type { OneFsContext } from './context';
import { aec, zoneNotFound } from './errors';
import { param, resource } from './platform-resource';
import { papiJson } from './wire';

export interface Zone {
  name: string;
  zoneId: number;
  path: string;
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

  /** Adds a zone rooted at `/ifs/<name>`; 409 when it exists, 400 for a bad name. */
  add(name: string): Zone {
    if (!ZONE_NAME_PATTERN.test(name)) throw aec('AEC_BAD_REQUEST', `Invalid zone name '${name}'.`, 'name');
    if (this.#zones.has(name)) throw aec('AEC_CONFLICT', `Access Zone "${name}" already exists.`);
    const zone: Zone = { name, zoneId: this.#nextZoneId++, path: name === SYSTEM_ZONE ? '/ifs' : `/ifs/${name}` };
    this.#zones.set(name, zone);
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
    auth_providers: [`lsa-local-provider:${zone.name}`],
    cache_entry_expiry: 14400,
    groupnet: 'groupnet0',
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

/** The zones area's routes. */
export function zoneRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/zones', 1, {
      GET: () => {
        const zones = model.listZones().map((z) => model.zoneBody(z));
        return papiJson(200, { zones });
      },
    }),
    resource(ctx, '/zones/:zone', 1, {
      // The API schema's ZoneId is the integer zone_id; clusters also answer by name (Dell's provider uses names).
      GET: ({ params }) => {
        const key = param(params, 'zone');
        const byId = /^\d+$/.test(key) ? model.listZones().find((z) => z.zoneId === Number(key)) : undefined;
        return papiJson(200, { zones: [model.zoneBody(byId ?? model.getZone(key))] });
      },
    }),
  ];
}

/**
 * Discovers `powerscale_accesszone` (the type Dell's provider has; active once the provider serves
 * it): every zone in `ctx.zones` but the built-in System zone, which exists on every cluster and
 * cannot be created or deleted, so it is listed as a comment. The import id is the zone's name.
 */
import { listZones } from '../../papi/zones';
import { SYSTEM_ZONE } from '../../onefs/rules';
import type { Discoverer } from './types';

/** The `powerscale_accesszone` discoverer. */
export const accessZoneDiscoverer: Discoverer = {
  type: 'powerscale_accesszone',
  attributes: ['name', 'path'],
  async *discover(ctx) {
    const wanted = new Set(ctx.zones);
    const zones = (await listZones(ctx.papi, ctx.signal)).filter((z) => wanted.has(z.name));
    for (const zone of zones) {
      if (zone.system || zone.name === SYSTEM_ZONE) {
        yield { kind: 'skipped', skipped: { type: 'powerscale_accesszone', name: zone.name, reason: 'the built-in System zone exists on every cluster and cannot be created or deleted' } };
        continue;
      }
      yield { kind: 'object', object: { type: 'powerscale_accesszone', name: zone.name, importId: zone.name, addressParts: [zone.name], attributes: { name: zone.name, path: zone.path } } };
    }
    ctx.progress(`powerscale_accesszone: ${zones.length} zones looked at`);
  },
};

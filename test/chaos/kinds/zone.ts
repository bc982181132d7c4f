/**
 * `powerscale_accesszone` in the chaos world: zones the run creates from its own name pool (none
 * exists before round 1), each on `/ifs/chaos-zones/<name>` made by `create_path`. Changes: add,
 * remove, move to a new path. Outside: the zone deleted on the cluster. Invariants: every zone in
 * state exists on the cluster with the configured path; every zone of the configuration is in
 * state; no name of the pool exists on the cluster unless the configuration holds it.
 */
import { hclString } from '../../helpers/reliability';
import { poolChanges, type ChaosKind } from '../world';

/** The base path of a zone of the run (`version` bumps on a move). */
function zonePath(name: string, version: number): string {
  return version === 0 ? `/ifs/chaos-zones/${name}` : `/ifs/chaos-zones/${name}-v${version}`;
}

export const zoneKind: ChaosKind = {
  name: 'zone',
  usesStore: false,

  changes(world) {
    return poolChanges(world.zonePool, world.zones, {
      add: (name) => {
        world.zones.set(name, { name, version: 0 });
        return `add zone ${name}`;
      },
      remove: (zone) => {
        world.zones.delete(zone.name);
        return `remove zone ${zone.name}`;
      },
      modify: [
        (zone) => {
          zone.version += 1;
          return `move zone ${zone.name} to ${zonePath(zone.name, zone.version)}`;
        },
      ],
    });
  },

  render(world) {
    return [...world.zones.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (z) => `resource "powerscale_accesszone" ${hclString(z.name)} {
  name        = ${hclString(z.name)}
  path        = ${hclString(zonePath(z.name, z.version))}
  create_path = true
}
`,
      )
      .join('\n');
  },

  outside(world) {
    const held = [...world.zones.values()];
    if (held.length === 0) return [];
    return [
      async (rng, { model }) => {
        const zone = rng.pick(held);
        if (!model.listZones().some((z) => z.name === zone.name)) return undefined;
        model.removeZone(zone.name);
        return `delete zone on cluster ${zone.name}`;
      },
    ];
  },

  async check({ world, state, model }) {
    const out: string[] = [];
    const inState = new Set<string>();
    const onCluster = new Map(model.listZones().map((z) => [z.name, z]));
    for (const resource of (state?.resources ?? []).filter((r) => r.type === 'powerscale_accesszone' && r.mode === 'managed')) {
      for (const instance of resource.instances) {
        const name = String((instance.attributes as { name?: unknown }).name ?? '?');
        inState.add(name);
        const found = onCluster.get(name);
        if (found === undefined) {
          out.push(`state holds zone ${name} but the cluster does not`);
          continue;
        }
        const want = world.zones.get(name);
        if (want !== undefined && found.path !== zonePath(name, want.version)) out.push(`zone ${name} on the cluster has path ${found.path}, not ${zonePath(name, want.version)}`);
      }
    }
    for (const name of world.zones.keys()) if (!inState.has(name)) out.push(`the configuration holds zone ${name} but state does not`);
    for (const name of world.zonePool) if (!world.zones.has(name) && onCluster.has(name)) out.push(`zone ${name} exists on the cluster but the configuration does not hold it`);
    return out;
  },
};

/**
 * `powerscale_user_group` in the chaos world: System-zone groups the run creates from its own name
 * pool (none exists before round 1), with members from the key pool's users (which exist from the
 * start). Changes: add, remove, a new member list. Outside: the group deleted on the cluster, a
 * member added to it there. Invariants: every group in state exists on the cluster with exactly
 * the configured members; every group of the configuration is in state; no name of the pool
 * exists on the cluster unless the configuration holds it.
 */
import { hclString } from '../../helpers/reliability';
import type { Rng } from '../rng';
import { poolChanges, type ChaosKind, type World } from '../world';

const ZONE = 'System';

function someMembers(world: World, rng: Rng): string[] {
  return world.pool.filter(() => rng.chance(0.3)).sort();
}

export const groupKind: ChaosKind = {
  name: 'group',
  usesStore: false,

  changes(world) {
    return poolChanges(world.groupPool, world.groups, {
      add: (name, rng) => {
        world.groups.set(name, { name, members: someMembers(world, rng) });
        return `add group ${name}`;
      },
      remove: (group) => {
        world.groups.delete(group.name);
        return `remove group ${group.name}`;
      },
      modify: [
        (group, rng) => {
          group.members = someMembers(world, rng);
          return `members of ${group.name}: ${group.members.length}`;
        },
      ],
    });
  },

  render(world) {
    return [...world.groups.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (g) => `resource "powerscale_user_group" ${hclString(g.name)} {
  name  = ${hclString(g.name)}
  users = [${g.members.map((m) => hclString(m)).join(', ')}]
}
`,
      )
      .join('\n');
  },

  outside(world) {
    const held = [...world.groups.values()];
    if (held.length === 0) return [];
    return [
      async (rng, { model }) => {
        const group = rng.pick(held);
        if (model.findGroup(ZONE, group.name) === undefined) return undefined;
        model.removeGroup(ZONE, group.name);
        return `delete group on cluster ${group.name}`;
      },
      async (rng, { model }) => {
        const group = rng.pick(held);
        if (model.findGroup(ZONE, group.name) === undefined) return undefined;
        const outsider = rng.pick(world.pool);
        model.addGroupMember(ZONE, group.name, outsider);
        return `add member on cluster ${group.name} += ${outsider}`;
      },
    ];
  },

  async check({ world, state, model }) {
    const out: string[] = [];
    const inState = new Set<string>();
    for (const resource of (state?.resources ?? []).filter((r) => r.type === 'powerscale_user_group' && r.mode === 'managed')) {
      for (const instance of resource.instances) {
        const name = String((instance.attributes as { name?: unknown }).name ?? '?');
        inState.add(name);
        if (model.findGroup(ZONE, name) === undefined) {
          out.push(`state holds group ${name} but the cluster does not`);
          continue;
        }
        const want = world.groups.get(name);
        if (want === undefined) continue;
        const members = model.listGroupMembers(ZONE, name).map((u) => u.name).sort();
        if (members.join(',') !== want.members.join(',')) out.push(`group ${name} on the cluster has members [${members.join(', ')}], not [${want.members.join(', ')}]`);
      }
    }
    for (const name of world.groups.keys()) if (!inState.has(name)) out.push(`the configuration holds group ${name} but state does not`);
    for (const name of world.groupPool) if (!world.groups.has(name) && model.findGroup(ZONE, name) !== undefined) out.push(`group ${name} exists on the cluster but the configuration does not hold it`);
    return out;
  },
};

/**
 * Discovers `powerscale_user_group`: the local groups of each zone (paged), as imports of
 * `<zone>/<name>` with a body of `name` and `zone`. `users` is left out, so the adopted resource
 * does not manage membership (the import plans no change and no member is added or removed); the
 * note says how to take it over. The cluster's built-in groups are listed as not manageable.
 */
import { groupNameProblem, SYSTEM_ZONE } from '../../onefs/rules';
import { listGroups } from '../../papi/groups';
import type { Discoverer, HclValue } from './types';

/** Groups every OneFS cluster or zone has (names as OneFS lists them; uncertain for newer releases). */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set(['wheel', 'admin', 'Isilon Users', 'Isilon Admins', 'Guests', 'nobody', 'ftp', 'insightiq', 'remotesupport']);

/** The `powerscale_user_group` discoverer. */
export const userGroupDiscoverer: Discoverer = {
  type: 'powerscale_user_group',
  attributes: ['name', 'zone'],
  async *discover(ctx) {
    for (const zone of ctx.zones) {
      const groups = await listGroups(ctx.papi, zone, ctx.signal ? { signal: ctx.signal } : {});
      for (const group of groups) {
        const name = `${zone}/${group.name}`;
        const problem = BUILT_IN_GROUPS.has(group.name) ? 'a built-in group of the cluster' : groupNameProblem(group.name) === undefined ? undefined : `the group name is not one the provider accepts (${groupNameProblem(group.name)})`;
        if (problem !== undefined) {
          yield { kind: 'skipped', skipped: { type: 'powerscale_user_group', name, reason: problem } };
          continue;
        }
        yield {
          kind: 'object',
          object: {
            type: 'powerscale_user_group',
            name,
            importId: name,
            addressParts: [zone, group.name],
            attributes: (zone === SYSTEM_ZONE ? { name: group.name } : { name: group.name, zone }) as Record<string, HclValue>,
            notes: ['Membership is not managed: add users = [...] to have Terraform keep exactly those members.'],
          },
        };
      }
      ctx.progress(`powerscale_user_group: zone ${zone}: ${groups.length} groups looked at`);
    }
  },
};

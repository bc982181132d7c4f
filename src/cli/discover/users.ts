/**
 * Discovers `powerscale_user`: the local users of each zone (paged), as imports of `<zone>/<name>`
 * with a body of `name` and `zone` only. No password settings: a body without
 * password_secret_name, password_triggers or password_wo plans no password at all, so adopting a
 * user never resets the password its owner uses (issue 21); its settings stay as the cluster has
 * them (optional and computed, so the import plans no change). Users of other providers (files,
 * LDAP, AD) and the cluster's built-in accounts are listed as not manageable.
 */
import { SYSTEM_ZONE, userNameProblem } from '../../onefs/rules';
import { userPages, type OneFsUser } from '../../papi/users';
import type { DiscoverContext, Discoverer, Discovery } from './types';

/**
 * Accounts every OneFS zone or cluster has: deleting one breaks the cluster or its services, so
 * none is offered for import. The names as OneFS lists them (onefs-papi.md; uncertain for newer
 * releases, which may add service accounts: those show as ordinary users).
 */
export const BUILT_IN_USERS: ReadonlySet<string> = new Set(['root', 'admin', 'nobody', 'Guest', 'guest', 'compadmin', 'ftp', 'insightiq', 'remotesupport', 'www']);

/** Why the provider cannot manage `user`, or undefined. */
function notManageable(user: OneFsUser): string | undefined {
  if (BUILT_IN_USERS.has(user.name)) return 'a built-in account of the cluster';
  if (user.provider !== null && !user.provider.startsWith('lsa-local-provider:')) return `a user of ${user.provider}, not of the zone's local provider`;
  const problem = userNameProblem(user.name);
  return problem === undefined ? undefined : `the user name is not one the provider accepts (${problem})`;
}

function discovery(zone: string, user: OneFsUser): Discovery {
  const name = `${zone}/${user.name}`;
  const reason = notManageable(user);
  if (reason !== undefined) return { kind: 'skipped', skipped: { type: 'powerscale_user', name, reason } };
  return {
    kind: 'object',
    object: {
      type: 'powerscale_user',
      name,
      importId: name,
      addressParts: [zone, user.name],
      attributes: zone === SYSTEM_ZONE ? { name: user.name } : { name: user.name, zone },
      notes: ['No password settings: the import keeps the current password (add password_triggers to have Terraform mint and store one).'],
    },
  };
}

async function* discoverZone(ctx: DiscoverContext, zone: string): AsyncGenerator<Discovery> {
  let users = 0;
  for await (const page of userPages(ctx.papi, zone, { signal: ctx.signal })) {
    users += page.length;
    for (const user of page) yield discovery(zone, user);
    ctx.progress(`powerscale_user: zone ${zone}: ${users} users looked at`);
  }
}

/** The `powerscale_user` discoverer. */
export const userDiscoverer: Discoverer = {
  type: 'powerscale_user',
  attributes: ['name', 'zone'],
  async *discover(ctx) {
    for (const zone of ctx.zones) yield* discoverZone(ctx, zone);
  },
};

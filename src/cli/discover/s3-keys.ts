/**
 * Discovers `powerscale_s3_key`: PAPI lists no keys, so every user of each zone is listed (paged)
 * and its key looked up (`GET .../s3/keys/<user>`, which never returns a secret), a few at a time.
 * A user with a key becomes an import of `<zone>/<user>` with a body of `user` and `zone`; a user
 * without one is nothing to adopt. With a secret store, each key says whether the store holds a
 * secret under the default `secret_name` (existence only: the value is never read), i.e. whether
 * the first apply mints (an adoption, with its grace window) or only imports.
 */
import { lookupS3Key } from '../../papi/s3-keys';
import { userPages } from '../../papi/users';
import { SYSTEM_ZONE, userNameProblem } from '../../onefs/rules';
import { defaultSecretName } from '../../provider/resources/s3-key/naming';
import { DEFAULT_ADOPTION_EXPIRY_MINUTES } from '../../provider/resources/s3-key/rotation';
import type { DiscoverContext, Discoverer, Discovery } from './types';

/** Key lookups in flight at once: enough to hide latency, few enough to stay a polite client. */
const LOOKUP_CONCURRENCY = 8;

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of `items` in the result. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function storeNote(ctx: DiscoverContext, secretName: string): Promise<string[]> {
  if (ctx.secrets === undefined) return [];
  if (await ctx.secrets.exists(secretName, ctx.signal)) {
    return [`The store holds a secret under ${JSON.stringify(secretName)}: if it is this key's, the import mints nothing.`];
  }
  return [
    `The store has no secret under ${JSON.stringify(secretName)}: the first apply rotates the key (an adoption); the current secret`,
    `stays valid for ${DEFAULT_ADOPTION_EXPIRY_MINUTES} minutes counted from the apply (adoption_expiry_minutes), so its holders must switch to the store.`,
  ];
}

async function* discoverZone(ctx: DiscoverContext, zone: string): AsyncGenerator<Discovery> {
  let users = 0;
  let keys = 0;
  for await (const page of userPages(ctx.papi, zone, { signal: ctx.signal })) {
    users += page.length;
    const found = await mapLimited(page.map((u) => u.name), LOOKUP_CONCURRENCY, async (user): Promise<Discovery | undefined> => {
      const problem = userNameProblem(user);
      if (problem !== undefined) return { kind: 'skipped', skipped: { type: 'powerscale_s3_key', name: `${zone}/${user}`, reason: `the user name is not one the provider accepts (${problem})` } };
      const lookup = await lookupS3Key(ctx.papi, zone, user, ctx.signal);
      if (lookup.kind !== 'key') return undefined;
      const secretName = defaultSecretName(zone, user);
      return {
        kind: 'object',
        object: {
          type: 'powerscale_s3_key',
          name: `${zone}/${user}`,
          importId: `${zone}/${user}`,
          addressParts: [zone, user],
          attributes: zone === SYSTEM_ZONE ? { user } : { user, zone },
          notes: [`Access id ${lookup.key.accessId}.`, ...(await storeNote(ctx, secretName))],
        },
      };
    });
    for (const d of found) {
      if (d === undefined) continue;
      if (d.kind === 'object') keys++;
      yield d;
    }
    ctx.progress(`powerscale_s3_key: zone ${zone}: ${users} users looked at, ${keys} keys found`);
  }
}

/** The `powerscale_s3_key` discoverer. */
export const s3KeyDiscoverer: Discoverer = {
  type: 'powerscale_s3_key',
  attributes: ['user', 'zone'],
  async *discover(ctx) {
    for (const zone of ctx.zones) yield* discoverZone(ctx, zone);
  },
};

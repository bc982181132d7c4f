/**
 * Properties of discovery over arbitrary clusters (zones, users with odd names, some with keys,
 * user lists paged at any size and in any order): every key is offered exactly once under a valid,
 * unique address; the text does not depend on the order the cluster lists users in; and
 * discover → apply (every offered import in the state) → discover again offers no new import.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { userNameProblem } from '../../onefs/rules';
import type { PapiApi, PapiRequestOptions } from '../../papi/types';
import { renderHcl } from './hcl';
import { s3KeyDiscoverer } from './s3-keys';
import { accessZoneDiscoverer } from './accesszones';
import { runDiscovery } from './run';
import { decodeManaged } from './state';
import { BUILT_IN_USERS, userDiscoverer } from './users';

interface Cluster {
  zones: string[];
  users: { zone: string; name: string; key: boolean }[];
  pageSize: number;
}

const KEYS_PREFIX = '/platform/10/protocols/s3/keys/';

/** A read-only cluster answering the three lists discovery uses, paging users by `pageSize`. */
function fakePapi(c: Cluster): PapiApi {
  const reject = () => Promise.reject(new Error('read-only'));
  return {
    async get<T>(path: string, options?: PapiRequestOptions): Promise<T> {
      const q = options?.query ?? {};
      if (path === '/platform/3/zones') {
        return { zones: c.zones.map((z, i) => ({ id: z, zone_id: i + 1, name: z, path: z === 'System' ? '/ifs' : `/ifs/${z}`, system: z === 'System' })) } as T;
      }
      if (path === '/platform/1/auth/users') {
        const cursor = typeof q.resume === 'string' ? (JSON.parse(q.resume) as { zone: string; offset: number }) : { zone: String(q.zone), offset: 0 };
        const all = c.users.filter((u) => u.zone === cursor.zone);
        const end = cursor.offset + c.pageSize;
        const body: Record<string, unknown> = { users: all.slice(cursor.offset, end).map((u) => ({ name: u.name, enabled: true, expired: false, locked: false, password_expires: true, password_expired: false, prompt_password_change: false })) };
        if (end < all.length) body.resume = JSON.stringify({ zone: cursor.zone, offset: end });
        return body as T;
      }
      if (path.startsWith(KEYS_PREFIX)) {
        const name = decodeURIComponent(path.slice(KEYS_PREFIX.length));
        const user = c.users.find((u) => u.zone === q.zone && u.name === name);
        return { keys: user?.key ? { access_id: `1_${name}_accid`, secret_key_timestamp: 1795000000, old_key_expiry: null } : {} } as T;
      }
      throw new Error(`unexpected GET ${path}`);
    },
    post: reject,
    put: reject,
    delete: reject,
    close: () => Promise.resolve(),
  };
}

const zoneName = fc.constantFrom('System', 'tenant-a', 'tenant_a', 'Z.9');
const userName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/),
  fc.string({ unit: fc.constantFrom('a', 'B', '_', '-', '.', '$', 'é', '😀', ' ', '"', '$', '{', '\u202e'), minLength: 1, maxLength: 6 }),
);
const cluster: fc.Arbitrary<Cluster> = fc
  .record({
    extraZones: fc.uniqueArray(zoneName.filter((z) => z !== 'System'), { maxLength: 3 }),
    users: fc.uniqueArray(fc.record({ zone: zoneName, name: userName, key: fc.boolean() }), { maxLength: 30, selector: (u) => `${u.zone}\0${u.name}` }),
    pageSize: fc.integer({ min: 1, max: 7 }),
  })
  .map(({ extraZones, users, pageSize }) => {
    const zones = ['System', ...extraZones];
    return { zones, users: users.filter((u) => zones.includes(u.zone)), pageSize };
  });

async function discover(c: Cluster, managed?: ReturnType<typeof decodeManaged>) {
  return runDiscovery({ papi: fakePapi(c), secrets: undefined, discoverers: [accessZoneDiscoverer, userDiscoverer, s3KeyDiscoverer], zones: [], includes: [], excludes: [], progress: () => undefined, ...(managed ? { managed } : {}) });
}

describe('discovery over arbitrary clusters', () => {
  it('offers every key and user once under a unique valid address, in text independent of listing order; after an apply it offers nothing new', async () => {
    await fc.assert(
      fc.asyncProperty(cluster, fc.integer(), async (c, seed) => {
        const first = await discover(c);
        const keys = first.objects.filter((o) => o.object.type === 'powerscale_s3_key');
        const expected = c.users.filter((u) => u.key && userNameProblem(u.name) === undefined).map((u) => `${u.zone}/${u.name}`);
        expect(keys.map((o) => o.object.importId).sort()).toEqual(expected.sort());
        // Every local user with a name the provider takes, key or not, once.
        const users = first.objects.filter((o) => o.object.type === 'powerscale_user').map((o) => o.object.importId);
        expect(users.sort()).toEqual(c.users.filter((u) => userNameProblem(u.name) === undefined && !BUILT_IN_USERS.has(u.name)).map((u) => `${u.zone}/${u.name}`).sort());
        const addresses = first.objects.map((o) => `${o.object.type}.${o.name}`);
        expect(new Set(addresses).size).toBe(addresses.length);
        for (const o of first.objects) expect(o.name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);

        // The same cluster listing its users in another order writes the same file.
        const shuffled = [...c.users].sort((a, b) => ((a.name.length * 31 + seed) % 7) - ((b.name.length * 31 + seed) % 7));
        expect(renderHcl(await discover({ ...c, users: shuffled }))).toBe(renderHcl(first));

        // "Apply": every offered import is now a resource in state with the import id as its id.
        const state = { format_version: '1.0', values: { root_module: { resources: first.objects.map((o) => ({ mode: 'managed', type: o.object.type, values: { id: o.object.importId } })) } } };
        const second = await discover(c, decodeManaged(state));
        expect(second.objects).toEqual([]);
        expect(second.alreadyManaged).toBe(first.objects.length);
      }),
      { numRuns: 60 },
    );
  });
});

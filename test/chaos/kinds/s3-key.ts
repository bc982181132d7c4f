/**
 * `powerscale_s3_key` in the chaos world: keys for the pre-created pool users. Changes: add,
 * remove, rotate, rename the secret, change the window. Outside: a key rotated or deleted on the
 * cluster, its secret deleted or corrupted in the store. Invariants: every key in state exists on
 * the cluster with the access id state records; every key of the configuration has a stored
 * secret that authenticates; no pool user the configuration does not hold has a key.
 */
import { hclString } from '../../helpers/reliability';
import type { ChaosKind, DesiredKey } from '../world';

/** The secret name a key's document lives under. */
export function secretNameOf(key: DesiredKey): string {
  return key.secretName ?? `powerscale-s3-System-${key.user}`;
}

export const s3KeyKind: ChaosKind = {
  name: 's3_key',
  usesStore: true,

  changes(world) {
    const free = world.pool.filter((u) => !world.keys.has(u));
    const held = [...world.keys.values()];
    return [
      // Grow towards half the pool first, so later rounds have keys to rotate, rename and lose.
      ...(free.length > 0
        ? [
            {
              weight: held.length < world.pool.length / 2 ? 4 : 1,
              apply: (rng) => {
                const user = rng.pick(free);
                world.keys.set(user, { user, secretName: undefined, trigger: 0, expiryMinutes: rng.pick([0, 0, 5, 60]) });
                return `add ${user}`;
              },
            } satisfies ReturnType<ChaosKind['changes']>[number],
          ]
        : []),
      ...(held.length > 1
        ? [
            {
              weight: 1,
              apply: (rng) => {
                const key = rng.pick(held);
                world.keys.delete(key.user);
                return `remove ${key.user}`;
              },
            } satisfies ReturnType<ChaosKind['changes']>[number],
          ]
        : []),
      ...(held.length > 0
        ? ([
            {
              weight: 1,
              apply: (rng) => {
                const key = rng.pick(held);
                key.trigger += 1;
                return `rotate ${key.user}`;
              },
            },
            {
              weight: 1,
              apply: (rng) => {
                const key = rng.pick(held);
                world.renames += 1;
                key.secretName = key.secretName === undefined || rng.chance(0.5) ? `chaos-secret-${key.user}-${world.renames}` : undefined;
                return `rename ${key.user} -> ${secretNameOf(key)}`;
              },
            },
            {
              weight: 1,
              apply: (rng) => {
                const key = rng.pick(held);
                key.expiryMinutes = rng.pick([0, 5, 60, 1440].filter((m) => m !== key.expiryMinutes));
                return `expiry ${key.user}=${key.expiryMinutes}`;
              },
            },
          ] satisfies ReturnType<ChaosKind['changes']>)
        : []),
    ];
  },

  render(world) {
    return [...world.keys.values()]
      .sort((a, b) => a.user.localeCompare(b.user))
      .map(
        (k) => `resource "powerscale_s3_key" ${hclString(k.user)} {
  user                        = ${hclString(k.user)}
  existing_key_expiry_minutes = ${k.expiryMinutes}
  rotation_triggers           = { n = "${k.trigger}" }
${k.secretName === undefined ? '' : `  secret_name                 = ${hclString(k.secretName)}\n`}}
`,
      )
      .join('\n');
  },

  outside(world) {
    const held = [...world.keys.values()];
    if (held.length === 0) return [];
    return [
      async (rng, { model, clock }) => {
        const key = rng.pick(held);
        if (model.getKey('System', key.user) === undefined) return undefined;
        clock.advance(2_000);
        model.createKey('System', key.user, { force: true, existingKeyExpiryMinutes: rng.pick([0, 10]) });
        return `rotate on cluster ${key.user}`;
      },
      async (rng, { model }) => {
        const key = rng.pick(held);
        model.deleteKey('System', key.user);
        return `delete on cluster ${key.user}`;
      },
      async (rng, { store }) => {
        const key = rng.pick(held);
        await store.delete(secretNameOf(key));
        return `delete secret ${key.user}`;
      },
      async (rng, { store }) => {
        const key = rng.pick(held);
        await store.createOrUpdate(secretNameOf(key), rng.pick(['{"access_id":', 'garbage', '{"access_id":"1_nobody_accid","secret_key":"x"}']));
        return `corrupt secret ${key.user}`;
      },
    ];
  },

  async check({ world, state, model, store, seen }) {
    const out: string[] = [];
    const stateUsers = new Set<string>();
    for (const resource of (state?.resources ?? []).filter((r) => r.type === 'powerscale_s3_key' && r.mode === 'managed')) {
      for (const instance of resource.instances) {
        const attrs = instance.attributes as { user?: string; access_id?: string };
        const user = attrs.user ?? '?';
        stateUsers.add(user);
        const onCluster = model.getKey('System', user);
        if (onCluster === undefined) out.push(`state holds ${resource.name} (${user}) but the cluster has no key for it`);
        else if (attrs.access_id !== onCluster.access_id) out.push(`state records access id ${attrs.access_id} for ${user}, the cluster ${onCluster.access_id}`);
      }
    }
    for (const key of world.keys.values()) {
      if (!stateUsers.has(key.user)) out.push(`the configuration holds ${key.user} but state does not`);
      const value = await store.get(secretNameOf(key));
      if (value === undefined) {
        out.push(`no stored secret for ${key.user} under ${secretNameOf(key)}`);
        continue;
      }
      let doc: { access_id?: unknown; secret_key?: unknown } = {};
      try {
        doc = JSON.parse(value) as typeof doc;
      } catch {
        // reported below
      }
      if (typeof doc.access_id !== 'string' || typeof doc.secret_key !== 'string') {
        out.push(`the stored secret of ${key.user} is not a key document`);
        continue;
      }
      seen(`stored secret of ${key.user}`, doc.secret_key);
      if (!model.s3Keys.authenticate(doc.access_id, doc.secret_key, model.nowSeconds())) out.push(`the stored secret of ${key.user} does not authenticate`);
    }
    for (const user of world.pool) {
      if (!world.keys.has(user) && model.getKey('System', user) !== undefined) out.push(`${user} has a key on the cluster that the configuration does not hold`);
    }
    return out;
  },
};


/**
 * `powerscale_user` with a minted password in the chaos world: users the run creates from its own
 * name pool (none exists before round 1). Changes: add, remove, a new password (password_triggers),
 * rename the password's secret. Outside: the user deleted on the cluster, its password reset on
 * the cluster, its password secret deleted or corrupted in the store. Invariants: every user in
 * state exists on the cluster; every user of the configuration has a stored password document
 * whose password authenticates (the simulator's `/users/authenticate` check); no name of the pool
 * exists on the cluster unless the configuration holds it (the run created them all).
 */
import { hclString } from '../../helpers/reliability';
import type { Change, ChaosKind, DesiredUser } from '../world';

/** The secret name a user's password document lives under. */
export function passwordSecretNameOf(user: DesiredUser): string {
  return user.secretName ?? `powerscale-user-System-${user.name}`;
}

export const userKind: ChaosKind = {
  name: 'user',
  usesStore: true,

  changes(world) {
    const free = world.userPool.filter((u) => !world.users.has(u));
    const held = [...world.users.values()];
    const out: Change[] = [];
    if (free.length > 0) {
      out.push({
        weight: held.length < world.userPool.length / 3 ? 3 : 1,
        apply: (rng) => {
          const name = rng.pick(free);
          world.users.set(name, { name, secretName: rng.chance(0.3) ? `chaos-password-${name}` : undefined, trigger: 0 });
          return `add user ${name}`;
        },
      });
    }
    if (held.length > 0) {
      out.push(
        {
          weight: 1,
          apply: (rng) => {
            const user = rng.pick(held);
            world.users.delete(user.name);
            return `remove user ${user.name}`;
          },
        },
        {
          weight: 1,
          apply: (rng) => {
            const user = rng.pick(held);
            user.trigger += 1;
            return `new password ${user.name}`;
          },
        },
        {
          weight: 1,
          apply: (rng) => {
            const user = rng.pick(held);
            world.renames += 1;
            user.secretName = user.secretName === undefined || rng.chance(0.5) ? `chaos-password-${user.name}-${world.renames}` : undefined;
            return `rename password ${user.name} -> ${passwordSecretNameOf(user)}`;
          },
        },
      );
    }
    return out;
  },

  render(world) {
    return [...world.users.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (u) => `resource "powerscale_user" ${hclString(u.name)} {
  name              = ${hclString(u.name)}
  password_triggers = { n = "${u.trigger}" }
${u.secretName === undefined ? '' : `  password_secret_name = ${hclString(u.secretName)}\n`}}
`,
      )
      .join('\n');
  },

  outside(world) {
    const held = [...world.users.values()];
    if (held.length === 0) return [];
    return [
      async (rng, { model }) => {
        const user = rng.pick(held);
        if (model.findUser('System', user.name) === undefined) return undefined;
        model.removeUser('System', user.name);
        return `delete user on cluster ${user.name}`;
      },
      async (rng, { model, clock }) => {
        const user = rng.pick(held);
        const found = model.findUser('System', user.name);
        if (found === undefined) return undefined;
        clock.advance(2_000);
        model.updateUser(found, { password: `reset-by-hand-${rng.int(1000, 9999)}` }, false);
        return `reset password on cluster ${user.name}`;
      },
      async (rng, { store }) => {
        const user = rng.pick(held);
        await store.delete(passwordSecretNameOf(user));
        return `delete password secret ${user.name}`;
      },
      async (rng, { model, store }) => {
        const user = rng.pick(held);
        // A configured name of a user not created yet is not the provider's: whatever is there may
        // be another tool's secret, and the create rightly refuses it (docs/reliability.md, finding 4).
        if (user.secretName !== undefined && model.findUser('System', user.name) === undefined) return undefined;
        await store.createOrUpdate(passwordSecretNameOf(user), rng.pick(['{"zone":', 'garbage', `{"zone":"System","username":"${user.name}","password":"not-it"}`]));
        return `corrupt password secret ${user.name}`;
      },
    ];
  },

  async check({ world, state, model, store, seen }) {
    const out: string[] = [];
    const inState = new Set<string>();
    for (const resource of (state?.resources ?? []).filter((r) => r.type === 'powerscale_user' && r.mode === 'managed')) {
      for (const instance of resource.instances) {
        const name = String((instance.attributes as { name?: unknown }).name ?? '?');
        inState.add(name);
        if (model.findUser('System', name) === undefined) out.push(`state holds user ${name} but the cluster does not`);
      }
    }
    for (const user of world.users.values()) {
      if (!inState.has(user.name)) out.push(`the configuration holds user ${user.name} but state does not`);
      const value = await store.get(passwordSecretNameOf(user));
      if (value === undefined) {
        out.push(`no stored password for ${user.name} under ${passwordSecretNameOf(user)}`);
        continue;
      }
      let doc: { password?: unknown } = {};
      try {
        doc = JSON.parse(value) as typeof doc;
      } catch {
        // reported below
      }
      if (typeof doc.password !== 'string') {
        out.push(`the stored password of ${user.name} is not a password document`);
        continue;
      }
      seen(`stored password of ${user.name}`, doc.password);
      if (!model.authenticateUser('System', user.name, doc.password)) out.push(`the stored password of ${user.name} does not authenticate`);
    }
    for (const name of world.userPool) {
      if (!world.users.has(name) && model.findUser('System', name) !== undefined) out.push(`user ${name} exists on the cluster but the configuration does not hold it`);
    }
    return out;
  },
};

/**
 * `powerscale_quota` in the chaos world: directory quotas on directories the run makes before
 * round 1 (`/ifs/chaos-quotas/qNN`, no quota on them then). Changes: add, remove, a new hard
 * threshold, the advisory threshold set or cleared. Outside: the quota deleted on the cluster, its
 * thresholds changed there. Invariants: every quota in state exists on the cluster (under the id
 * state records) with the configured thresholds; every quota of the configuration is in state; no
 * directory of the pool has a quota unless the configuration holds one.
 */
import { poolChanges, type ChaosKind, type DesiredQuota } from '../world';

const GIB = 1024 ** 3;

function thresholdsOf(q: DesiredQuota): string {
  return q.advisory === null ? `{ hard = ${q.hard} }` : `{ hard = ${q.hard}, advisory = ${q.advisory} }`;
}

export const quotaKind: ChaosKind = {
  name: 'quota',
  usesStore: false,

  prepare(world, { model }) {
    for (const path of world.quotaPool) model.directories.make(path);
  },

  changes(world) {
    return poolChanges(world.quotaPool, world.quotas, {
      add: (path, rng) => {
        const hard = rng.int(1, 50) * GIB;
        world.quotas.set(path, { path, hard, advisory: rng.chance(0.5) ? hard / 2 : null });
        return `add quota ${path}`;
      },
      remove: (quota) => {
        world.quotas.delete(quota.path);
        return `remove quota ${quota.path}`;
      },
      modify: [
        (quota, rng) => {
          quota.hard = rng.int(1, 50) * GIB;
          quota.advisory = rng.chance(0.5) ? quota.hard / 2 : null;
          return `thresholds ${quota.path}=${quota.hard / GIB}G${quota.advisory === null ? '' : '+advisory'}`;
        },
      ],
    });
  },

  render(world) {
    return [...world.quotas.values()]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map(
        (q) => `resource "powerscale_quota" "${resourceName(q.path)}" {
  path       = "${q.path}"
  type       = "directory"
  thresholds = ${thresholdsOf(q)}
}
`,
      )
      .join('\n');
  },

  outside(world) {
    const held = [...world.quotas.values()];
    if (held.length === 0) return [];
    return [
      async (rng, { model }) => {
        const quota = rng.pick(held);
        const found = model.quotas.list().find((q) => q.path === quota.path && q.type === 'directory');
        if (found === undefined) return undefined;
        model.quotas.remove(found.id);
        return `delete quota on cluster ${quota.path}`;
      },
      async (rng, { model }) => {
        const quota = rng.pick(held);
        const found = model.quotas.list().find((q) => q.path === quota.path && q.type === 'directory');
        if (found === undefined) return undefined;
        model.quotas.modify(found.id, { thresholds: { hard: (found.thresholds.hard ?? GIB) * 2, advisory: null }, empty: false });
        return `change quota thresholds on cluster ${quota.path}`;
      },
    ];
  },

  async check({ world, state, model }) {
    const out: string[] = [];
    const inState = new Set<string>();
    for (const resource of (state?.resources ?? []).filter((r) => r.type === 'powerscale_quota' && r.mode === 'managed')) {
      for (const instance of resource.instances) {
        const { id, path } = instance.attributes as { id?: unknown; path?: unknown };
        inState.add(String(path));
        const found = model.quotas.list().find((q) => q.id === id);
        if (found === undefined) {
          out.push(`state holds quota ${String(id)} (${String(path)}) but the cluster does not`);
          continue;
        }
        const want = world.quotas.get(String(path));
        if (want === undefined) continue;
        const t = found.thresholds;
        if (found.path !== want.path || t.hard !== want.hard || t.advisory !== want.advisory || t.soft !== null) {
          out.push(`quota ${want.path} on the cluster has path ${found.path}, hard ${t.hard}, advisory ${t.advisory}, soft ${t.soft}, not hard ${want.hard}, advisory ${want.advisory}`);
        }
      }
    }
    for (const path of world.quotas.keys()) if (!inState.has(path)) out.push(`the configuration holds quota ${path} but state does not`);
    for (const q of model.quotas.list()) {
      if (world.quotaPool.includes(q.path) && !world.quotas.has(q.path)) out.push(`quota ${q.id} on ${q.path} exists on the cluster but the configuration does not hold it`);
    }
    const perPath = new Map<string, number>();
    for (const q of model.quotas.list()) perPath.set(q.path, (perPath.get(q.path) ?? 0) + 1);
    for (const [path, n] of perPath) if (n > 1 && world.quotaPool.includes(path)) out.push(`${n} quotas on ${path}`);
    return out;
  },
};

/** The HCL resource name of the quota on `path` (`/ifs/chaos-quotas/q03` → `q03`). */
function resourceName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}


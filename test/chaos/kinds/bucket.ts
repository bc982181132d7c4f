/**
 * `powerscale_s3_bucket` in the chaos world: buckets the run creates from its own name pool (none
 * exists before round 1), each in `/ifs/chaos-buckets/<name>` made by `create_path`. Changes: add,
 * remove, a new description, the other object ACL policy. Outside: the bucket deleted on the
 * cluster, its description or object ACL policy changed there. Invariants: every bucket in state
 * exists on the cluster with the configured path, description and policy; every bucket of the
 * configuration is in state; no name of the pool exists on the cluster unless the configuration
 * holds it (the run created them all).
 */
import { hclString } from '../../helpers/reliability';
import { poolChanges, type ChaosKind } from '../world';

const ZONE = 'System';

/** The directory a bucket of the run lives in. */
export function bucketPathOf(name: string): string {
  return `/ifs/chaos-buckets/${name}`;
}

export const bucketKind: ChaosKind = {
  name: 'bucket',
  usesStore: false,

  changes(world) {
    return poolChanges(world.bucketPool, world.buckets, {
      add: (name, rng) => {
        world.buckets.set(name, { name, description: `chaos ${name}`, objectAclPolicy: rng.pick(['replace', 'deny']) });
        return `add bucket ${name}`;
      },
      remove: (bucket) => {
        world.buckets.delete(bucket.name);
        return `remove bucket ${bucket.name}`;
      },
      modify: [
        (bucket, rng) => {
          bucket.description = `chaos ${bucket.name} v${rng.int(1, 999)}`;
          bucket.objectAclPolicy = rng.chance(0.5) ? bucket.objectAclPolicy : bucket.objectAclPolicy === 'deny' ? 'replace' : 'deny';
          return `modify bucket ${bucket.name}`;
        },
      ],
    });
  },

  render(world) {
    return [...world.buckets.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (b) => `resource "powerscale_s3_bucket" ${hclString(b.name)} {
  name              = ${hclString(b.name)}
  path              = ${hclString(bucketPathOf(b.name))}
  create_path       = true
  description       = ${hclString(b.description)}
  object_acl_policy = ${hclString(b.objectAclPolicy)}
}
`,
      )
      .join('\n');
  },

  outside(world) {
    const held = [...world.buckets.values()];
    if (held.length === 0) return [];
    return [
      async (rng, { model }) => {
        const bucket = rng.pick(held);
        if (model.findBucket(ZONE, bucket.name) === undefined) return undefined;
        model.deleteBucket(ZONE, bucket.name);
        return `delete bucket on cluster ${bucket.name}`;
      },
      async (rng, { model }) => {
        const bucket = rng.pick(held);
        if (model.findBucket(ZONE, bucket.name) === undefined) return undefined;
        model.modifyBucket(ZONE, bucket.name, { createPath: false, description: 'changed by hand', objectAclPolicy: bucket.objectAclPolicy === 'deny' ? 'replace' : 'deny' });
        return `modify bucket on cluster ${bucket.name}`;
      },
    ];
  },

  async check({ world, state, model }) {
    const out: string[] = [];
    const inState = new Set<string>();
    for (const resource of (state?.resources ?? []).filter((r) => r.type === 'powerscale_s3_bucket' && r.mode === 'managed')) {
      for (const instance of resource.instances) {
        const name = String((instance.attributes as { name?: unknown }).name ?? '?');
        inState.add(name);
        const found = model.findBucket(ZONE, name);
        if (found === undefined) {
          out.push(`state holds bucket ${name} but the cluster does not`);
          continue;
        }
        const want = world.buckets.get(name);
        if (want === undefined) continue;
        const wrong = [
          ...(found.path === bucketPathOf(name) ? [] : [`path ${found.path}`]),
          ...(found.description === want.description ? [] : [`description ${JSON.stringify(found.description)}`]),
          ...(found.objectAclPolicy === want.objectAclPolicy ? [] : [`object_acl_policy ${found.objectAclPolicy}`]),
        ];
        if (wrong.length > 0) out.push(`bucket ${name} on the cluster has ${wrong.join(', ')}, not what the configuration holds`);
      }
    }
    for (const name of world.buckets.keys()) if (!inState.has(name)) out.push(`the configuration holds bucket ${name} but state does not`);
    for (const name of world.bucketPool) {
      if (!world.buckets.has(name) && model.findBucket(ZONE, name) !== undefined) out.push(`bucket ${name} exists on the cluster but the configuration does not hold it`);
    }
    return out;
  },
};

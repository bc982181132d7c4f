/**
 * Discovers `powerscale_s3_bucket`: every bucket of each zone (the list is paged), imported as
 * `<zone>/<name>` with a body that matches what the import reads (name, zone, path, owner,
 * description, object ACL policy and the ACL as the cluster answers it), so that the plan after the
 * import is empty. `create_path` is left out: it matters only when a bucket is created. A bucket
 * whose name the provider refuses (OneFS accepted it through an older rule) is listed as a comment.
 */
import { listBuckets, type S3Bucket } from '../../papi/buckets';
import { bucketNameProblem } from '../../onefs/rules';
import type { Discoverer, Discovery, HclValue } from './types';

const TYPE = 'powerscale_s3_bucket';

function body(zone: string, bucket: S3Bucket): Record<string, HclValue> {
  return {
    name: bucket.name,
    zone,
    path: bucket.path,
    owner: bucket.owner,
    description: bucket.description,
    object_acl_policy: bucket.objectAclPolicy,
    acl: bucket.acl.map((g) => ({ grantee: { name: g.grantee.name, type: g.grantee.type }, permission: g.permission })),
  };
}

function finding(zone: string, bucket: S3Bucket): Discovery {
  const name = `${zone}/${bucket.name}`;
  const problem = bucketNameProblem(bucket.name);
  if (problem !== undefined) return { kind: 'skipped', skipped: { type: TYPE, name, reason: `the bucket name is not one the provider accepts (${problem})` } };
  return { kind: 'object', object: { type: TYPE, name, importId: name, addressParts: [zone, bucket.name], attributes: body(zone, bucket) } };
}

/** The `powerscale_s3_bucket` discoverer. */
export const s3BucketDiscoverer: Discoverer = {
  type: TYPE,
  attributes: ['name', 'zone', 'path', 'owner', 'description', 'object_acl_policy', 'acl'],
  async *discover(ctx) {
    let count = 0;
    for (const zone of ctx.zones) {
      const buckets = await listBuckets(ctx.papi, zone, { signal: ctx.signal });
      count += buckets.length;
      for (const bucket of buckets) yield finding(zone, bucket);
    }
    ctx.progress(`${TYPE}: ${count} buckets looked at`);
  },
};

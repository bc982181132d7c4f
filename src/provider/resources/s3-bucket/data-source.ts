/**
 * `data "powerscale_s3_bucket"`: one bucket of a zone by name, or every bucket of the zone (the
 * list is read to its last page). A named bucket that does not exist is an error.
 */
import { isPapiError } from '../../../papi/errors';
import { getBucket, listBuckets, type S3Bucket } from '../../../papi/buckets';
import { defineDataSource, DiagnosticError } from '../../framework';
import { grantsOf } from './acl';
import { bucketId, SYSTEM_ZONE } from './naming';
import { s3BucketDataSchema, type S3BucketDataModel } from './schema';

type BucketEntry = NonNullable<S3BucketDataModel['buckets']>[number];

function entry(zone: string, b: S3Bucket): BucketEntry {
  return { id: bucketId(zone, b.name), name: b.name, path: b.path, owner: b.owner, description: b.description, objectAclPolicy: b.objectAclPolicy, acl: grantsOf(b.acl), zid: b.zid };
}

export const s3BucketDataSource = defineDataSource<S3BucketDataModel>({
  typeName: 'powerscale_s3_bucket',
  title: 'S3 Bucket',
  schema: s3BucketDataSchema,
  async read({ config, papi, signal }) {
    const zone = config.zone ?? SYSTEM_ZONE;
    if (config.name === null) {
      const all = await listBuckets(papi, zone, { signal });
      return { ...config, id: zone, buckets: all.map((b) => entry(zone, b)) };
    }
    try {
      const bucket = await getBucket(papi, zone, config.name, signal);
      return { ...config, id: bucketId(zone, bucket.name), buckets: [entry(zone, bucket)] };
    } catch (error) {
      if (!(isPapiError(error) && error.status === 404)) throw error;
      throw new DiagnosticError({ summary: 'Bucket Not Found', detail: `The cluster has no S3 bucket ${JSON.stringify(config.name)} in access zone ${JSON.stringify(zone)} (or no such zone).`, attribute: 'name' });
    }
  },
});

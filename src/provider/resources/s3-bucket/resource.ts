/**
 * `resource "powerscale_s3_bucket"`: an S3 bucket of an access zone, as Dell's provider names it.
 *
 * - `name`, `zone`, `path` and `owner` force replacement (the API changes only description, object
 *   ACL policy and ACL in place); a replacement, like a delete, leaves the directory and its
 *   objects on disk, because the API never removes them;
 * - the cluster checks the path (under the zone's base path, existing unless `create_path`) and
 *   the owner; its refusal is shown on the attribute it is about;
 * - the ACL is a list whose order carries no meaning (see `acl.ts`);
 * - read of a bucket deleted outside Terraform removes it from state, so the next plan creates it
 *   again; delete tolerates "already gone".
 */
import { isPapiError } from '../../../papi/errors';
import { createBucket, deleteBucket, getBucket, updateBucket, type S3Bucket } from '../../../papi/buckets';
import type { PapiApi } from '../../../papi/types';
import { defineResource, ErrorAtAttribute, PartialStateError } from '../../framework';
import { createOutcomeUnknown, refuseExisting } from '../create-outcome';
import { grantInputs, inOrderOf, sameGrants, type GrantModel } from './acl';
import { bucketId, parseImportId, SYSTEM_ZONE } from './naming';
import { s3BucketSchema, type S3BucketModel } from './schema';

function isNotFound(error: unknown): boolean {
  return isPapiError(error) && error.status === 404;
}

function where(model: S3BucketModel): { zone: string; name: string } {
  return { zone: model.zone ?? SYSTEM_ZONE, name: model.name ?? '' };
}

/** The model of `bucket`; `base` supplies what the cluster does not report (create_path) and the ACL order. */
function toModel(zone: string, bucket: S3Bucket, base: S3BucketModel): S3BucketModel {
  return {
    id: bucketId(zone, bucket.name),
    name: bucket.name,
    zone,
    path: bucket.path,
    createPath: base.createPath,
    owner: bucket.owner,
    description: bucket.description,
    objectAclPolicy: bucket.objectAclPolicy,
    acl: inOrderOf(bucket.acl, base.acl),
    zid: bucket.zid,
  };
}

/** The bucket, or undefined when it (or its zone) is gone. */
async function findBucket(papi: PapiApi, zone: string, name: string, signal: AbortSignal): Promise<S3Bucket | undefined> {
  try {
    return await getBucket(papi, zone, name, signal);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The attribute a refused create is about, from what the cluster's message names: the zone (an
 * unknown zone), the name (a taken name), the path, a grantee of the ACL, or the owner.
 */
export function attributeOfCreateError(error: unknown, plan: S3BucketModel): string | undefined {
  if (!isPapiError(error) || error.status < 400 || error.status >= 500) return undefined;
  const message = error.message;
  if (error.status === 404 && /access zone/i.test(message)) return 'zone';
  if (error.status === 409) return 'name';
  if (plan.path !== null && message.includes(plan.path)) return 'path';
  const owner = plan.owner;
  const grantees = (plan.acl ?? []).map((g) => g.grantee?.name ?? '').filter((n) => n !== '' && n !== owner);
  if (grantees.some((n) => message.includes(`'USER:${n}'`) || message.includes(`'GROUP:${n}'`) || message.includes(`'${n}'`))) return 'acl';
  if (owner !== null && message.includes(owner)) return 'owner';
  return undefined;
}

async function reread(papi: PapiApi, zone: string, name: string, base: S3BucketModel, signal: AbortSignal): Promise<S3BucketModel> {
  const bucket = await findBucket(papi, zone, name, signal);
  if (bucket === undefined) throw new PartialStateError<S3BucketModel>(base, new Error(`the bucket ${name} of zone ${zone} could not be read back after the change`));
  return toModel(zone, bucket, base);
}

export const s3BucketResource = defineResource<S3BucketModel>({
  typeName: 'powerscale_s3_bucket',
  title: 'S3 Bucket',
  schema: s3BucketSchema,

  async create({ plan, papi, signal }) {
    const { zone, name } = where(plan);
    const explain = (error: unknown) => {
      const attribute = attributeOfCreateError(error, plan);
      return attribute === undefined ? error : new ErrorAtAttribute(attribute, error);
    };
    let exists: boolean;
    try {
      exists = (await findBucket(papi, zone, name, signal)) !== undefined;
    } catch (error) {
      throw explain(error);
    }
    refuseExisting(exists, { title: 'S3 Bucket', what: `an S3 bucket named ${JSON.stringify(name)} in zone ${JSON.stringify(zone)}`, attribute: 'name', importId: bucketId(zone, name) });
    try {
      await createBucket(
        papi,
        zone,
        {
          name,
          path: plan.path ?? '',
          createPath: plan.createPath ?? undefined,
          owner: plan.owner ?? undefined,
          description: plan.description ?? undefined,
          objectAclPolicy: plan.objectAclPolicy ?? undefined,
          acl: plan.acl === null ? undefined : grantInputs(plan.acl),
        },
        signal,
      );
    } catch (error) {
      // No clear answer: the bucket may exist now (see ../create-outcome).
      if (createOutcomeUnknown(error)) throw new PartialStateError<S3BucketModel>({ ...plan, id: bucketId(zone, name) }, error);
      throw explain(error);
    }
    return reread(papi, zone, name, { ...plan, id: bucketId(zone, name) }, signal);
  },

  async read({ state, papi, signal }) {
    const { zone, name } = where(state);
    const bucket = await findBucket(papi, zone, name, signal);
    return bucket === undefined ? null : toModel(zone, bucket, state);
  },

  async update({ plan, prior, papi, signal }) {
    const { zone, name } = where(prior);
    const acl: GrantModel[] | null = plan.acl !== null && !sameGrants(plan.acl, prior.acl ?? []) ? plan.acl : null;
    await updateBucket(
      papi,
      zone,
      name,
      {
        description: plan.description !== null && plan.description !== prior.description ? plan.description : undefined,
        objectAclPolicy: plan.objectAclPolicy !== null && plan.objectAclPolicy !== prior.objectAclPolicy ? plan.objectAclPolicy : undefined,
        acl: acl === null ? undefined : grantInputs(acl),
      },
      signal,
    );
    return reread(papi, zone, name, { ...prior, createPath: plan.createPath, acl: plan.acl ?? prior.acl }, signal);
  },

  async delete({ state, papi, signal }) {
    const { zone, name } = where(state);
    try {
      await deleteBucket(papi, zone, name, signal);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },

  importState({ id }) {
    const { zone, name } = parseImportId(id);
    return { id: bucketId(zone, name), zone, name };
  },
});

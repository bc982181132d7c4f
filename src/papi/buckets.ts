/**
 * S3 buckets (OneFS API schema: `/platform/N/protocols/s3/buckets[/{S3BucketId}]`, N = 10 on
 * 9.0-9.1, 12 on 9.2-9.3, 15 from 9.4; the client picks it with `apiVersionOf(papi, 's3-buckets')`).
 * A bucket is addressed by its name within `?zone=`. The request and answer bodies this client uses
 * (`S3BucketCreateParams`, `S3Bucket`, `S3BucketExtended`) have the same members at the three
 * versions, so one encoder serves them all. A bucket's directory is not the bucket: deleting the
 * bucket leaves the directory and its objects where they are. Wire JSON stays here: callers get
 * camelCase {@link S3Bucket} models.
 */
import { BodyReader, PapiDecodeError } from './decode';
import { listAll, type ListOptions } from './paging';
import { pathSegment } from './path';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** The S3 permissions a grant may give. */
export const BUCKET_PERMISSIONS = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'] as const;
export type BucketPermission = (typeof BUCKET_PERMISSIONS)[number];

/** What happens to an object ACL a client sends: `replace` it, or `deny` the request. */
export const OBJECT_ACL_POLICIES = ['replace', 'deny'] as const;
export type ObjectAclPolicy = (typeof OBJECT_ACL_POLICIES)[number];

/** Who a grant is for (`AuthAccessAccessItemFileGroup`): a persona by name and type. */
export interface BucketGrantee {
  /** Serialized persona (`UID:2001`), when the cluster resolved it. */
  readonly id: string | null;
  readonly name: string;
  /** `user`, `group` or `wellknown`. */
  readonly type: string;
}

/** One grant of a bucket ACL (`S3BucketAclItem`). */
export interface BucketGrant {
  readonly grantee: BucketGrantee;
  readonly permission: string;
}

/** One bucket (`S3BucketExtended`). */
export interface S3Bucket {
  /** The cluster's id of the bucket: its name. */
  readonly id: string;
  readonly name: string;
  /** The bucket's directory, under its zone's base path. */
  readonly path: string;
  readonly owner: string;
  readonly description: string;
  readonly objectAclPolicy: string;
  readonly acl: BucketGrant[];
  /** The integer id of the bucket's access zone. */
  readonly zid: number;
}

/** A grant as a caller gives it: the grantee by name and type. */
export interface BucketGrantInput {
  readonly grantee: { readonly name: string; readonly type: string };
  readonly permission: string;
}

/** What a create sends (`S3BucketCreateParams`); absent members are left to the cluster's defaults. */
export interface BucketCreateInput {
  readonly name: string;
  readonly path: string;
  readonly createPath?: boolean;
  readonly owner?: string;
  readonly description?: string;
  readonly objectAclPolicy?: string;
  readonly acl?: readonly BucketGrantInput[];
}

/** What an update may change (`S3Bucket`): nothing else of a bucket can be changed in place. */
export interface BucketUpdateInput {
  readonly description?: string;
  readonly objectAclPolicy?: string;
  readonly acl?: readonly BucketGrantInput[];
}

/** `/platform/<version>/protocols/s3/buckets`. */
export function bucketsPath(version: number): string {
  return `/platform/${version}/protocols/s3/buckets`;
}

function bucketPath(version: number, name: string): string {
  return `${bucketsPath(version)}/${pathSegment(name)}`;
}

function decodeBucket(b: BodyReader): S3Bucket {
  return {
    id: b.string('id'),
    name: b.string('name'),
    path: b.string('path'),
    owner: b.string('owner'),
    description: b.string('description'),
    objectAclPolicy: b.string('object_acl_policy'),
    acl: b.objects('acl', (g) => {
      const grantee = g.object('grantee');
      return { grantee: { id: grantee.optionalString('id'), name: grantee.optionalString('name') ?? '', type: grantee.optionalString('type') ?? '' }, permission: g.string('permission') };
    }),
    zid: b.int('zid'),
  };
}

function aclWire(acl: readonly BucketGrantInput[]): Array<Record<string, unknown>> {
  return acl.map((g) => ({ grantee: { name: g.grantee.name, type: g.grantee.type }, permission: g.permission }));
}

/** One bucket of `zone`; a missing bucket (or zone) is the cluster's 404 (PapiError). */
export async function getBucket(papi: PapiApi, zone: string, name: string, signal?: AbortSignal): Promise<S3Bucket> {
  const path = bucketPath(await apiVersionOf(papi, 's3-buckets', signal), name);
  const [bucket] = BodyReader.of('GET', path, await papi.get(path, { query: { zone }, signal })).objects('buckets', decodeBucket);
  if (bucket === undefined) throw new PapiDecodeError('GET', path, 'buckets', 'a list with one bucket');
  return bucket;
}

/** Every bucket of `zone`, following `resume` to the end. */
export async function listBuckets(papi: PapiApi, zone: string, options: ListOptions = {}): Promise<S3Bucket[]> {
  const path = bucketsPath(await apiVersionOf(papi, 's3-buckets', options.signal));
  return listAll(papi, path, 'buckets', decodeBucket, { ...options, query: { zone } });
}

/** Creates a bucket; the cluster refuses a taken name (409), a missing path without `createPath`, an unknown owner. */
export async function createBucket(papi: PapiApi, zone: string, input: BucketCreateInput, signal?: AbortSignal): Promise<void> {
  const json: Record<string, unknown> = { name: input.name, path: input.path };
  if (input.createPath !== undefined) json.create_path = input.createPath;
  if (input.owner !== undefined) json.owner = input.owner;
  if (input.description !== undefined) json.description = input.description;
  if (input.objectAclPolicy !== undefined) json.object_acl_policy = input.objectAclPolicy;
  if (input.acl !== undefined) json.acl = aclWire(input.acl);
  await papi.post(bucketsPath(await apiVersionOf(papi, 's3-buckets', signal)), { query: { zone }, json, signal });
}

/** Changes description, object ACL policy and/or ACL (the ACL is replaced whole). */
export async function updateBucket(papi: PapiApi, zone: string, name: string, input: BucketUpdateInput, signal?: AbortSignal): Promise<void> {
  const json: Record<string, unknown> = {};
  if (input.description !== undefined) json.description = input.description;
  if (input.objectAclPolicy !== undefined) json.object_acl_policy = input.objectAclPolicy;
  if (input.acl !== undefined) json.acl = aclWire(input.acl);
  if (Object.keys(json).length === 0) return;
  await papi.put(bucketPath(await apiVersionOf(papi, 's3-buckets', signal), name), { query: { zone }, json, signal });
}

/** Deletes a bucket (its directory stays); a missing bucket is the cluster's 404 (PapiError). */
export async function deleteBucket(papi: PapiApi, zone: string, name: string, signal?: AbortSignal): Promise<void> {
  await papi.delete(bucketPath(await apiVersionOf(papi, 's3-buckets', signal), name), { query: { zone }, signal });
}

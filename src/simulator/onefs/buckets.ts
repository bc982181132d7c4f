/**
 * OneFS API area "S3 buckets": the buckets of each zone, their wire bodies and the
 * `/platform/N/protocols/s3/buckets` routes (N from 10; list with `limit`/`resume`, create,
 * get/modify/delete by name within `?zone=`). The table keeps the buckets; the cross-area checks
 * (the zone's base path, the directory, the owner and the grantees) are the model's.
 *
 * What is believed rather than observed, and modelled so:
 * - grants are answered in a canonical order (grantee type, name, permission), not in the order
 *   they were sent: the API keeps a bucket's grants, and clients must not depend on their order;
 *   a repeated grant is kept once;
 * - messages of the refusals (a path outside the zone, a missing path, an unknown owner, a taken
 *   name): their codes follow the AEC table, their words are ours;
 * - a deleted bucket leaves its directory (the API never removes data; the reference says so).
 */
import type { RequestHandler } from 'msw';
import type { OneFsContext } from './context';
import { aec, parseJsonObject } from './errors';
import { listQuery } from './paging';
import { param, resource, zoneOf } from './platform-resource';
import { papiEmpty, papiJson } from './wire';

/** The permissions and policies of the API schema. */
export const PERMISSIONS = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'] as const;
export const OBJECT_ACL_POLICIES = ['replace', 'deny'] as const;
export const GRANTEE_TYPES = ['user', 'group', 'wellknown'] as const;

/** One grant, the grantee by name and type (resolved by the model when stored). */
export interface Grant {
  granteeId: string | null;
  granteeName: string;
  granteeType: string;
  permission: string;
}

export interface Bucket {
  name: string;
  zone: string;
  zid: number;
  path: string;
  owner: string;
  description: string;
  objectAclPolicy: string;
  acl: Grant[];
}

/** What a create or modify asks for, checked for types here and for meaning by the model. */
export interface BucketRequest {
  name?: string;
  path?: string;
  createPath: boolean;
  owner?: string;
  description?: string;
  objectAclPolicy?: string;
  acl?: Array<{ name: string; type: string; permission: string }>;
}

/** `Bucket '<name>' not found.` (believed). */
export function noSuchBucket(name: string): ReturnType<typeof aec> {
  return aec('AEC_NOT_FOUND', `Bucket '${name}' not found.`);
}

/** Grants in the canonical order, each once. */
export function canonicalAcl(acl: readonly Grant[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const g of acl) seen.set(JSON.stringify([g.granteeType, g.granteeName, g.permission]), g);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/** Buckets per zone, in creation order. */
export class BucketTable {
  readonly #buckets = new Map<string, Map<string, Bucket>>();

  list(zone: string): Bucket[] {
    return [...(this.#buckets.get(zone)?.values() ?? [])];
  }

  find(zone: string, name: string): Bucket | undefined {
    return this.#buckets.get(zone)?.get(name);
  }

  get(zone: string, name: string): Bucket {
    const bucket = this.find(zone, name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  /** Adds a bucket; 409 for a taken name in the zone. */
  add(bucket: Bucket): Bucket {
    if (this.find(bucket.zone, bucket.name)) throw aec('AEC_CONFLICT', `Bucket '${bucket.name}' already exists.`, 'name');
    let zone = this.#buckets.get(bucket.zone);
    if (!zone) this.#buckets.set(bucket.zone, (zone = new Map()));
    zone.set(bucket.name, bucket);
    return bucket;
  }

  remove(zone: string, name: string): void {
    this.get(zone, name);
    this.#buckets.get(zone)?.delete(name);
  }

  /** Drops every bucket of a removed zone. */
  purge(zone: string): void {
    this.#buckets.delete(zone);
  }

  clear(): void {
    this.#buckets.clear();
  }
}

/** One bucket as `/platform/N/protocols/s3/buckets` returns it (`S3BucketExtended`). */
export function bucketBody(bucket: Bucket): Record<string, unknown> {
  return {
    acl: bucket.acl.map((g) => ({ grantee: { ...(g.granteeId === null ? {} : { id: g.granteeId }), name: g.granteeName, type: g.granteeType }, permission: g.permission })),
    description: bucket.description,
    id: bucket.name,
    name: bucket.name,
    object_acl_policy: bucket.objectAclPolicy,
    owner: bucket.owner,
    path: bucket.path,
    zid: bucket.zid,
  };
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw aec('AEC_BAD_REQUEST', `Field: ${field} expected type string, got ${JSON.stringify(value)}.`, field);
  return value;
}

function oneOfField(value: string | undefined, allowed: readonly string[], field: string): string | undefined {
  if (value !== undefined && !allowed.includes(value)) throw aec('AEC_BAD_REQUEST', `Field: ${field} must be one of ${allowed.join(', ')}.`, field);
  return value;
}

function parseAcl(value: unknown): BucketRequest['acl'] {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw aec('AEC_BAD_REQUEST', 'Field: acl expected type array.', 'acl');
  return value.map((item: unknown, i) => {
    const grant = (item ?? {}) as Record<string, unknown>;
    const grantee = (grant.grantee ?? {}) as Record<string, unknown>;
    if (typeof grantee.name !== 'string' || grantee.name === '') throw aec('AEC_BAD_REQUEST', `Field: acl[${i}].grantee.name required.`, `acl[${i}].grantee`);
    const type = oneOfField(typeof grantee.type === 'string' ? grantee.type : undefined, GRANTEE_TYPES, `acl[${i}].grantee.type`) ?? 'user';
    const permission = oneOfField(typeof grant.permission === 'string' ? grant.permission : '', PERMISSIONS, `acl[${i}].permission`) ?? '';
    return { name: grantee.name, type, permission };
  });
}

/** The members of a create (`S3BucketCreateParams`) or modify (`S3Bucket`) body. */
export function parseBucketRequest(text: string): BucketRequest {
  const body = parseJsonObject(text);
  const createPath = body.create_path;
  if (createPath !== undefined && typeof createPath !== 'boolean') throw aec('AEC_BAD_REQUEST', `Field: create_path expected type boolean, got ${JSON.stringify(createPath)}.`, 'create_path');
  const description = optionalString(body, 'description');
  if (description !== undefined && description.length > 8192) throw aec('AEC_BAD_REQUEST', 'Field: description has a maximum length of 8192.', 'description');
  return {
    name: optionalString(body, 'name'),
    path: optionalString(body, 'path'),
    createPath: createPath === true,
    owner: optionalString(body, 'owner'),
    description,
    objectAclPolicy: oneOfField(optionalString(body, 'object_acl_policy'), OBJECT_ACL_POLICIES, 'object_acl_policy'),
    acl: parseAcl(body.acl),
  };
}

/** The S3-buckets area's routes (from API 10, the version that introduced them). */
export function bucketRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/protocols/s3/buckets', 10, {
      GET: ({ url }) => {
        const query = listQuery(url, ['zone', 'owner']);
        const owner = query.get('owner');
        const all = model.listBuckets(query.get('zone') || zoneOf(url)).filter((b) => owner === null || b.owner === owner);
        const { items, resume } = query.page(all);
        return papiJson(200, { buckets: items.map(bucketBody), ...(resume === undefined ? {} : { resume }), total: all.length });
      },
      POST: async ({ request, url }) => {
        const bucket = model.createBucket(zoneOf(url), parseBucketRequest(await request.text()));
        return papiJson(201, { id: bucket.name });
      },
    }),
    resource(ctx, '/protocols/s3/buckets/:id', 10, {
      GET: ({ url, params }) => papiJson(200, { buckets: [bucketBody(model.getBucket(zoneOf(url), param(params, 'id')))] }),
      PUT: async ({ request, url, params }) => {
        model.modifyBucket(zoneOf(url), param(params, 'id'), parseBucketRequest(await request.text()));
        return papiEmpty(204);
      },
      DELETE: ({ url, params }) => {
        model.deleteBucket(zoneOf(url), param(params, 'id'));
        return papiEmpty(204);
      },
    }),
  ];
}

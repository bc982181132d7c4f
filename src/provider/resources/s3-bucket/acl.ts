/**
 * Bucket ACLs as a list whose order carries no meaning. OneFS keeps a bucket's grants, not the
 * order they were sent in: the simulator answers them sorted (grantee type, name, permission), an
 * assumption the docs state, since no public source shows a cluster's order. So the provider
 * compares grants as a multiset and, when the cluster holds the same grants as the prior state or
 * the plan, keeps that order: a reordered answer is never a diff.
 */
import type { BucketGrant, BucketGrantInput } from '../../../papi/buckets';

/** A grant as the model holds it. */
export interface GrantModel {
  grantee: { name: string | null; type: string | null } | null;
  permission: string | null;
}

function key(grant: GrantModel): string {
  return JSON.stringify([grant.grantee?.type ?? '', grant.grantee?.name ?? '', grant.permission ?? '']);
}

/** Whether `a` and `b` hold the same grants, counted with repetition, in any order. */
export function sameGrants(a: readonly GrantModel[], b: readonly GrantModel[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

/** The cluster's grants as models. */
export function grantsOf(acl: readonly BucketGrant[]): GrantModel[] {
  return acl.map((g) => ({ grantee: { name: g.grantee.name, type: g.grantee.type }, permission: g.permission }));
}

/** The cluster's grants, in `order`'s order when both hold the same grants (else the cluster's order). */
export function inOrderOf(actual: readonly BucketGrant[], order: readonly GrantModel[] | null): GrantModel[] {
  const grants = grantsOf(actual);
  return order !== null && sameGrants(grants, order) ? order.map((g) => ({ grantee: g.grantee === null ? null : { ...g.grantee }, permission: g.permission })) : grants;
}

/** The model's grants as the API takes them. */
export function grantInputs(acl: readonly GrantModel[]): BucketGrantInput[] {
  return acl.map((g) => ({ grantee: { name: g.grantee?.name ?? '', type: g.grantee?.type ?? '' }, permission: g.permission ?? '' }));
}

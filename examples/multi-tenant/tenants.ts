/**
 * The tenants of the multi-tenant example: access zones × users, typed. Editing this file is the
 * whole workflow: add a user to get a key, change a tenant's `rotatedOn` to rotate every key of
 * that tenant (and only those), remove a user to delete the key.
 */

/** One tenant: an access zone and the users that get an S3 key in it. */
export interface Tenant {
  /** The OneFS access zone of the tenant. */
  readonly zone: string;
  /** Users in `zone` that get one S3 key each. */
  readonly users: readonly string[];
  /** Any change rotates all keys of this tenant (for example the date of the last rotation). */
  readonly rotatedOn: string;
  /** Minutes the previous secret keeps working after a rotation (0..1440). */
  readonly existingKeyExpiryMinutes: number;
}

/** The tenants this stack manages. */
export const tenants: readonly Tenant[] = [
  { zone: 'System', users: ['alice', 'bob'], rotatedOn: '2026-11-01', existingKeyExpiryMinutes: 60 },
  { zone: 'analytics', users: ['etl', 'reporting'], rotatedOn: '2026-10-15', existingKeyExpiryMinutes: 1440 },
  { zone: 'archive', users: ['backup'], rotatedOn: '2026-09-30', existingKeyExpiryMinutes: 0 },
];

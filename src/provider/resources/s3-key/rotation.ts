/**
 * Why a key must be rotated, carried in Terraform's private state (stored base64 in the state
 * file, never shown): read records a reason it found, the plan turns it into an in-place update,
 * and update rotates. Beside it lives the object's owner token (see secret-document.ts) and
 * whether its last mint shared a second with the key it replaced. Never a secret.
 *
 * A reason recorded by read or by a failed update stays until a create or update succeeds: some
 * conditions cannot be seen again later (after a rotation whose store write failed, the store
 * still holds the previous secret with the same access id, and only this flag remembers it).
 */
import type { SecretProblem } from './secret-document';

/** Every reason a rotation is planned. */
export type RotationReason = SecretProblem | 'rotated-outside' | 'store-write-failed' | 'triggers-changed' | 'triggers-unknown';

const REASONS: readonly RotationReason[] = ['secret-missing', 'secret-malformed', 'secret-other-access-id', 'secret-other-owner', 'rotated-outside', 'store-write-failed', 'triggers-changed', 'triggers-unknown'];

/** The private state of a key. */
export interface KeyPrivate {
  /** A rotation is pending, for this reason. */
  readonly rotate?: RotationReason;
  /**
   * This object's owner token, written into the stored document beside the secret. Absent in
   * objects from before owners existed until their next create or update.
   */
  readonly owner?: string;
  /**
   * The last mint of this object replaced a key minted in the same second (its response had
   * old_key_timestamp = secret_key_timestamp), so that pattern on a refresh is not news.
   */
  readonly sameSecond?: true;
  /**
   * The object came from an import and no create or update has run since: its state knows
   * nothing of the configured rotation_triggers, so the first plan adopts them instead of
   * rotating (see plan.ts, isImportedStub).
   */
  readonly imported?: true;
}

/** Decodes private state written by this resource; members it does not know are dropped. */
export function decodePrivate(value: unknown): KeyPrivate {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const { rotate, owner, sameSecond, imported } = value as Record<string, unknown>;
  return {
    ...(typeof rotate === 'string' && (REASONS as readonly string[]).includes(rotate) ? { rotate: rotate as RotationReason } : {}),
    ...(typeof owner === 'string' && OWNER_PATTERN.test(owner) ? { owner } : {}),
    ...(sameSecond === true ? { sameSecond } : {}),
    ...(imported === true ? { imported } : {}),
  };
}

/** What an owner token looks like (a UUID); anything else in private state is ignored. */
export const OWNER_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Private state to store: the pending rotation (if any) and the owner and import fields of `keep`
 * (undefined, i.e. nothing, when all are absent). Create and update pass no `imported`: once one
 * has run, the state holds the configured arguments.
 */
export function encodePrivate(rotate: RotationReason | undefined, keep: { readonly owner?: string; readonly sameSecond?: boolean; readonly imported?: boolean } = {}): KeyPrivate | undefined {
  const value: KeyPrivate = {
    ...(rotate === undefined ? {} : { rotate }),
    ...(keep.owner === undefined ? {} : { owner: keep.owner }),
    ...(keep.sameSecond ? { sameSecond: true as const } : {}),
    ...(keep.imported ? { imported: true as const } : {}),
  };
  return Object.keys(value).length === 0 ? undefined : value;
}

/** What a user reads in a log line or a diagnostic about a planned rotation. */
export function describeReason(reason: RotationReason): string {
  switch (reason) {
    case 'secret-missing':
      return 'the secret store has no secret under secret_name';
    case 'secret-malformed':
      return 'the secret under secret_name is not {"access_id", "secret_key"}';
    case 'secret-other-access-id':
      return "the secret under secret_name belongs to another access id than the cluster's key";
    case 'secret-other-owner':
      return 'the secret under secret_name was written by another powerscale_s3_key resource (two resources share a secret_name or a user)';
    case 'rotated-outside':
      return 'the key was rotated outside Terraform, so the stored secret is stale';
    case 'store-write-failed':
      return 'an earlier rotation could not write its secret to the store';
    case 'triggers-changed':
      return 'rotation_triggers changed';
    case 'triggers-unknown':
      return 'rotation_triggers are not known until apply';
  }
}

/** The grace window of an adoption when `adoption_expiry_minutes` is not set. */
export const DEFAULT_ADOPTION_EXPIRY_MINUTES = 60;

/**
 * Reasons that mean "the store holds no usable secret for the key on the cluster": whoever holds
 * the cluster's current secret (a tenant's running application, after an import or a rotation
 * outside Terraform; another resource) did not get it from our store, so the rotation must not
 * cut them off at once.
 */
const ADOPTION_REASONS: ReadonlySet<RotationReason> = new Set<RotationReason>(['secret-missing', 'secret-malformed', 'secret-other-access-id', 'secret-other-owner', 'rotated-outside', 'store-write-failed']);

/** True for a rotation that adopts a secret the store does not hold (see ADOPTION_REASONS). */
export function isAdoptionReason(reason: RotationReason): boolean {
  return ADOPTION_REASONS.has(reason);
}

/** How long the current secret stays valid after a mint, and whether the adoption rule chose it. */
export interface MintWindow {
  readonly minutes: number;
  readonly adoption: boolean;
}

/**
 * The window of a mint. An adoption (a rotation for one of the reasons above, or a create over a
 * key that already exists) keeps the current secret valid for existing_key_expiry_minutes when it
 * is above zero, else for adoption_expiry_minutes (default 60). Anything else (rotation_triggers
 * changed) uses existing_key_expiry_minutes as configured, 0 included.
 */
export function mintWindow(reason: RotationReason | 'key-exists', configured: number | null, adoption: number | null): MintWindow {
  const minutes = configured ?? 0;
  if ((reason !== 'key-exists' && !ADOPTION_REASONS.has(reason)) || minutes > 0) return { minutes, adoption: false };
  return { minutes: adoption ?? DEFAULT_ADOPTION_EXPIRY_MINUTES, adoption: true };
}

/**
 * Why a key must be rotated, carried in Terraform's private state (stored base64 in the state
 * file, never shown): read records a reason it found, the plan turns it into an in-place update,
 * and update rotates. Only reason codes live here, never a secret.
 *
 * A reason recorded by read or by a failed update stays until a create or update succeeds: some
 * conditions cannot be seen again later (after a rotation whose store write failed, the store
 * still holds the previous secret with the same access id, and only this flag remembers it).
 */
import type { SecretProblem } from './secret-document';

/** Every reason a rotation is planned. */
export type RotationReason = SecretProblem | 'rotated-outside' | 'store-write-failed' | 'triggers-changed' | 'triggers-unknown';

const REASONS: readonly RotationReason[] = ['secret-missing', 'secret-malformed', 'secret-other-access-id', 'rotated-outside', 'store-write-failed', 'triggers-changed', 'triggers-unknown'];

/** The private state of a key. */
export interface KeyPrivate {
  /** A rotation is pending, for this reason. */
  readonly rotate?: RotationReason;
}

/** Decodes private state written by this resource; anything else means "nothing pending". */
export function decodePrivate(value: unknown): KeyPrivate {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const rotate = (value as Record<string, unknown>).rotate;
  return typeof rotate === 'string' && (REASONS as readonly string[]).includes(rotate) ? { rotate: rotate as RotationReason } : {};
}

/** Private state to store: undefined (nothing) when no rotation is pending. */
export function encodePrivate(rotate: RotationReason | undefined): KeyPrivate | undefined {
  return rotate === undefined ? undefined : { rotate };
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

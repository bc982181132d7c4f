/**
 * Reading the JSON documents resources keep in the secret store (S3 key documents, password
 * documents): the shared first steps, before each type checks its own members.
 */
import type { SecretStore } from '../../secrets/types';

/** The members of a stored JSON object, or undefined when the value is not one. */
export function storedObject(value: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** A document's owner token, or undefined when it has none (written before owners existed). */
export function ownerToken(owner: unknown): string | undefined {
  return typeof owner === 'string' && owner !== '' ? owner : undefined;
}

/** The two store reads a resource makes before it writes a document under a name, already under way. */
export interface StoreChecks<T> {
  /** The store can take a write under the name (`SecretStore.probeWritable`). */
  readonly probe: Promise<void>;
  /** What the name holds now. */
  readonly document: Promise<T>;
}

/**
 * Starts both reads at once: neither depends on the other nor on the cluster, so a create sends
 * them with its cluster lookup (one round trip instead of three). The caller awaits `probe`, then
 * `document`, so the first failure in the order of the checks is the one reported; a read left
 * unawaited, because an earlier check failed, is ignored.
 */
export function startStoreChecks<T>(secrets: SecretStore, name: string, signal: AbortSignal, read: () => Promise<T>): StoreChecks<T> {
  const probe = Promise.resolve(secrets.probeWritable?.(name, signal));
  const document = read();
  probe.catch(() => {});
  document.catch(() => {});
  return { probe, document };
}

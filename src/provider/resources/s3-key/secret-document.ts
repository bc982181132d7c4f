/**
 * What the secret store holds under `secret_name`: exactly `{"access_id": "...", "secret_key": "..."}`.
 * Reading it back (to check drift, to move it on rename) registers the secret for redaction at
 * once; nothing here returns the secret to a caller that could put it in state.
 */
import type { SecretStore } from '../../../secrets/types';
import type { Log } from '../../framework/logger';

/** Serialises the document the store holds (key order fixed, no whitespace). */
export function encodeSecretDocument(accessId: string, secretKey: string): string {
  return JSON.stringify({ access_id: accessId, secret_key: secretKey });
}

/** Why a stored secret cannot be used with the key on the cluster (the reason a rotation is planned). */
export type SecretProblem = 'secret-missing' | 'secret-malformed' | 'secret-other-access-id';

/** A stored document checked against the key's access id: usable (with its raw value, to move it) or not. */
export type StoredSecret = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: SecretProblem };

/** The access id in a stored value, or undefined when the value is not a key document. */
export function accessIdOf(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { access_id: accessId, secret_key: secretKey } = parsed as Record<string, unknown>;
  return typeof accessId === 'string' && accessId !== '' && typeof secretKey === 'string' && secretKey !== '' ? accessId : undefined;
}

/** Registers a stored value and the secret inside it for redaction. */
function registerStored(log: Log, value: string): void {
  log.addSecret(value);
  try {
    const secret = (JSON.parse(value) as Record<string, unknown> | null)?.secret_key;
    if (typeof secret === 'string') log.addSecret(secret);
  } catch {
    // Not JSON: the whole value is registered already.
  }
}

/**
 * Reads `name` from the store and checks it holds a key document for `accessId`. Store errors
 * (unreachable, hidden value) propagate: the caller cannot tell whether the secret is fine.
 */
export async function readStoredSecret(secrets: SecretStore, log: Log, name: string, accessId: string, signal: AbortSignal): Promise<StoredSecret> {
  const value = await secrets.get(name, signal);
  if (value === undefined) return { ok: false, problem: 'secret-missing' };
  registerStored(log, value);
  const stored = accessIdOf(value);
  if (stored === undefined) return { ok: false, problem: 'secret-malformed' };
  if (stored !== accessId) return { ok: false, problem: 'secret-other-access-id' };
  return { ok: true, value };
}

/**
 * Deletes `name` unless it holds another key's document (a second resource, or a replacement
 * created before this one was destroyed, may own that name now). Missing is success.
 */
export async function deleteStoredSecret(secrets: SecretStore, log: Log, name: string, accessId: string | null, signal: AbortSignal): Promise<'deleted' | 'kept'> {
  const value = await secrets.get(name, signal);
  if (value === undefined) return 'deleted';
  registerStored(log, value);
  const stored = accessIdOf(value);
  if (stored !== undefined && accessId !== null && stored !== accessId) return 'kept';
  await secrets.delete(name, signal);
  return 'deleted';
}

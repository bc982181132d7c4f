/**
 * What the secret store holds under `secret_name`: `{"access_id": "...", "secret_key": "...",
 * "secret_key_timestamp": 1764672000, "owner": "..."}`. `secret_key_timestamp` (epoch seconds, as
 * the cluster reports it) tells a reader without Terraform state (the ephemeral
 * `powerscale_s3_key_secret`) whether the stored secret is still the key's current one: OneFS keeps
 * the access id across rotations, so the access id alone cannot tell. `owner` is the token of the resource object that wrote it (kept in that
 * object's private state): it tells a second resource with the same `secret_name`, or the deposed
 * half of a create_before_destroy replacement, that the document is not theirs. A document written
 * before owners existed has none and counts as owned by whoever holds its access id.
 * Reading it back (to check drift, to move it on rename) registers the secret for redaction at
 * once; nothing here returns the secret to a caller that could put it in state.
 */
import type { SecretStore } from '../../../secrets/types';
import type { Log } from '../../framework';
import { ownerToken, storedObject } from '../stored-document';

/**
 * Serialises the document the store holds (key order fixed, no whitespace). `owner` and
 * `secretKeyTimestamp` are omitted when undefined (only tests write such documents now: they stand
 * for documents from before).
 */
export function encodeSecretDocument(accessId: string, secretKey: string, owner?: string, secretKeyTimestamp?: number): string {
  return JSON.stringify({
    access_id: accessId,
    secret_key: secretKey,
    ...(secretKeyTimestamp === undefined ? {} : { secret_key_timestamp: secretKeyTimestamp }),
    ...(owner === undefined ? {} : { owner }),
  });
}

/** Why a stored secret cannot be used with the key on the cluster (the reason a rotation is planned). */
export type SecretProblem = 'secret-missing' | 'secret-malformed' | 'secret-other-access-id' | 'secret-other-owner';

/** A stored document checked against the key's access id: usable (with its raw value, to move it) or not. */
export type StoredSecret = { readonly ok: true; readonly value: string; readonly header: DocumentHeader } | { readonly ok: false; readonly problem: SecretProblem };

/** The public members of a key document: its access id, owner token and timestamp (undefined: written before they existed). */
export interface DocumentHeader {
  readonly accessId: string;
  readonly owner: string | undefined;
  readonly secretKeyTimestamp: number | undefined;
}

/** The access id and owner of a stored value, or undefined when the value is not a key document. */
export function headerOf(value: string): DocumentHeader | undefined {
  const members = storedObject(value);
  if (members === undefined) return undefined;
  const { access_id: accessId, secret_key: secretKey, owner, secret_key_timestamp: timestamp } = members;
  if (typeof accessId !== 'string' || accessId === '' || typeof secretKey !== 'string' || secretKey === '') return undefined;
  return {
    accessId,
    owner: ownerToken(owner),
    secretKeyTimestamp: typeof timestamp === 'number' && Number.isFinite(timestamp) ? timestamp : undefined,
  };
}

/** The access id in a stored value, or undefined when the value is not a key document. */
export function accessIdOf(value: string): string | undefined {
  return headerOf(value)?.accessId;
}

/**
 * True when a document with `header` belongs to another resource object than the one holding
 * `owner`: it names an owner, and not this one. A document without an owner (written before
 * owners existed) belongs to whoever holds its access id, so upgrading never forces a rotation.
 */
export function ownedByAnother(header: DocumentHeader, owner: string | undefined): boolean {
  return header.owner !== undefined && header.owner !== owner;
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

/** A value read from the store, with its key-document header when it is one. */
export interface StoredDocument {
  readonly value: string;
  readonly header: DocumentHeader | undefined;
}

/** Reads `name` (registering what it finds for redaction): its raw value and header, if any. */
export async function readDocument(secrets: SecretStore, log: Log, name: string, signal: AbortSignal): Promise<StoredDocument | undefined> {
  const value = await secrets.get(name, signal);
  if (value === undefined) return undefined;
  registerStored(log, value);
  return { value, header: headerOf(value) };
}

/**
 * Reads `name` from the store and checks it holds a key document for `accessId` that is this
 * object's (`owner`; `null` skips the owner check: an object without an owner, imported or from
 * before owners existed, adopts the document of its access id). Store errors (unreachable, hidden
 * value) propagate: the caller cannot tell whether the secret is fine.
 */
export async function readStoredSecret(secrets: SecretStore, log: Log, name: string, accessId: string, signal: AbortSignal, owner: string | undefined | null = null): Promise<StoredSecret> {
  return judgeStoredSecret(await readDocument(secrets, log, name, signal), accessId, owner);
}

/** What {@link readStoredSecret} says of a document already read (`undefined`: none under the name). */
export function judgeStoredSecret(doc: StoredDocument | undefined, accessId: string, owner: string | undefined | null = null): StoredSecret {
  if (doc === undefined) return { ok: false, problem: 'secret-missing' };
  if (doc.header === undefined) return { ok: false, problem: 'secret-malformed' };
  if (doc.header.accessId !== accessId) return { ok: false, problem: 'secret-other-access-id' };
  if (owner !== null && ownedByAnother(doc.header, owner)) return { ok: false, problem: 'secret-other-owner' };
  return { ok: true, value: doc.value, header: doc.header };
}

/**
 * What deleting a key's secret found: `deleted` (or already gone); `kept`, the name holds another
 * key's document (a second resource with the same secret_name); `taken-over`, it holds a document
 * for this same access id written by another resource object: the replacement of a
 * create_before_destroy, or another resource for the same user, now owns the key and its secret.
 */
export type DeleteOutcome = 'deleted' | 'kept' | 'taken-over';

/**
 * Deletes `name` unless it holds a document this object (`owner`, with `accessId`) does not own.
 * Missing is success.
 */
export async function deleteStoredSecret(secrets: SecretStore, log: Log, name: string, accessId: string | null, signal: AbortSignal, owner?: string): Promise<DeleteOutcome> {
  const doc = await readDocument(secrets, log, name, signal);
  if (doc === undefined) return 'deleted';
  const header = doc.header;
  if (header !== undefined && accessId !== null && header.accessId !== accessId) return 'kept';
  if (header !== undefined && ownedByAnother(header, owner)) return 'taken-over';
  await secrets.delete(name, signal);
  return 'deleted';
}

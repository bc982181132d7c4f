/**
 * The OneFS S3 key endpoints (onefs-papi.md §5), decoded once here: `GET`, `POST` (mint or rotate
 * with `force=true`) and `DELETE /platform/10/protocols/s3/keys/<user>?zone=<zone>`. Wire names
 * stay in this module; everything returned is camelCase.
 *
 * The minted secret is registered with the log's redaction registry before anything else sees the
 * response, so no later log line or diagnostic can carry it.
 */
import { isPapiError } from '../../../papi/errors';
import { papiPath } from '../../../papi/path';
import type { PapiApi } from '../../../papi/types';
import { DiagnosticError } from '../../framework/diagnostics';
import type { Log } from '../../framework/logger';

/** S3 keys arrived with OneFS 9.0 at PAPI v10 and are still served there. */
export const S3_KEYS_API_VERSION = 10;

/** `/platform/10/protocols/s3/keys/<user>` with the user as one encoded segment (never `.` or `..`). */
export function keyPath(user: string): string {
  return papiPath`/platform/10/protocols/s3/keys/${user}`;
}

/** A key as GET shows it: no secret. Times are epoch seconds. */
export interface KeyView {
  readonly accessId: string;
  readonly secretKeyTimestamp: number;
  /** When the previous secret stops working; null when there is none. */
  readonly oldKeyExpiry: number | null;
  /** When the previous secret was minted; null when there is none. */
  readonly oldKeyTimestamp: number | null;
}

/** A freshly minted key: the view plus the new secret (held in memory for one call only). */
export interface MintedKey extends KeyView {
  readonly secretKey: string;
}

/** What GET found: the key, no key (the user exists but has none), or no such user or zone. */
export type KeyLookup = { readonly kind: 'key'; readonly key: KeyView } | { readonly kind: 'none' } | { readonly kind: 'gone' };

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function unexpected(method: string, user: string, what: string): DiagnosticError {
  return new DiagnosticError({
    summary: 'Unexpected Cluster Response',
    detail: `${method} ${keyPath(user)} answered without ${what}. Check that endpoint points at a OneFS 9.0 or later cluster's Platform API.`,
  });
}

function epochSeconds(v: unknown): number | null | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function decodeView(method: string, user: string, keys: Record<string, unknown>): KeyView {
  const accessId = keys.access_id;
  const timestamp = epochSeconds(keys.secret_key_timestamp);
  const oldKeyExpiry = epochSeconds(keys.old_key_expiry);
  // Only used to notice two mints in one second; a value OneFS leaves out is "none".
  const oldKeyTimestamp = epochSeconds(keys.old_key_timestamp) ?? null;
  if (typeof accessId !== 'string' || accessId === '') throw unexpected(method, user, 'keys.access_id');
  if (timestamp === null || timestamp === undefined) throw unexpected(method, user, 'keys.secret_key_timestamp');
  if (oldKeyExpiry === undefined) throw unexpected(method, user, 'a numeric keys.old_key_expiry');
  return { accessId, secretKeyTimestamp: timestamp, oldKeyExpiry, oldKeyTimestamp };
}

/**
 * A 404 for the user or the zone (or OneFS's "no key" 404) means the key is gone. A 404 for the
 * API path itself ("Path not found", a cluster without S3) is a real error: planning a create
 * against it would fail forever.
 */
function isGone(error: unknown): boolean {
  return isPapiError(error) && error.status === 404 && !/^Path not found/i.test(error.message);
}

/** GET the key of `user` in `zone`. Throws PapiError on anything but "no key" / "no such user or zone". */
export async function lookupKey(papi: PapiApi, zone: string, user: string, signal: AbortSignal): Promise<KeyLookup> {
  let body: unknown;
  try {
    body = await papi.get(keyPath(user), { query: { zone }, signal });
  } catch (error) {
    if (isGone(error)) return { kind: 'gone' };
    throw error;
  }
  const keys = record(record(body)?.keys);
  if (keys === undefined) throw unexpected('GET', user, 'keys');
  // OneFS reports "no key" as an empty object or all members null (onefs-papi.md §5.3).
  if (keys.access_id === null || keys.access_id === undefined || keys.access_id === '') return { kind: 'none' };
  return { kind: 'key', key: decodeView('GET', user, keys) };
}

/**
 * POST with `force=true`: mints a key, or rotates an existing one keeping its access id, the
 * previous secret staying valid for `expiryMinutes`. Both secrets in the response are registered
 * for redaction before the response is decoded further.
 */
export async function mintKey(papi: PapiApi, log: Log, zone: string, user: string, expiryMinutes: number, signal: AbortSignal): Promise<MintedKey> {
  const body = await papi.post(keyPath(user), { query: { zone, force: true }, json: { existing_key_expiry_time: expiryMinutes }, signal });
  const keys = record(record(body)?.keys);
  const secretKey = keys?.secret_key;
  if (typeof secretKey === 'string') log.addSecret(secretKey);
  if (typeof keys?.old_secret_key === 'string') log.addSecret(keys.old_secret_key);
  if (keys === undefined) throw unexpected('POST', user, 'keys');
  if (typeof secretKey !== 'string' || secretKey === '') throw unexpected('POST', user, 'keys.secret_key');
  return { ...decodeView('POST', user, keys), secretKey };
}

/** DELETE the key; a key, user or zone that is already gone is success. */
export async function deleteKey(papi: PapiApi, zone: string, user: string, signal: AbortSignal): Promise<void> {
  try {
    await papi.delete(keyPath(user), { query: { zone }, signal });
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
}

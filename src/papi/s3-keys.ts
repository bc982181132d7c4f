/**
 * S3 keys (onefs-papi.md §5): `GET`, `POST` (mint, or rotate with `force=true`) and `DELETE
 * /platform/10/protocols/s3/keys/<user>?zone=<zone>`. Wire JSON stays here: callers get camelCase
 * {@link S3KeyView} and {@link MintedS3Key} models, and a malformed body fails with
 * {@link PapiDecodeError} naming the member (`keys.secret_key_timestamp`), never its value.
 *
 * A minted secret is handed to the caller's `onSecret` (the provider registers it for log
 * redaction) before anything else in the response is checked, so that no later log line or
 * error can carry it.
 */
import { PapiDecodeError } from './decode';
import { isPapiError } from './errors';
import { papiPath } from './path';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** S3 keys arrived with OneFS 9.0 at PAPI v10 and are still served there. */
export const S3_KEYS_API_VERSION = 10;

/** `/platform/<version>/protocols/s3/keys/<user>` with the user as one encoded segment (never `.` or `..`). */
export function s3KeyPath(user: string, version: number = S3_KEYS_API_VERSION): string {
  return `/platform/${version}${papiPath`/protocols/s3/keys/${user}`}`;
}

/** A key as GET shows it: no secret. Times are epoch seconds. */
export interface S3KeyView {
  readonly accessId: string;
  readonly secretKeyTimestamp: number;
  /** When the previous secret stops working; null when there is none. */
  readonly oldKeyExpiry: number | null;
  /** When the previous secret was minted; null when there is none. */
  readonly oldKeyTimestamp: number | null;
}

/** A freshly minted key: the view plus the new secret (to be held in memory for one call only). */
export interface MintedS3Key extends S3KeyView {
  readonly secretKey: string;
}

/** What GET found: the key, no key (the user exists but has none), or no such user or zone. */
export type S3KeyLookup = { readonly kind: 'key'; readonly key: S3KeyView } | { readonly kind: 'none' } | { readonly kind: 'gone' };

/** Options of {@link mintS3Key}. */
export interface MintS3KeyOptions {
  /** Called with every secret in the response (new and previous) before the response is decoded further. */
  readonly onSecret?: (secret: string) => void;
  readonly signal?: AbortSignal;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The `keys` member of a response body. */
function keysOf(method: string, path: string, body: unknown): Record<string, unknown> {
  const keys = record(record(body)?.keys);
  if (keys === undefined) throw new PapiDecodeError(method, path, 'keys', 'an object');
  return keys;
}

/** Epoch seconds as a number or a string of digits (both seen); null when absent; undefined when neither. */
function epochSeconds(v: unknown): number | null | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function decodeView(method: string, path: string, keys: Record<string, unknown>): S3KeyView {
  const accessId = keys.access_id;
  const timestamp = epochSeconds(keys.secret_key_timestamp);
  const oldKeyExpiry = epochSeconds(keys.old_key_expiry);
  // Only used to notice two mints in one second; a value OneFS leaves out is "none".
  const oldKeyTimestamp = epochSeconds(keys.old_key_timestamp) ?? null;
  if (typeof accessId !== 'string' || accessId === '') throw new PapiDecodeError(method, path, 'keys.access_id', 'a non-empty string');
  if (timestamp === null || timestamp === undefined) throw new PapiDecodeError(method, path, 'keys.secret_key_timestamp', 'epoch seconds');
  if (oldKeyExpiry === undefined) throw new PapiDecodeError(method, path, 'keys.old_key_expiry', 'epoch seconds or null');
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
export async function lookupS3Key(papi: PapiApi, zone: string, user: string, signal?: AbortSignal): Promise<S3KeyLookup> {
  const path = s3KeyPath(user, await apiVersionOf(papi, 's3-keys', signal));
  let body: unknown;
  try {
    body = await papi.get(path, { query: { zone }, signal });
  } catch (error) {
    if (isGone(error)) return { kind: 'gone' };
    throw error;
  }
  const keys = keysOf('GET', path, body);
  // OneFS reports "no key" as an empty object or all members null (onefs-papi.md §5.3).
  if (keys.access_id === null || keys.access_id === undefined || keys.access_id === '') return { kind: 'none' };
  return { kind: 'key', key: decodeView('GET', path, keys) };
}

/**
 * POST with `force=true`: mints a key, or rotates an existing one keeping its access id, the
 * previous secret staying valid for `expiryMinutes`. Both secrets in the response go to
 * `onSecret` before the response is decoded further.
 */
export async function mintS3Key(papi: PapiApi, zone: string, user: string, expiryMinutes: number, options: MintS3KeyOptions = {}): Promise<MintedS3Key> {
  const path = s3KeyPath(user, await apiVersionOf(papi, 's3-keys', options.signal));
  const body = await papi.post(path, { query: { zone, force: true }, json: { existing_key_expiry_time: expiryMinutes }, signal: options.signal });
  const raw = record(record(body)?.keys);
  const secretKey = raw?.secret_key;
  if (typeof secretKey === 'string') options.onSecret?.(secretKey);
  if (typeof raw?.old_secret_key === 'string') options.onSecret?.(raw.old_secret_key);
  const keys = keysOf('POST', path, body);
  if (typeof secretKey !== 'string' || secretKey === '') throw new PapiDecodeError('POST', path, 'keys.secret_key', 'a non-empty string');
  return { ...decodeView('POST', path, keys), secretKey };
}

/** DELETE the key; a key, user or zone that is already gone is success. */
export async function deleteS3Key(papi: PapiApi, zone: string, user: string, signal?: AbortSignal): Promise<void> {
  try {
    await papi.delete(s3KeyPath(user, await apiVersionOf(papi, 's3-keys', signal)), { query: { zone }, signal });
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
}

/**
 * The minting marker: an intent record a create writes to the secret store just before it mints a
 * key for a user who has none, and deletes once the key's secret is stored. It closes the one gap
 * a killed provider leaves: between the mint and the store write, the key exists on the cluster
 * and its secret exists nowhere. Without the marker the next create could not tell that key from
 * one a tenant made by hand, and (with `on_existing_key = "fail"`) refused it for good.
 *
 * The marker lives under `powerscale-minting-<zone>-<user>` (built like the default secret name;
 * the prefix is reserved, so no `secret_name` can collide with it) and holds, never a secret:
 * `{"marker": "powerscale_s3_key minting", "zone", "user", "owner", "run", "host", "pid", "time", "before"}`:
 * the zone and user; the owner token of the resource object; which process wrote it (a token per
 * provider configuration, host name and process id); when (this machine's clock, epoch seconds);
 * and the `secret_key_timestamp` of the key the cluster had before (null: none).
 *
 * A later create counts a key without a stored secret as the interrupted run's own ("ours") only
 * when all of these hold, and otherwise refuses it as before:
 * - the marker names this zone and user, and the key is newer than the one it saw before;
 * - the key was minted within {@link MARKER_WINDOW_SECONDS} of the marker's time (so a marker left
 *   behind by a run that never retried cannot vouch for a key made by hand days later; the same
 *   bound absorbs clock skew between this machine and the cluster);
 * - the writer is gone: this very configuration of this process, or a process of this host that no
 *   longer exists, or (another host, whose processes cannot be seen) a marker older than the window.
 *   A live writer is another apply minting right now: its key is refused as "being minted".
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PapiApi } from '../../../papi/types';
import { RESERVED_SECRET_PREFIX } from '../../../secrets/names';
import type { SecretStore } from '../../../secrets/types';
import { defaultSecretName } from './naming';
import { storedObject } from '../stored-document';

/** What the `marker` member of a marker holds. */
export const MARKER_KIND = 'powerscale_s3_key minting';

/** How far (seconds) a key's mint time may lie from its marker's time and still be the marker's. */
export const MARKER_WINDOW_SECONDS = 15 * 60;

/** The store name of the marker of (zone, user). */
export function markerName(zone: string, user: string): string {
  return defaultSecretName(zone, user, RESERVED_SECRET_PREFIX);
}

/** Which process wrote a marker. */
export interface MarkerWriter {
  /** A token per configured provider (one per `terraform` run's provider process). */
  readonly run: string;
  readonly host: string;
  readonly pid: number;
}

/** A parsed marker. */
export interface MintingMarker extends MarkerWriter {
  readonly zone: string;
  readonly user: string;
  readonly owner: string;
  /** Epoch seconds, the writer's clock. */
  readonly time: number;
  /** The secret_key_timestamp of the key before the mint; null when the user had none. */
  readonly before: number | null;
}

const writers = new WeakMap<PapiApi, MarkerWriter>();

/** This process's identity for the provider configured with `papi` (stable for its lifetime). */
export function writerOf(papi: PapiApi): MarkerWriter {
  let writer = writers.get(papi);
  if (writer === undefined) {
    writer = { run: randomUUID(), host: hostname(), pid: process.pid };
    writers.set(papi, writer);
  }
  return writer;
}

/** The marker's stored value (fixed member order, no secret). */
export function encodeMarker(marker: MintingMarker): string {
  const { zone, user, owner, run, host, pid, time, before } = marker;
  return JSON.stringify({ marker: MARKER_KIND, zone, user, owner, run, host, pid, time, before });
}

/** Parses a stored marker; undefined for anything else (a malformed marker vouches for nothing). */
export function decodeMarker(value: string): MintingMarker | undefined {
  const m = storedObject(value);
  if (m === undefined || m.marker !== MARKER_KIND) return undefined;
  const { zone, user, owner, run, host, pid, time, before } = m;
  const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
  const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  if (!text(zone) || !text(user) || !text(owner) || !text(run) || !text(host) || !int(pid) || !int(time) || !(before === null || int(before))) return undefined;
  return { zone, user, owner, run, host, pid, time, before };
}

/** Writes the marker of a mint about to happen. Throws the store's error: then nothing is minted. */
export async function writeMarker(store: SecretStore, marker: MintingMarker, signal: AbortSignal): Promise<void> {
  await store.createOrUpdate(markerName(marker.zone, marker.user), encodeMarker(marker), signal);
}

/** Reads the marker of (zone, user), if any and well-formed. */
export async function readMarker(store: SecretStore, zone: string, user: string, signal: AbortSignal): Promise<MintingMarker | undefined> {
  const value = await store.get(markerName(zone, user), signal);
  return value === undefined ? undefined : decodeMarker(value);
}

/** Deletes the marker of (zone, user) when `owner` wrote it (another object's newer marker stays). */
export async function clearMarker(store: SecretStore, zone: string, user: string, owner: string, signal: AbortSignal): Promise<void> {
  const marker = await readMarker(store, zone, user, signal);
  if (marker !== undefined && marker.owner !== owner) return;
  await store.delete(markerName(zone, user), signal);
}

/** What a marker says about a key that has no stored secret. */
export type MarkerVerdict =
  | { readonly kind: 'ours' }
  | { readonly kind: 'in-progress'; readonly marker: MintingMarker }
  | { readonly kind: 'not-ours'; readonly why: 'no-marker' | 'key-not-newer' | 'outside-window' };

/** What the judgement needs from the world besides the marker and the key. */
export interface MarkerJudge {
  readonly self: MarkerWriter;
  /** Now, epoch seconds, this machine's clock. */
  readonly nowSeconds: number;
  /** True when process `pid` of this host exists. */
  readonly isAlive: (pid: number) => boolean;
}

/** True when process `pid` exists on this host (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Decides whether the key of (zone, user), minted at `keyTimestamp` (cluster clock) and without a
 * stored secret, is the one an interrupted create of this provider minted (see the module doc).
 */
export function judgeMarker(marker: MintingMarker | undefined, zone: string, user: string, keyTimestamp: number, judge: MarkerJudge): MarkerVerdict {
  if (marker === undefined || marker.zone !== zone || marker.user !== user) return { kind: 'not-ours', why: 'no-marker' };
  if (marker.before !== null && keyTimestamp <= marker.before) return { kind: 'not-ours', why: 'key-not-newer' };
  if (Math.abs(keyTimestamp - marker.time) > MARKER_WINDOW_SECONDS) return { kind: 'not-ours', why: 'outside-window' };
  const { self } = judge;
  if (marker.run === self.run) return { kind: 'ours' };
  const writerGone = marker.host === self.host ? marker.pid !== self.pid && !judge.isAlive(marker.pid) : judge.nowSeconds - marker.time > MARKER_WINDOW_SECONDS;
  return writerGone ? { kind: 'ours' } : { kind: 'in-progress', marker };
}

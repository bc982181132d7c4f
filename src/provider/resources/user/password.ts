/**
 * The minted password of `powerscale_user`: how it is generated, the document the secret store
 * holds (`{"zone", "username", "password", "owner"}`), and the private state that remembers why a
 * new one is due. Like the S3 key's document (s3-key/secret-document.ts), `owner` is the token of
 * the resource object that wrote it, so a store document is only ever overwritten or deleted by its
 * own object or by an object of the same user. Nothing here returns a password to anything that
 * could put it in state: every value read or made is registered for redaction first.
 */
import { randomInt } from 'node:crypto';
import { defaultSecretName } from '../s3-key/naming';
import { OWNER_PATTERN } from '../s3-key/rotation';
import type { SecretStore } from '../../../secrets/types';
import type { Log } from '../../framework';
import { ownerToken, storedObject } from '../stored-document';

/** The prefix of every default password secret name: `powerscale-user-<zone>-<name>`. */
export const DEFAULT_PASSWORD_SECRET_PREFIX = 'powerscale-user-';

/** The secret name used when only password_triggers asks for a minted password. */
export function defaultPasswordSecretName(zone: string, name: string): string {
  return defaultSecretName(zone, name, DEFAULT_PASSWORD_SECRET_PREFIX);
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
// No quotes, backslash, space or shell/URL metacharacters, so the password survives being pasted.
const SYMBOLS = '!#%+-.:=?@^_~';
const CLASSES = [LOWER, UPPER, DIGITS, SYMBOLS];
const ALL = CLASSES.join('');

/** Length of a minted password: far beyond any OneFS password policy minimum (at most 255). */
export const MINTED_PASSWORD_LENGTH = 32;

/**
 * A new password from the OS CSPRNG: 32 characters with at least one of each class (lower, upper,
 * digit, symbol), so that it meets OneFS's complexity rules whatever the zone's policy enables
 * (about 190 bits of entropy).
 */
export function generatePassword(length: number = MINTED_PASSWORD_LENGTH): string {
  const chars = CLASSES.map((c) => c.charAt(randomInt(c.length)));
  while (chars.length < length) chars.push(ALL.charAt(randomInt(ALL.length)));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

/** The stored document (key order fixed, no whitespace). */
export function encodePasswordDocument(zone: string, username: string, password: string, owner: string): string {
  return JSON.stringify({ zone, username, password, owner });
}

/** The public members of a password document. */
export interface PasswordHeader {
  readonly zone: string;
  readonly username: string;
  readonly owner: string | undefined;
}

/** The header of a stored value, or undefined when it is not a password document. */
export function passwordHeaderOf(value: string): PasswordHeader | undefined {
  const members = storedObject(value);
  if (members === undefined) return undefined;
  const { zone, username, password, owner } = members;
  if (typeof zone !== 'string' || typeof username !== 'string' || typeof password !== 'string' || password === '') return undefined;
  return { zone, username, owner: ownerToken(owner) };
}

/** A stored value, read with everything secret in it registered for redaction. */
export interface StoredPassword {
  readonly value: string;
  readonly header: PasswordHeader | undefined;
}

/** Reads `name` from the store, registering the value and the password inside it for redaction. */
export async function readPasswordDocument(secrets: SecretStore, log: Log, name: string, signal: AbortSignal): Promise<StoredPassword | undefined> {
  const value = await secrets.get(name, signal);
  if (value === undefined) return undefined;
  log.addSecret(value);
  try {
    const password = (JSON.parse(value) as Record<string, unknown> | null)?.password;
    if (typeof password === 'string') log.addSecret(password);
  } catch {
    // Not JSON: the whole value is registered already.
  }
  return { value, header: passwordHeaderOf(value) };
}

/** True when the document is this user's password (same zone and name), whoever wrote it. */
export function isPasswordOf(header: PasswordHeader | undefined, zone: string, name: string): header is PasswordHeader {
  return header !== undefined && header.zone === zone && header.username === name;
}

/** Why a new password is due (carried in private state from read or a failed apply to the next plan). */
export type ResetReason = 'secret-missing' | 'secret-malformed' | 'secret-other-user' | 'secret-other-owner' | 'set-failed' | 'triggers-changed' | 'triggers-unknown' | 'mode-changed' | 'set-outside' | 'record-lost';

const REASONS: readonly ResetReason[] = ['secret-missing', 'secret-malformed', 'secret-other-user', 'secret-other-owner', 'set-failed', 'triggers-changed', 'triggers-unknown', 'mode-changed', 'set-outside', 'record-lost'];

/** What a user reads about a planned reset. */
export function describeReset(reason: ResetReason): string {
  switch (reason) {
    case 'secret-missing':
      return 'the secret store has no password under password_secret_name';
    case 'secret-malformed':
      return 'the value under password_secret_name is not {"zone", "username", "password"}';
    case 'secret-other-user':
      return 'the value under password_secret_name is the password of another user';
    case 'secret-other-owner':
      return 'the password under password_secret_name was written by another resource or outside Terraform (it lacks this resource\'s owner token), and a password cannot be checked against the cluster';
    case 'set-failed':
      return 'an earlier apply could not set or store the password';
    case 'triggers-changed':
      return 'password_triggers changed';
    case 'triggers-unknown':
      return 'password_triggers are not known until apply';
    case 'mode-changed':
      return 'the password is now minted by the provider';
    case 'set-outside':
      return 'the password was set on the cluster outside Terraform (its password_last_set moved), so the stored one no longer works';
    case 'record-lost':
      return 'an earlier apply was interrupted while it changed this user (the provider stopped without answering, and Terraform kept the state without the provider\'s record of the password), so the stored password may be one that was never set on the cluster';
  }
}

/** The private state of a user. Never a password. */
export interface UserPrivate {
  /** A new minted password is due, for this reason. */
  readonly reset?: ResetReason;
  /** password_wo is to be set in this apply (planned only). */
  readonly setGiven?: true;
  /** This object's owner token (absent: imported and not yet applied). */
  readonly owner?: string;
  /** The password on the cluster is not the one in the store (imported): drift in the store is not news. */
  readonly unknownPassword?: true;
  /** Imported, and the adoption's owner stamp has not landed yet: no owner, and not a lost record. */
  readonly adopting?: true;
}

export function decodeUserPrivate(value: unknown): UserPrivate {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const { reset, setGiven, owner, unknownPassword, adopting } = value as Record<string, unknown>;
  return {
    ...(typeof reset === 'string' && (REASONS as readonly string[]).includes(reset) ? { reset: reset as ResetReason } : {}),
    ...(setGiven === true ? { setGiven } : {}),
    ...(typeof owner === 'string' && OWNER_PATTERN.test(owner) ? { owner } : {}),
    ...(unknownPassword === true ? { unknownPassword } : {}),
    ...(adopting === true ? { adopting } : {}),
  };
}

/** Private state to store (undefined when empty). */
export function encodeUserPrivate(p: UserPrivate): UserPrivate | undefined {
  const out: UserPrivate = {
    ...(p.reset === undefined ? {} : { reset: p.reset }),
    ...(p.setGiven ? { setGiven: true as const } : {}),
    ...(p.owner === undefined ? {} : { owner: p.owner }),
    ...(p.unknownPassword ? { unknownPassword: true as const } : {}),
    ...(p.adopting ? { adopting: true as const } : {}),
  };
  return Object.keys(out).length === 0 ? undefined : out;
}

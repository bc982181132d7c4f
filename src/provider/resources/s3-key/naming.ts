/**
 * Names of `powerscale_s3_key`: the rules OneFS applies to user and zone names, the Terraform id
 * (`<zone>/<user>`), and the default secret name derived from zone and user. Pure functions, no I/O
 * (they run at validate and plan time).
 */
import { createHash } from 'node:crypto';
import { validateSecretName } from '../../../secrets/names';

/** The zone every cluster has; the default of `zone`. */
export const SYSTEM_ZONE = 'System';

/**
 * Local user names OneFS accepts: 1 to 104 characters, no whitespace and none of
 * `/ \ : @ " < > | * ? + = ; , [ ]` (the simulator enforces the same rule). {@link userNameProblem}
 * also refuses `.`, `..` and invisible characters.
 */
export const USER_NAME_PATTERN = /^[^\s/\\:@"<>|*?+=;,[\]]{1,104}$/;

/** The user rule in words, for diagnostics and docs. */
export const USER_NAME_RULE = 'a user name is 1 to 104 characters, with no whitespace, no control or bidirectional-formatting characters and none of / \\ : @ " < > | * ? + = ; , [ ], and is not "." or ".."';

/** Access zone names OneFS accepts: 1 to 255 letters, digits, `_`, `.` or `-`. */
export const ZONE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,255}$/;

/** The zone rule in words. */
export const ZONE_NAME_RULE = 'a zone name is 1 to 255 characters: letters, digits, "_", "." and "-"';

/** The prefix of every default secret name. */
export const DEFAULT_SECRET_PREFIX = 'powerscale-s3-';

/**
 * Control and format characters (C0, C1, bidi embeddings, overrides and isolates U+202A-U+202E,
 * U+2066-U+2069, zero-width marks...): invisible or reordering in a terminal, so a name holding
 * one can look like another name in a plan or an error.
 */
export const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * `value` quoted for a message: JSON quoting plus `\uXXXX` for every character of
 * {@link INVISIBLE_CHARACTERS}, so that echoing a bad name never reorders or hides terminal text.
 */
export function quoteName(value: string): string {
  return JSON.stringify(value).replace(new RegExp(INVISIBLE_CHARACTERS.source, 'gu'), (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** undefined when `user` is a name OneFS accepts, otherwise a sentence naming the rule. */
export function userNameProblem(user: string): string | undefined {
  if (user.length === 0) return `user is empty; ${USER_NAME_RULE}.`;
  // "." and ".." pass the character rule, but a URL parser turns /protocols/s3/keys/.. into /protocols/s3/.
  if (user === '.' || user === '..') return `user ${quoteName(user)} is not a user name (it names a directory in a URL path); ${USER_NAME_RULE}.`;
  if (INVISIBLE_CHARACTERS.test(user)) return `user ${quoteName(user)} contains a control or bidirectional-formatting character; ${USER_NAME_RULE}.`;
  return USER_NAME_PATTERN.test(user) ? undefined : `user ${quoteName(user)} is not a name OneFS accepts; ${USER_NAME_RULE}.`;
}

/** undefined when `zone` is a name OneFS accepts, otherwise a sentence naming the rule. */
export function zoneNameProblem(zone: string): string | undefined {
  if (zone.length === 0) return `zone is empty; ${ZONE_NAME_RULE}.`;
  if (zone === '.' || zone === '..') return `zone ${quoteName(zone)} is not a zone name; ${ZONE_NAME_RULE}.`;
  return ZONE_NAME_PATTERN.test(zone) ? undefined : `zone ${quoteName(zone)} is not a name OneFS accepts; ${ZONE_NAME_RULE}.`;
}

/** The Terraform id: `<zone>/<user>` (user names cannot hold `/`, so it parses back unambiguously). */
export function keyId(zone: string, user: string): string {
  return `${zone}/${user}`;
}

/** A parsed import id, or the reason it is not one. */
export type ParsedImportId = { readonly zone: string; readonly user: string } | { readonly problem: string };

/** Parses `<zone>/<user>`: exactly one `/`, both sides names OneFS accepts. */
export function parseImportId(id: string): ParsedImportId {
  const parts = id.split('/');
  if (parts.length !== 2) return { problem: `Expected "<zone>/<user>" with exactly one "/", for example "System/alice"; got ${JSON.stringify(id)}.` };
  const [zone = '', user = ''] = parts;
  const problem = zoneNameProblem(zone) ?? userNameProblem(user);
  return problem === undefined ? { zone, user } : { problem: `Expected "<zone>/<user>", for example "System/alice": ${problem}` };
}

// What a plain default name may hold: the zone part has no "-", so the first "-" after the prefix
// separates zone from user, and two different (zone, user) pairs never give the same name.
const PLAIN_ZONE = /^[A-Za-z0-9_.]+$/;
const PLAIN_USER = /^[A-Za-z0-9_.-]+$/;
const MAX_NAME = 256;

/**
 * The secret name used when `secret_name` is not set: `powerscale-s3-<zone>-<user>` when that is
 * unambiguous and valid for the store (`powerscale-s3-System-alice`). Otherwise (a zone holding
 * `-`, a user with characters the store refuses, or a name over 256 characters) the unsafe
 * characters become `_` and a short hash of the exact zone and user is appended
 * (`powerscale-s3-System-svc_-1a2b3c4d`), so the name stays deterministic and distinct per key.
 */
export function defaultSecretName(zone: string, user: string): string {
  const plain = `${DEFAULT_SECRET_PREFIX}${zone}-${user}`;
  if (PLAIN_ZONE.test(zone) && PLAIN_USER.test(user) && plain.length <= MAX_NAME) return plain;
  const hash = createHash('sha256').update(`${zone}\u0000${user}`).digest('hex').slice(0, 8);
  const safe = (s: string, max: number) => s.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, max);
  const name = `${DEFAULT_SECRET_PREFIX}${safe(zone, 100)}-${safe(user, 104)}-${hash}`;
  // Cannot fail (prefix starts with a letter, parts are sanitised and bounded); checked so a
  // future change of the store's rule shows up in tests instead of at apply time.
  const problem = validateSecretName(name);
  if (problem !== undefined) throw new Error(`default secret name is invalid: ${problem}`);
  return name;
}

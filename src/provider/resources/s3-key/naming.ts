/**
 * Names of `powerscale_s3_key`: the rules OneFS applies to user and zone names, the Terraform id
 * (`<zone>/<user>`), and the default secret name derived from zone and user. Pure functions, no I/O
 * (they run at validate and plan time).
 */
import { createHash } from 'node:crypto';
import {
  INVISIBLE_CHARACTERS,
  quoteName,
  SYSTEM_ZONE,
  USER_NAME_PATTERN,
  USER_NAME_RULE,
  userNameProblem,
  ZONE_NAME_PATTERN,
  ZONE_NAME_RULE,
  zoneNameProblem,
} from '../../../onefs/rules';
import { validateSecretName } from '../../../secrets/names';

/** The zone every cluster has; the default of `zone`. (The rules live in src/onefs/rules.ts.) */
export { INVISIBLE_CHARACTERS, quoteName, SYSTEM_ZONE, USER_NAME_PATTERN, USER_NAME_RULE, userNameProblem, ZONE_NAME_PATTERN, ZONE_NAME_RULE, zoneNameProblem };

/** The prefix of every default secret name. */
export const DEFAULT_SECRET_PREFIX = 'powerscale-s3-';

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
 * `prefix` (at most 20 characters) lets another resource derive its names the same way
 * (`powerscale_user`: `powerscale-user-`).
 */
export function defaultSecretName(zone: string, user: string, prefix: string = DEFAULT_SECRET_PREFIX): string {
  const plain = `${prefix}${zone}-${user}`;
  if (PLAIN_ZONE.test(zone) && PLAIN_USER.test(user) && plain.length <= MAX_NAME) return plain;
  const hash = createHash('sha256').update(`${zone}\u0000${user}`).digest('hex').slice(0, 8);
  const safe = (s: string, max: number) => s.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, max);
  const name = `${prefix}${safe(zone, 100)}-${safe(user, 104)}-${hash}`;
  // Cannot fail (prefix starts with a letter, parts are sanitised and bounded); checked so a
  // future change of the store's rule shows up in tests instead of at apply time.
  const problem = validateSecretName(name);
  if (problem !== undefined) throw new Error(`default secret name is invalid: ${problem}`);
  return name;
}

/**
 * OneFS naming rules and limits, in one neutral module that the provider's resources, the
 * constructs and the simulator all import (so the three can never disagree). Pure constants and
 * regular expressions: no I/O, no Terraform, no PAPI.
 */

/** The zone every cluster has and that cannot be deleted; the default zone of zone-scoped APIs. */
export const SYSTEM_ZONE = 'System';

/**
 * Local user names OneFS accepts: 1 to 104 characters, no whitespace and none of
 * `/ \ : @ " < > | * ? + = ; , [ ]`. {@link userNameProblem} also refuses `.`, `..` and invisible
 * characters.
 */
export const USER_NAME_PATTERN = /^[^\s/\\:@"<>|*?+=;,[\]]{1,104}$/;

/** The user rule in words, for diagnostics and docs. */
export const USER_NAME_RULE = 'a user name is 1 to 104 characters, with no whitespace, no control or bidirectional-formatting characters and none of / \\ : @ " < > | * ? + = ; , [ ], and is not "." or ".."';

/** Access zone names OneFS accepts: 1 to 255 letters, digits, `_`, `.` or `-`. */
export const ZONE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,255}$/;

/** The zone rule in words. */
export const ZONE_NAME_RULE = 'a zone name is 1 to 255 characters: letters, digits, "_", "." and "-"';

/** The zone base-path rule in words. */
export const ZONE_PATH_RULE = 'a zone path is /ifs or an absolute path below it (like /ifs/tenants/t1), without "." or ".." and without a trailing slash';

/** undefined when `path` is a zone base path OneFS accepts (under /ifs), otherwise a sentence naming the rule. */
export function zonePathProblem(path: string): string | undefined {
  if (/^\/ifs(\/[^/]+)*$/.test(path) && !path.split('/').some((p) => p === '.' || p === '..')) return undefined;
  return `path ${JSON.stringify(path)} is not allowed; ${ZONE_PATH_RULE}.`;
}

/** The local group rule in words (OneFS applies the local user rule to local groups). */
export const GROUP_NAME_RULE = 'a group name is 1 to 104 characters, with no whitespace, no control or bidirectional-formatting characters and none of / \\ : @ " < > | * ? + = ; , [ ], and is not "." or ".."';

/** undefined when `name` is a local group name OneFS accepts, otherwise a sentence naming the rule. */
export function groupNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..' || INVISIBLE_CHARACTERS.test(name) || !USER_NAME_PATTERN.test(name)) return `group name ${quoteName(name)} is not allowed; ${GROUP_NAME_RULE}.`;
  return undefined;
}

/** The most minutes OneFS keeps a previous S3 secret valid after a rotation (PAPI schema: 0..1440). */
export const MAX_EXISTING_KEY_EXPIRY_MINUTES = 1440;

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

/**
 * S3 bucket names OneFS accepts: 3 to 63 lowercase letters, digits and `-`, starting and ending
 * with a letter or digit (the S3 rules OneFS applies; it does not accept dots, which S3 allows for
 * old virtual-host buckets). The API schema's own bound (1 to 255) is wider than what the S3
 * service answers to, so the narrower rule is checked at plan time.
 */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The bucket rule in words. */
export const BUCKET_NAME_RULE = 'a bucket name is 3 to 63 characters: lowercase letters, digits and "-", starting and ending with a letter or digit';

/** undefined when `name` is an S3 bucket name OneFS accepts, otherwise a sentence naming the rule. */
export function bucketNameProblem(name: string): string | undefined {
  return BUCKET_NAME_PATTERN.test(name) ? undefined : `bucket name ${quoteName(name)} is not allowed; ${BUCKET_NAME_RULE}.`;
}

/** Whether `path` is `root` or a path below it (both normalised, without trailing slash). */
export function isPathUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}

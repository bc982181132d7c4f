/**
 * The names a secret store can hold. One rule for both backends, so that a stack can move from the
 * file store to DAP without renaming anything. It is Cloudify's own rule (manager
 * `rest_utils.validate_inputs`): 1 to 256 characters, only characters that URL quoting leaves as
 * they are (letters, digits, `-`, `.`, `_`), starting with a letter. So `s3_System_alice` is fine;
 * names starting with a digit or holding `/`, `@` or spaces are not.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,255}$/;

/** The rule above in words, for diagnostics and docs. */
export const SECRET_NAME_RULE =
  'a secret name is 1 to 256 characters: letters, digits, "-", "." and "_", starting with a letter';

/**
 * The prefix of the names the provider keeps its own records under (the S3 key's minting markers,
 * docs/s3-key.md): no resource may be configured to write a secret there, so a user's secret and
 * a marker never share a name. Compared without case.
 */
export const RESERVED_SECRET_PREFIX = 'powerscale-minting-';

/** JSON quoting with control and format characters (bidi overrides...) as `\uXXXX`, for messages. */
function quote(value: string): string {
  return JSON.stringify(value).replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/**
 * Checks a secret name without any I/O (safe at plan time).
 * @returns undefined when the name is valid, otherwise a sentence saying what is wrong.
 */
export function validateSecretName(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return `the secret name is empty; ${SECRET_NAME_RULE}`;
  if (name.length > 256) return `the secret name is ${name.length} characters long; ${SECRET_NAME_RULE}`;
  if (!/^[A-Za-z]/.test(name)) return `the secret name ${quote(name)} does not start with a letter; ${SECRET_NAME_RULE}`;
  const bad = [...name].find((c) => !/[A-Za-z0-9_.-]/.test(c));
  if (bad !== undefined) return `the secret name ${quote(name)} contains ${quote(bad)}; ${SECRET_NAME_RULE}`;
  return undefined;
}

/**
 * Checks a name a resource is configured to write its secret under: a valid name outside the
 * reserved prefix. (The stores themselves accept reserved names: the provider writes them.)
 * @returns undefined when the name may be used, otherwise a sentence saying what is wrong.
 */
export function validateConfiguredSecretName(name: string): string | undefined {
  const problem = validateSecretName(name);
  if (problem !== undefined) return problem;
  if (name.toLowerCase().startsWith(RESERVED_SECRET_PREFIX)) return `the secret name ${quote(name)} starts with ${quote(RESERVED_SECRET_PREFIX)}, which is reserved for the provider's minting markers; choose another name`;
  return undefined;
}

/**
 * Logging seam. The client logs method, path, status, codes, attempt numbers and timings; never
 * query strings, headers, bodies, cookies, CSRF tokens or credentials.
 */

/** Structured fields of one log line: primitives only, so nothing nested can smuggle a secret in. */
export type PapiLogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where the client's log lines go (the provider routes them to stderr). */
export interface PapiLogger {
  debug(message: string, fields?: PapiLogFields): void;
  warn(message: string, fields?: PapiLogFields): void;
}

/** Drops every line; the default. */
export const silentLogger: PapiLogger = Object.freeze({
  debug(): void {},
  warn(): void {},
});

/**
 * Replaces each secret (of four or more characters) in `text` with `[REDACTED]`. Used on text that
 * comes from the cluster (error messages), in case a server ever echoes a credential or a cookie.
 * Shorter secrets are left alone: redacting every "e" would destroy the message and protect little.
 */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}

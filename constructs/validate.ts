/**
 * Synth-time checks of construct props. Every check skips values that contain unresolved tokens
 * (`${var.x}`, references to other resources): those are only known to Terraform, and the
 * provider validates them again at plan time. Messages follow aws-cdk's guideline: lowercase, what
 * was given and what is allowed, no trailing period. They never echo a password.
 */
import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { MAX_EXISTING_KEY_EXPIRY_MINUTES, quoteName } from '../src/onefs/rules';
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../src/secrets/names';
import { ConstructValidationError } from './validation-error';

/** The largest `existing_key_expiry_minutes` OneFS accepts (one day). */
export { MAX_EXISTING_KEY_EXPIRY_MINUTES };

// The secret stores' own rule (src/secrets/names.ts), imported so that the two cannot drift.
export { SECRET_NAME_PATTERN };

/**
 * A short, safe rendering of a given value for an error message: control and bidi-formatting
 * characters are shown as `\uXXXX`, so an echoed value cannot reorder or hide terminal text.
 */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? quoteName(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** True when the value is (or contains) a token that only Terraform can resolve. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/**
 * A value that `problem` (the provider's own check, imported so the two cannot drift) accepts;
 * `rule` says what is allowed, for the message.
 */
export function checkRule(scope: IConstruct, code: string, label: string, value: string | undefined, problem: (value: string) => string | undefined, rule: string): void {
  if (value === undefined || isUnresolved(value)) return;
  if (problem(value) !== undefined) {
    throw new ConstructValidationError(code, `${label} must be a name OneFS accepts (${rule}), but ${describeValue(value)} was given`, scope);
  }
}

/** A whole number within `[min, max]`. */
export function checkWholeNumber(scope: IConstruct, code: string, label: string, value: number | undefined, min: number, max: number, unit: string): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConstructValidationError(
      code,
      `${label} must be a whole number of ${unit} from ${min} to ${max}, but ${describeValue(value)} was given`,
      scope,
    );
  }
}

/** A secret name the secret stores accept (`SECRET_NAME_PATTERN`: 1 to 256 characters, starting with a letter). */
export function checkSecretName(scope: IConstruct, code: string, label: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!SECRET_NAME_PATTERN.test(value)) {
    throw new ConstructValidationError(
      code,
      `${label} must be what the secret stores accept (${SECRET_NAME_RULE}), but ${describeValue(value)} was given`,
      scope,
    );
  }
}

/** The value with any `user:password@` part replaced, so that an error message cannot leak it. */
function withoutUserinfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

/** An `https://` URL with a host and no credentials (OneFS serves the Platform API over HTTPS only). */
export function checkHttpsUrl(scope: IConstruct, code: string, label: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url !== undefined && (url.username !== '' || url.password !== '')) {
    throw new ConstructValidationError(code, `${label} must not contain credentials, but a URL with a user name or password was given; use username and passwordFile`, scope);
  }
  if (url === undefined || url.protocol !== 'https:' || url.hostname === '') {
    throw new ConstructValidationError(code, `${label} must be an https:// URL such as "https://cluster.example.com:8080", but ${describeValue(withoutUserinfo(value))} was given`, scope);
  }
}

/** A non-empty string (file paths, tenant names, user names of the API account). */
export function checkNonEmpty(scope: IConstruct, code: string, label: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  if (value.trim() === '') {
    throw new ConstructValidationError(code, `${label} must not be empty, but ${describeValue(value)} was given`, scope);
  }
}

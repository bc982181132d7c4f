/**
 * Synth-time checks of construct props. Every check skips values that contain unresolved tokens
 * (`${var.x}`, references to other resources): those are only known to Terraform, and the
 * provider validates them again at plan time. Messages follow aws-cdk's guideline: lowercase, what
 * was given and what is allowed, no trailing period. They never echo a password.
 */
import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../src/secrets/names';
import { ConstructValidationError } from './validation-error';

/** The largest `existing_key_expiry_minutes` OneFS accepts (one day). */
export const MAX_EXISTING_KEY_EXPIRY_MINUTES = 1440;

// The secret stores' own rule (src/secrets/names.ts), imported so that the two cannot drift.
export { SECRET_NAME_PATTERN };

// User and zone names end up in the resource id `<zone>/<user>` and in PAPI paths
// (`/platform/10/protocols/s3/keys/<user>?zone=<zone>`): a `/` would make the id ambiguous, and
// whitespace or control characters are never part of a OneFS name.
const FORBIDDEN_NAME_CHARS = /[/:\s\p{Cc}]/u;
const MAX_NAME_LENGTH = 255;

/** A short, safe rendering of a given value for an error message. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** True when the value is (or contains) a token that only Terraform can resolve. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/**
 * A OneFS user or access zone name: 1 to 255 characters, none of `/`, `:`, whitespace or control
 * characters.
 */
export function checkName(scope: IConstruct, code: string, label: string, value: string): void {
  if (isUnresolved(value)) return;
  if (value.length === 0 || value.length > MAX_NAME_LENGTH || FORBIDDEN_NAME_CHARS.test(value)) {
    throw new ConstructValidationError(
      code,
      `${label} must be 1 to ${MAX_NAME_LENGTH} characters without "/", ":", whitespace or control characters, but ${describeValue(value)} was given`,
      scope,
    );
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

/** An `https://` URL with a host (OneFS serves the Platform API over HTTPS only). */
export function checkHttpsUrl(scope: IConstruct, code: string, label: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  let ok = false;
  try {
    const url = new URL(value);
    ok = url.protocol === 'https:' && url.hostname !== '';
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new ConstructValidationError(code, `${label} must be an https:// URL such as "https://cluster.example.com:8080", but ${describeValue(value)} was given`, scope);
  }
}

/** A non-empty string (file paths, tenant names, user names of the API account). */
export function checkNonEmpty(scope: IConstruct, code: string, label: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  if (value.trim() === '') {
    throw new ConstructValidationError(code, `${label} must not be empty, but ${describeValue(value)} was given`, scope);
  }
}

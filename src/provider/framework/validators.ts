/**
 * Attribute validators. Each runs at validate time on a known, non-null value and returns a
 * message when the value is wrong; the framework turns that into an error diagnostic that points
 * at the attribute (Terraform then underlines the offending line). Unknown values (a reference to
 * something not applied yet) are skipped and checked again once known.
 */
import { BigNumberValue, type TfValue } from './contract';

/** A check on one attribute value. `validate` returns a message (what is wrong and what to do) or undefined. */
export interface Validator {
  readonly description: string;
  validate(value: Exclude<TfValue, null>): string | undefined;
}

/** Builds a validator from a function; `description` says what a good value looks like. */
export function validator(description: string, validate: (value: Exclude<TfValue, null>) => string | undefined): Validator {
  return { description, validate };
}

/** The value must be one of `allowed` (strings). */
export function oneOf(...allowed: string[]): Validator {
  const list = allowed.map((a) => JSON.stringify(a)).join(', ');
  return validator(`one of ${list}`, (v) =>
    typeof v === 'string' && allowed.includes(v) ? undefined : `Expected one of ${list}, got ${JSON.stringify(v)}.`,
  );
}

/** A string of `min`..`max` characters (code points). */
export function lengthBetween(min: number, max: number): Validator {
  return validator(`between ${min} and ${max} characters`, (v) => {
    if (typeof v !== 'string') return 'Expected a string.';
    const n = [...v].length;
    return n >= min && n <= max ? undefined : `Expected between ${min} and ${max} characters, got ${n}.`;
  });
}

/** A string matching `pattern`; `explanation` completes "Expected ..." in the message. */
export function matches(pattern: RegExp, explanation: string): Validator {
  return validator(explanation, (v) => (typeof v === 'string' && pattern.test(v) ? undefined : `Expected ${explanation}.`));
}

/** A whole number in `min`..`max` inclusive. */
export function intBetween(min: number, max: number): Validator {
  return validator(`a whole number from ${min} to ${max}`, (v) => {
    // A big decimal with a fraction (3600.0000000000000000001) must not round into range.
    const n = typeof v === 'number' ? v : v instanceof BigNumberValue && /^-?\d+$/.test(v.decimal) ? Number(v.decimal) : NaN;
    if (!Number.isInteger(n)) return `Expected a whole number from ${min} to ${max}, got ${String(v)}.`;
    return n >= min && n <= max ? undefined : `Expected a whole number from ${min} to ${max}, got ${n}.`;
  });
}

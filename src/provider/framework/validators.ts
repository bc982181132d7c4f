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

// ---------------------------------------------------------------------------------------------
// Typed builders: the check receives a value of the right type; any other type is refused with
// "Expected a <type>." (the schema's cty type normally rules that out before validation).
// ---------------------------------------------------------------------------------------------

/** A validator for string attributes: `check` gets the string. */
export function stringValidator(description: string, check: (value: string) => string | undefined): Validator {
  return validator(description, (v) => (typeof v === 'string' ? check(v) : 'Expected a string.'));
}

/** A validator for number attributes: `check` gets the number (big decimals as their nearest double). */
export function numberValidator(description: string, check: (value: number) => string | undefined): Validator {
  return validator(description, (v) => (typeof v === 'number' ? check(v) : v instanceof BigNumberValue ? check(Number(v.decimal)) : 'Expected a number.'));
}

/** A validator for list and set attributes (and list/set nested attributes): `check` gets the elements. */
export function listValidator(description: string, check: (elements: readonly TfValue[]) => string | undefined): Validator {
  return validator(description, (v) => (Array.isArray(v) ? check(v) : 'Expected a list or set.'));
}

/** A validator for map attributes (and map nested attributes): `check` gets the entries. */
export function mapValidator(description: string, check: (entries: Readonly<Record<string, TfValue>>) => string | undefined): Validator {
  return validator(description, (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof BigNumberValue) ? check(v as Record<string, TfValue>) : 'Expected a map.'));
}

/** A list, set or map with `min`..`max` elements. */
export function sizeBetween(min: number, max: number): Validator {
  return validator(`between ${min} and ${max} elements`, (v) => {
    const n = Array.isArray(v) ? v.length : v !== null && typeof v === 'object' && !(v instanceof BigNumberValue) ? Object.keys(v).length : -1;
    if (n < 0) return 'Expected a collection.';
    return n >= min && n <= max ? undefined : `Expected between ${min} and ${max} elements, got ${n}.`;
  });
}

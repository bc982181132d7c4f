/**
 * Declarative cross-attribute rules (terraform-plugin-framework's `ConflictsWith`,
 * `ExactlyOneOf`, `AtLeastOneOf`, `AlsoRequires`) over top-level attributes, named by model key
 * so that a misspelt key fails to compile. They run at validate time; a value not known yet counts
 * as "maybe set", so a rule only fails when the known values already break it.
 */
import { isUnknown, type AttributePath, type Diagnostic, type TfObject } from './contract';
import { errorDiagnostic } from './diagnostics';

/** One rule over attributes named by model key. */
export interface Constraint<Key extends string = string> {
  readonly kind: 'conflictsWith' | 'exactlyOneOf' | 'atLeastOneOf' | 'alsoRequires';
  readonly keys: readonly Key[];
}

/** At most one of `keys` may be set. */
export function conflictsWith<Key extends string>(...keys: Key[]): Constraint<Key> {
  return { kind: 'conflictsWith', keys };
}

/** Exactly one of `keys` must be set. */
export function exactlyOneOf<Key extends string>(...keys: Key[]): Constraint<Key> {
  return { kind: 'exactlyOneOf', keys };
}

/** At least one of `keys` must be set. */
export function atLeastOneOf<Key extends string>(...keys: Key[]): Constraint<Key> {
  return { kind: 'atLeastOneOf', keys };
}

/** When the first key is set, every other key must be set too. */
export function alsoRequires<Key extends string>(key: Key, ...required: Key[]): Constraint<Key> {
  return { kind: 'alsoRequires', keys: [key, ...required] };
}

/** A constraint with the keys resolved to Terraform names. */
export interface CompiledConstraint {
  readonly kind: Constraint['kind'];
  readonly names: readonly string[];
}

function list(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/** Checks every constraint over `config` (Terraform names); diagnostics point at the offending attribute. */
export function checkConstraints(constraints: readonly CompiledConstraint[], config: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of constraints) {
    const set = c.names.filter((n) => (config[n] ?? null) !== null && !isUnknown(config[n]));
    const maybe = c.names.filter((n) => isUnknown(config[n]));
    const at = (name: string | undefined): AttributePath | undefined => (name === undefined ? undefined : [{ attribute: name }]);
    switch (c.kind) {
      case 'conflictsWith':
        if (set.length > 1) out.push(errorDiagnostic('Conflicting Attributes', `Only one of ${list(c.names)} may be set; ${list(set)} are. Remove all but one.`, at(set[1])));
        break;
      case 'exactlyOneOf':
        if (set.length > 1) out.push(errorDiagnostic('Conflicting Attributes', `Exactly one of ${list(c.names)} must be set; ${list(set)} are. Remove all but one.`, at(set[1])));
        else if (set.length === 0 && maybe.length === 0) out.push(errorDiagnostic('Missing Attribute', `Exactly one of ${list(c.names)} must be set; none is.`));
        break;
      case 'atLeastOneOf':
        if (set.length === 0 && maybe.length === 0) out.push(errorDiagnostic('Missing Attribute', `At least one of ${list(c.names)} must be set; none is.`));
        break;
      case 'alsoRequires': {
        const [first, ...rest] = c.names;
        if (first === undefined || !set.includes(first)) break;
        const missing = rest.filter((n) => !set.includes(n) && !maybe.includes(n));
        if (missing.length > 0) out.push(errorDiagnostic('Missing Attribute', `\`${first}\` also requires ${list(missing)} to be set.`, at(first)));
        break;
      }
    }
  }
  return out;
}

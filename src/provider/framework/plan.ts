/**
 * The framework's plan rules for a managed resource, as pure functions over Terraform objects
 * (terraform-plugin-framework's behaviour; the rules Terraform enforces are in
 * `reference/terraform-plugin-protocol.md`, "PlanResourceChange rules"):
 *
 * - planned = proposed (config where set, prior values for computed attributes config leaves null);
 * - write-only attributes are null;
 * - optional+computed attributes with a default get it when config leaves them null;
 * - on create, and on an update that changes something, computed attributes config leaves null
 *   become unknown, unless `useStateForUnknown()` keeps the prior value (updates only);
 * - `requiresReplace()` attributes whose planned value differs from prior are listed.
 */
import { BigNumberValue, isUnknown, UNKNOWN, type AttributePath, type Diagnostic, type TfObject, type TfValue } from './contract';
import { errorDiagnostic } from './diagnostics';
import { hasModifier } from './plan-modifiers';
import type { CompiledAttribute, CompiledSchema } from './schema';
import { containsUnknown, formatPath, tfEqual } from './values';

/** Inputs of one PlanResourceChange (not a destroy). */
export interface PlanInput {
  readonly schema: CompiledSchema;
  /** null on create. */
  readonly prior: TfObject | null;
  readonly proposed: TfObject;
  readonly config: TfObject;
}

/** The framework's plan before any resource hook. */
export interface PlanOutput {
  readonly planned: TfObject;
  readonly requiresReplace: AttributePath[];
}

function isObject(v: TfValue | undefined): v is TfObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) && !(v instanceof BigNumberValue);
}

interface Scope {
  readonly attributes: readonly CompiledAttribute[];
  readonly planned: TfObject;
  readonly config: TfObject;
  readonly prior: TfObject | null;
}

// Every attribute scope of the object: the top level, then each single block present in the plan.
function scopes(schema: CompiledSchema, planned: TfObject, config: TfObject, prior: TfObject | null): Scope[] {
  const out: Scope[] = [{ attributes: schema.attributes, planned, config, prior }];
  for (const b of schema.blocks) {
    const p = planned[b.name];
    if (!isObject(p)) continue;
    const copy: TfObject = { ...p };
    planned[b.name] = copy;
    const c = config[b.name];
    const pr = prior?.[b.name];
    out.push({ attributes: b.attributes, planned: copy, config: isObject(c) ? c : {}, prior: isObject(pr) ? pr : null });
  }
  return out;
}

function changed(schema: CompiledSchema, planned: TfObject, prior: TfObject): boolean {
  for (const a of schema.attributes) if (!tfEqual(planned[a.name] ?? null, prior[a.name] ?? null, a.spec.type)) return true;
  for (const b of schema.blocks) {
    const p = planned[b.name] ?? null;
    const q = prior[b.name] ?? null;
    if (isObject(p) && isObject(q)) {
      for (const a of b.attributes) if (!tfEqual(p[a.name] ?? null, q[a.name] ?? null, a.spec.type)) return true;
    } else if (!tfEqual(p, q)) return true;
  }
  return false;
}

/** Applies the framework's plan rules (see the module comment). */
export function planResourceChange(input: PlanInput): PlanOutput {
  const { schema, prior, config } = input;
  const planned: TfObject = { ...input.proposed };
  const all = scopes(schema, planned, config, prior);

  for (const s of all) {
    for (const a of s.attributes) {
      if (a.spec.writeOnly) s.planned[a.name] = null;
      else if (a.spec.default !== undefined && (s.config[a.name] ?? null) === null) s.planned[a.name] = a.spec.default;
    }
  }

  const isCreate = prior === null;
  if (isCreate || changed(schema, planned, prior)) {
    for (const s of all) {
      for (const a of s.attributes) {
        if (!a.spec.computed || a.spec.default !== undefined || (s.config[a.name] ?? null) !== null) continue;
        const keep = !isCreate && s.prior !== null && hasModifier(a.spec.planModifiers, 'useStateForUnknown') && !containsUnknown(s.prior[a.name] ?? null);
        s.planned[a.name] = keep && s.prior !== null ? (s.prior[a.name] ?? null) : UNKNOWN;
      }
    }
  }

  const requiresReplace: AttributePath[] = [];
  if (!isCreate) {
    for (const s of all) {
      for (const a of s.attributes) {
        if (!hasModifier(a.spec.planModifiers, 'requiresReplace')) continue;
        if (tfEqual(s.planned[a.name] ?? null, s.prior?.[a.name] ?? null, a.spec.type)) continue;
        const blockName = s.attributes === schema.attributes ? undefined : schema.blocks.find((b) => b.attributes === s.attributes)?.name;
        requiresReplace.push(blockName === undefined ? [{ attribute: a.name }] : [{ attribute: blockName }, { attribute: a.name }]);
      }
    }
  }
  return { planned, requiresReplace };
}

/**
 * Checks a plan (after resource hooks) against the rules Terraform enforces, so that a hook bug
 * is reported as a provider bug naming the attribute instead of Terraform's "invalid plan":
 * non-computed attributes equal config, write-only attributes are null.
 */
export function checkPlanValid(schema: CompiledSchema, config: TfObject, planned: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (attributes: readonly CompiledAttribute[], c: TfObject, p: TfObject, base: AttributePath): void => {
    for (const a of attributes) {
      const path = [...base, { attribute: a.name }];
      const pv = p[a.name] ?? null;
      const cv = c[a.name] ?? null;
      if (a.spec.writeOnly) {
        if (pv !== null) out.push(bug(path, 'planned a value for a write-only attribute'));
      } else if (!a.spec.computed && !tfEqual(pv, cv, a.spec.type)) out.push(bug(path, 'planned a value that differs from the configuration'));
      else if (a.spec.computed && cv !== null && !tfEqual(pv, cv, a.spec.type)) out.push(bug(path, 'planned a value that differs from the configuration'));
    }
  };
  check(schema.attributes, config, planned, []);
  for (const b of schema.blocks) {
    const c = config[b.name];
    const p = planned[b.name];
    if (isObject(c) && isObject(p)) check(b.attributes, c, p, [{ attribute: b.name }]);
  }
  return out;
}

function bug(path: AttributePath, what: string): Diagnostic {
  return errorDiagnostic(
    'Provider Produced Invalid Plan',
    `The provider ${what} (${formatPath(path)}). This is always a bug in the provider; please report it.`,
    path,
  );
}

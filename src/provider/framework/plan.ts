/**
 * The framework's plan rules for a managed resource, as pure functions over Terraform objects
 * (terraform-plugin-framework's behaviour; the rules Terraform enforces are in
 * `reference/terraform-plugin-protocol.md`, "PlanResourceChange rules"), at every depth of the
 * schema (nested attributes and blocks):
 *
 * - planned = proposed (config where set, prior values for computed attributes config leaves null);
 * - write-only attributes are null;
 * - optional+computed attributes with a default get it when config leaves them null;
 * - on create, and on an update that changes something, computed attributes config leaves null
 *   become unknown;
 * - then every attribute's plan modifiers run, parents before children (`useStateForUnknown()`
 *   puts the prior value back, `requiresReplace()`/`requiresReplaceIf()` list the path).
 *
 * Elements of nested lists are matched with the prior state by index, of maps by key; set elements
 * have no prior counterpart (the schema forbids computed attributes inside sets).
 */
import { isUnknown, UNKNOWN, type AttributePath, type Diagnostic, type PathStep, type TfObject, type TfValue } from './contract';
import { BigNumberValue } from './contract';
import { errorDiagnostic } from './diagnostics';
import type { CompiledObject, CompiledSchema } from './schema';
import { objectType } from './schema';
import { formatPath, nullWriteOnly, tfEqual } from './values';

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

/** One nested object's planned value with its config and prior counterparts. */
interface Element {
  readonly planned: TfObject;
  readonly config: TfObject;
  readonly prior: TfObject | null;
  readonly step: PathStep | undefined;
}

/**
 * The objects of a nested value, copied so they can be changed: `planned` is replaced in its
 * parent by the copy. Config and prior elements are matched by index (lists), key (maps) or not
 * at all (sets: by position only for config, which Terraform sends in the same order as planned).
 */
function elements(nesting: string, parent: TfObject, name: string, config: TfValue | undefined, prior: TfValue | undefined): Element[] {
  const p = parent[name];
  if (p === null || p === undefined || isUnknown(p)) return [];
  if (nesting === 'single') {
    if (!isObject(p)) return [];
    const copy = { ...p };
    parent[name] = copy;
    return [{ planned: copy, config: isObject(config) ? config : {}, prior: isObject(prior) ? prior : null, step: undefined }];
  }
  if (Array.isArray(p)) {
    const copy = p.map((e) => (isObject(e) ? { ...e } : e));
    parent[name] = copy;
    const c = Array.isArray(config) ? config : [];
    const pr = Array.isArray(prior) && nesting === 'list' ? prior : [];
    const out: Element[] = [];
    copy.forEach((e, index) => {
      const ce = c[index];
      const pe = pr[index];
      if (isObject(e)) out.push({ planned: e, config: isObject(ce) ? ce : {}, prior: isObject(pe) ? pe : null, step: { index } });
    });
    return out;
  }
  if (!isObject(p)) return [];
  const copy: TfObject = {};
  const out: Element[] = [];
  for (const [key, e] of Object.entries(p)) {
    const ce = isObject(config) ? config[key] : undefined;
    const pe = isObject(prior) ? prior[key] : undefined;
    if (isObject(e)) {
      const ec = { ...e };
      copy[key] = ec;
      out.push({ planned: ec, config: isObject(ce) ? ce : {}, prior: isObject(pe) ? pe : null, step: { key } });
    } else copy[key] = e;
  }
  parent[name] = copy;
  return out;
}

function childPath(base: AttributePath, name: string, step: PathStep | undefined): AttributePath {
  const path: AttributePath = [...base, { attribute: name }];
  return step === undefined ? path : [...path, step];
}

/** The nested objects (attributes and blocks) of an object, for the recursive passes. */
function children(o: CompiledObject): { name: string; nesting: string; object: CompiledObject }[] {
  const out: { name: string; nesting: string; object: CompiledObject }[] = [];
  for (const a of o.attributes) if (a.nested) out.push({ name: a.name, nesting: a.nested.nesting, object: a.nested.object });
  for (const b of o.blocks) out.push({ name: b.name, nesting: b.nesting, object: b });
  return out;
}

// Pass 1: defaults where config leaves an optional+computed attribute null.
function applyDefaults(o: CompiledObject, planned: TfObject, config: TfObject): void {
  for (const a of o.attributes) {
    if (a.spec.default !== undefined && (config[a.name] ?? null) === null) planned[a.name] = a.spec.default;
  }
  for (const c of children(o)) {
    for (const e of elements(c.nesting, planned, c.name, config[c.name], undefined)) applyDefaults(c.object, e.planned, e.config);
  }
}

// Pass 2 (only when something changes): computed attributes config leaves null are not known yet.
function markUnknown(o: CompiledObject, planned: TfObject, config: TfObject): void {
  for (const a of o.attributes) {
    if (a.spec.computed && a.spec.default === undefined && (config[a.name] ?? null) === null) planned[a.name] = UNKNOWN;
  }
  for (const c of children(o)) {
    for (const e of elements(c.nesting, planned, c.name, config[c.name], undefined)) markUnknown(c.object, e.planned, e.config);
  }
}

// Pass 3: plan modifiers, parents before children.
function runModifiers(o: CompiledObject, planned: TfObject, config: TfObject, prior: TfObject | null, base: AttributePath, isCreate: boolean, replace: AttributePath[]): void {
  for (const a of o.attributes) {
    const path = [...base, { attribute: a.name }];
    for (const m of a.spec.planModifiers ?? []) {
      const result = m.modify({ path, type: a.type, config: config[a.name] ?? null, plan: planned[a.name] ?? null, prior: prior?.[a.name] ?? null, isCreate });
      if (!result) continue;
      if ('plan' in result && result.plan !== undefined) planned[a.name] = result.plan;
      if (result.requiresReplace && !replace.some((p) => formatPath(p) === formatPath(path))) replace.push(path);
    }
  }
  for (const c of children(o)) {
    for (const e of elements(c.nesting, planned, c.name, config[c.name], prior?.[c.name])) {
      runModifiers(c.object, e.planned, e.config, e.prior, childPath(base, c.name, e.step), isCreate, replace);
    }
  }
}

/** Applies the framework's plan rules (see the module comment). */
export function planResourceChange(input: PlanInput): PlanOutput {
  const { schema, prior, config } = input;
  const planned = nullWriteOnly(schema, input.proposed);
  applyDefaults(schema, planned, config);
  const isCreate = prior === null;
  if (isCreate || !tfEqual(planned, prior, objectType(schema))) markUnknown(schema, planned, config);
  const requiresReplace: AttributePath[] = [];
  runModifiers(schema, planned, config, prior, [], isCreate, requiresReplace);
  return { planned, requiresReplace };
}

/**
 * Checks a plan (after resource hooks) against the rules Terraform enforces, so that a hook bug
 * is reported as a provider bug naming the attribute instead of Terraform's "invalid plan":
 * non-computed attributes equal config, write-only attributes are null, at every depth.
 */
export function checkPlanValid(schema: CompiledSchema, config: TfObject, planned: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (o: CompiledObject, c: TfObject, p: TfObject, base: AttributePath): void => {
    for (const a of o.attributes) {
      const path = [...base, { attribute: a.name }];
      const pv = p[a.name] ?? null;
      const cv = c[a.name] ?? null;
      if (a.spec.writeOnly) {
        if (pv !== null) out.push(bug(path, 'planned a value for a write-only attribute'));
        continue;
      }
      const nested = a.nested;
      if (nested && cv !== null && !isUnknown(cv) && pv !== null && !isUnknown(pv)) {
        // Compare element by element: computed attributes inside may differ from config.
        const copy: TfObject = { [a.name]: pv };
        const elems = elements(nested.nesting, copy, a.name, cv, undefined);
        const count = (v: TfValue) => (Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : 1);
        if (nested.nesting !== 'single' && count(pv) !== count(cv)) out.push(bug(path, 'planned a different number of elements than the configuration'));
        else for (const e of elems) check(nested.object, e.config, e.planned, e.step === undefined ? path : [...path, e.step]);
      } else if (!a.spec.computed && !tfEqual(pv, cv, a.type)) out.push(bug(path, 'planned a value that differs from the configuration'));
      else if (a.spec.computed && cv !== null && !tfEqual(pv, cv, a.type)) out.push(bug(path, 'planned a value that differs from the configuration'));
    }
    for (const b of o.blocks) {
      const copy: TfObject = { [b.name]: p[b.name] ?? null };
      for (const e of elements(b.nesting, copy, b.name, c[b.name], undefined)) check(b, e.config, e.planned, childPath(base, b.name, e.step));
    }
  };
  check(schema, config, planned, []);
  return out;
}

function bug(path: AttributePath, what: string): Diagnostic {
  return errorDiagnostic(
    'Provider Produced Invalid Plan',
    `The provider ${what} (${formatPath(path)}). This is always a bug in the provider; please report it.`,
    path,
  );
}

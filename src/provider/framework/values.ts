/**
 * Conversions between Terraform values (`TfValue`, keyed by Terraform names) and the camelCase
 * models handlers work with, plus value equality and unknown detection. This is the one place
 * where snake_case attribute names meet camelCase model keys, at every depth: nested attributes
 * and blocks through their compiled objects, plain `object` types by converting each attribute
 * name (map keys are data and stay as they are).
 */
import { BigNumberValue, isUnknown, UNKNOWN, type AttributePath, type CtyType, type PathStep, type TfObject, type TfValue, type UnknownValue } from './contract';
import { camelCase, type CompiledAttribute, type CompiledBlock, type CompiledObject } from './schema';

/** A model value or UNKNOWN: what plan hooks and validators see (values may not be known yet). */
export type Planned<Model> = { [K in keyof Model]: Model[K] | UnknownValue };

/** A model or its value failed to convert; `path` names the Terraform attribute. */
export class ValueConversionError extends Error {
  override readonly name = 'ValueConversionError';
  constructor(
    readonly path: AttributePath,
    message: string,
  ) {
    super(message);
  }
}

/** Renders a path the way Terraform prints it: `secret_store.type`, `rotation_triggers["a"]`. */
export function formatPath(path: AttributePath): string {
  let out = '';
  for (const step of path) {
    if ('attribute' in step) out += out === '' ? step.attribute : `.${step.attribute}`;
    else if ('key' in step) out += `[${JSON.stringify(step.key)}]`;
    else out += `[${step.index}]`;
  }
  return out;
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(v: TfValue): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === 'object' && !(v instanceof BigNumberValue)) return Object.values(v).some(containsUnknown);
  return false;
}

function numberOf(v: number | BigNumberValue): number {
  return typeof v === 'number' ? v : Number(v.decimal);
}

function canonical(v: TfValue): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof BigNumberValue ? numberOf(x) : isUnknown(x) ? '\u0000unknown' : x));
}

/**
 * Deep equality of two Terraform values of the same type. Unknown equals only unknown. Numbers
 * compare by value (a BigNumberValue equals the double it denotes). `set` types compare without
 * regard to order.
 */
export function tfEqual(a: TfValue, b: TfValue, type?: CtyType): boolean {
  if (a === b) return true;
  if (a === null || b === null || isUnknown(a) || isUnknown(b)) return false;
  if ((typeof a === 'number' || a instanceof BigNumberValue) && (typeof b === 'number' || b instanceof BigNumberValue)) {
    return numberOf(a) === numberOf(b) || (a instanceof BigNumberValue && b instanceof BigNumberValue && a.decimal === b.decimal);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const element = Array.isArray(type) && (type[0] === 'list' || type[0] === 'set') ? type[1] : undefined;
    if (Array.isArray(type) && type[0] === 'set') {
      const left = a.map(canonical).sort();
      const right = b.map(canonical).sort();
      return left.every((x, i) => x === right[i]);
    }
    return a.every((x, i) => tfEqual(x, b[i] ?? null, Array.isArray(type) && type[0] === 'tuple' ? type[1][i] : element));
  }
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b) && !(a instanceof BigNumberValue) && !(b instanceof BigNumberValue)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const inner = Array.isArray(type) && type[0] === 'map' ? type[1] : Array.isArray(type) && type[0] === 'object' ? type[1][k] : undefined;
      if (!tfEqual(a[k] ?? null, b[k] ?? null, inner)) return false;
    }
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Terraform value -> model value
// ---------------------------------------------------------------------------------------------

type UnknownAs = 'keep' | 'null';

function isTfObject(v: TfValue | undefined): v is TfObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) && !(v instanceof BigNumberValue);
}

/**
 * Converts one Terraform value to its model form. `unknownAs: 'null'` is for handlers that see a
 * plan (computed values not known yet arrive as null); `'keep'` keeps UNKNOWN for plan hooks.
 * With a `type`, the attribute names of `object` types become camelCase model keys.
 */
export function tfToModelValue(v: TfValue, unknownAs: UnknownAs, type?: CtyType): unknown {
  if (isUnknown(v)) return unknownAs === 'keep' ? UNKNOWN : null;
  if (v instanceof BigNumberValue) return Number(v.decimal);
  if (Array.isArray(v)) {
    const kind = Array.isArray(type) ? type[0] : undefined;
    return v.map((x, i) => tfToModelValue(x, unknownAs, kind === 'list' || kind === 'set' ? (type as [string, CtyType])[1] : kind === 'tuple' ? (type as ['tuple', CtyType[]])[1][i] : undefined));
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    if (Array.isArray(type) && type[0] === 'object') {
      for (const [name, t] of Object.entries(type[1])) out[camelCase(name)] = tfToModelValue(v[name] ?? null, unknownAs, t);
      return out;
    }
    const inner = Array.isArray(type) && type[0] === 'map' ? type[1] : undefined;
    for (const [k, x] of Object.entries(v)) out[k] = tfToModelValue(x, unknownAs, inner);
    return out;
  }
  return v;
}

/** The elements of a nested value (single, list, set or map of objects), converted by `each`. */
function mapNested<T>(nesting: string, v: TfValue, each: (o: TfObject, step: PathStep) => T, unknownAs: UnknownAs): unknown {
  if (isUnknown(v)) return unknownAs === 'keep' ? UNKNOWN : null;
  if (v === null || v === undefined) return null;
  if (nesting === 'single') return isTfObject(v) ? each(v, { attribute: '' }) : null;
  if (nesting === 'map') {
    if (!isTfObject(v)) return null;
    const out: Record<string, unknown> = {};
    for (const [key, e] of Object.entries(v)) out[key] = isUnknown(e) ? (unknownAs === 'keep' ? UNKNOWN : null) : isTfObject(e) ? each(e, { key }) : null;
    return out;
  }
  if (!Array.isArray(v)) return null;
  return v.map((e, index) => (isUnknown(e) ? (unknownAs === 'keep' ? UNKNOWN : null) : isTfObject(e) ? each(e, { index }) : null));
}

function attributeToModel(a: CompiledAttribute, v: TfValue, unknownAs: UnknownAs): unknown {
  if (!a.nested) return tfToModelValue(v, unknownAs, a.type);
  const object = a.nested.object;
  return mapNested(a.nested.nesting, v, (o) => compiledToModel(object, o, unknownAs), unknownAs);
}

function blockToModel(b: CompiledBlock, v: TfValue, unknownAs: UnknownAs): unknown {
  const out = mapNested(b.nesting, v, (o) => compiledToModel(b, o, unknownAs), unknownAs);
  // Repeated blocks are never null to Terraform (absent means none): the model gets an array.
  return b.nesting !== 'single' && out === null ? [] : out;
}

function compiledToModel(o: CompiledObject, obj: TfObject, unknownAs: UnknownAs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of o.attributes) out[a.key] = attributeToModel(a, obj[a.name] ?? null, unknownAs);
  for (const b of o.blocks) out[b.key] = blockToModel(b, obj[b.name] ?? null, unknownAs);
  return out;
}

/** A Terraform object (config, plan or state) as a camelCase model, at every depth. */
export function objectToModel(schema: CompiledObject, obj: TfObject, unknownAs: UnknownAs): Record<string, unknown> {
  return compiledToModel(schema, obj, unknownAs);
}

// ---------------------------------------------------------------------------------------------
// Model value -> Terraform value
// ---------------------------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Converts a model value to a Terraform value of `type`; throws ValueConversionError naming the path. */
export function modelToTfValue(v: unknown, type: CtyType, path: AttributePath): TfValue {
  if (v === undefined || v === null) return null;
  if (isUnknown(v)) return UNKNOWN;
  const fail = (expected: string): never => {
    throw new ValueConversionError(path, `expected ${expected}, got ${Array.isArray(v) ? 'array' : typeof v}`);
  };
  if (type === 'dynamic') return v as TfValue;
  if (type === 'string') return typeof v === 'string' ? v : fail('a string');
  if (type === 'bool') return typeof v === 'boolean' ? v : fail('a bool');
  if (type === 'number') {
    if (typeof v === 'number') return Number.isFinite(v) ? v : fail('a finite number');
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : new BigNumberValue(v.toString());
    if (v instanceof BigNumberValue) return v;
    return fail('a number');
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(v)) return fail(`a ${kind}`);
    return v.map((x, index) => modelToTfValue(x, inner, [...path, { index }]));
  }
  if (kind === 'tuple') {
    if (!Array.isArray(v) || v.length !== inner.length) return fail(`a tuple of ${inner.length}`);
    return v.map((x, index) => modelToTfValue(x, inner[index] ?? 'dynamic', [...path, { index }]));
  }
  if (kind === 'map') {
    if (!isRecord(v)) return fail('a map');
    const out: TfObject = {};
    for (const [key, x] of Object.entries(v)) out[key] = modelToTfValue(x, inner, [...path, { key }]);
    return out;
  }
  if (!isRecord(v)) return fail('an object');
  const out: TfObject = {};
  for (const [attribute, t] of Object.entries(inner)) out[attribute] = modelToTfValue(v[camelCase(attribute)], t, [...path, { attribute }]);
  return out;
}

function nestedToTf(nesting: string, v: unknown, path: AttributePath, each: (m: Record<string, unknown>, at: AttributePath) => TfObject): TfValue {
  if (v === undefined || v === null) return null;
  if (isUnknown(v)) return UNKNOWN;
  const element = (e: unknown, at: AttributePath): TfValue => {
    if (isUnknown(e)) return UNKNOWN;
    if (!isRecord(e)) throw new ValueConversionError(at, 'expected an object');
    return each(e, at);
  };
  if (nesting === 'single') return element(v, path);
  if (nesting === 'map') {
    if (!isRecord(v)) throw new ValueConversionError(path, 'expected a map of objects');
    const out: TfObject = {};
    for (const [key, e] of Object.entries(v)) out[key] = element(e, [...path, { key }]);
    return out;
  }
  if (!Array.isArray(v)) throw new ValueConversionError(path, `expected a ${nesting} of objects`);
  return v.map((e, index) => element(e, [...path, { index }]));
}

function modelToCompiled(o: CompiledObject, model: Record<string, unknown>, base: AttributePath): TfObject {
  const out: TfObject = {};
  for (const a of o.attributes) {
    const path = [...base, { attribute: a.name }];
    const nested = a.nested;
    out[a.name] = nested ? nestedToTf(nested.nesting, model[a.key], path, (m, at) => modelToCompiled(nested.object, m, at)) : modelToTfValue(model[a.key], a.type, path);
  }
  for (const b of o.blocks) {
    const v = nestedToTf(b.nesting, model[b.key], [...base, { attribute: b.name }], (m, at) => modelToCompiled(b, m, at));
    out[b.name] = v === null && b.nesting !== 'single' ? [] : v;
  }
  return out;
}

/** A model as a Terraform object carrying every attribute of the schema (null when unset), at every depth. */
export function modelToObject(schema: CompiledObject, model: Record<string, unknown>): TfObject {
  return modelToCompiled(schema, model, []);
}

/** A copy of `obj` with every write-only attribute null, at any depth: they never reach plan or state. */
export function nullWriteOnly(o: CompiledObject, obj: TfObject): TfObject {
  const out: TfObject = { ...obj };
  const each = (inner: CompiledObject, v: TfValue | undefined, nesting: string): TfValue | undefined => {
    if (v === undefined || v === null || isUnknown(v)) return v;
    if (nesting === 'single') return isTfObject(v) ? nullWriteOnly(inner, v) : v;
    if (Array.isArray(v)) return v.map((e) => (isTfObject(e) ? nullWriteOnly(inner, e) : e));
    if (!isTfObject(v)) return v;
    const m: TfObject = {};
    for (const [k, e] of Object.entries(v)) m[k] = isTfObject(e) ? nullWriteOnly(inner, e) : e;
    return m;
  };
  for (const a of o.attributes) {
    if (a.spec.writeOnly) out[a.name] = null;
    else if (a.nested && a.name in out) out[a.name] = each(a.nested.object, out[a.name], a.nested.nesting) ?? null;
  }
  for (const b of o.blocks) if (b.name in out) out[b.name] = each(b, out[b.name], b.nesting) ?? null;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Raw JSON state (UpgradeResourceState) -> Terraform value
// ---------------------------------------------------------------------------------------------

/** Decodes a JSON value as stored in a state file into a value of `type`. */
export function jsonToTfValue(v: unknown, type: CtyType, path: AttributePath): TfValue {
  if (v === undefined || v === null) return null;
  const fail = (expected: string): never => {
    throw new ValueConversionError(path, `expected ${expected} in stored state`);
  };
  if (type === 'dynamic') return v as TfValue;
  if (type === 'string') return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fail('a string');
  if (type === 'bool') return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : fail('a bool');
  if (type === 'number') {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) {
      const n = Number(v);
      return String(n) === v ? n : new BigNumberValue(v);
    }
    return fail('a number');
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') return Array.isArray(v) ? v.map((x, index) => jsonToTfValue(x, inner, [...path, { index }])) : fail(`a ${kind}`);
  if (kind === 'tuple') return Array.isArray(v) ? inner.map((t, index) => jsonToTfValue(v[index], t, [...path, { index }])) : fail('a tuple');
  if (!isRecord(v)) return fail(kind === 'map' ? 'a map' : 'an object');
  const out: TfObject = {};
  if (kind === 'map') {
    for (const [key, x] of Object.entries(v)) out[key] = jsonToTfValue(x, inner, [...path, { key }]);
  } else {
    for (const [attribute, t] of Object.entries(inner)) out[attribute] = jsonToTfValue(v[attribute], t, [...path, { attribute }]);
  }
  return out;
}

function jsonObject(o: CompiledObject, raw: Record<string, unknown>, base: AttributePath): TfObject {
  const out: TfObject = {};
  for (const a of o.attributes) {
    const path = [...base, { attribute: a.name }];
    out[a.name] = a.spec.writeOnly ? null : jsonToTfValue(raw[a.name], a.type, path);
  }
  for (const b of o.blocks) {
    const v = raw[b.name];
    const path = [...base, { attribute: b.name }];
    if (b.nesting === 'single') {
      // Older states may hold a single block as a one-element list.
      const first = Array.isArray(v) ? v[0] : v;
      out[b.name] = isRecord(first) ? jsonObject(b, first, path) : null;
    } else {
      out[b.name] = Array.isArray(v) ? v.map((e, index) => (isRecord(e) ? jsonObject(b, e, [...path, { index }]) : null)) : [];
    }
  }
  return nullWriteOnly(o, out);
}

/**
 * Stored JSON state as an object of the current schema: attributes the JSON lacks become null,
 * attributes the schema no longer has are dropped, write-only attributes are null (at any depth).
 */
export function jsonToObject(schema: CompiledObject, raw: unknown): TfObject {
  if (!isRecord(raw)) throw new ValueConversionError([], 'stored state is not a JSON object');
  return jsonObject(schema, raw, []);
}

/**
 * Conversions between Terraform values (`TfValue`, keyed by Terraform names) and the camelCase
 * models handlers work with, plus value equality and unknown detection. This is the one place
 * where snake_case attribute names meet camelCase model keys.
 */
import { BigNumberValue, isUnknown, UNKNOWN, type AttributePath, type CtyType, type TfObject, type TfValue, type UnknownValue } from './contract';
import type { CompiledAttribute, CompiledSchema } from './schema';

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

/**
 * Converts one Terraform value to its model form. `unknownAs: 'null'` is for handlers that see a
 * plan (computed values not known yet arrive as null); `'keep'` keeps UNKNOWN for plan hooks.
 */
export function tfToModelValue(v: TfValue, unknownAs: 'keep' | 'null'): unknown {
  if (isUnknown(v)) return unknownAs === 'keep' ? UNKNOWN : null;
  if (v instanceof BigNumberValue) return Number(v.decimal);
  if (Array.isArray(v)) return v.map((x) => tfToModelValue(x, unknownAs));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = tfToModelValue(x, unknownAs);
    return out;
  }
  return v;
}

function attributesToModel(attributes: readonly CompiledAttribute[], obj: TfObject, unknownAs: 'keep' | 'null'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of attributes) out[a.key] = tfToModelValue(obj[a.name] ?? null, unknownAs);
  return out;
}

/** A Terraform object (config, plan or state) as a camelCase model. Blocks become objects or null. */
export function objectToModel(schema: CompiledSchema, obj: TfObject, unknownAs: 'keep' | 'null'): Record<string, unknown> {
  const out = attributesToModel(schema.attributes, obj, unknownAs);
  for (const b of schema.blocks) {
    const v = obj[b.name] ?? null;
    if (isUnknown(v)) out[b.key] = unknownAs === 'keep' ? UNKNOWN : null;
    else if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof BigNumberValue) out[b.key] = null;
    else out[b.key] = attributesToModel(b.attributes, v, unknownAs);
  }
  return out;
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
  for (const [attribute, t] of Object.entries(inner)) out[attribute] = modelToTfValue(v[attribute], t, [...path, { attribute }]);
  return out;
}

function attributesToObject(attributes: readonly CompiledAttribute[], model: Record<string, unknown>, base: AttributePath): TfObject {
  const out: TfObject = {};
  for (const a of attributes) out[a.name] = modelToTfValue(model[a.key], a.spec.type, [...base, { attribute: a.name }]);
  return out;
}

/** A model as a Terraform object carrying every attribute of the schema (null when unset). */
export function modelToObject(schema: CompiledSchema, model: Record<string, unknown>): TfObject {
  const out = attributesToObject(schema.attributes, model, []);
  for (const b of schema.blocks) {
    const v = model[b.key];
    if (isUnknown(v)) out[b.name] = UNKNOWN;
    else if (v === undefined || v === null) out[b.name] = null;
    else if (!isRecord(v)) throw new ValueConversionError([{ attribute: b.name }], 'expected an object');
    else out[b.name] = attributesToObject(b.attributes, v, [{ attribute: b.name }]);
  }
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

function jsonAttributes(attributes: readonly CompiledAttribute[], raw: Record<string, unknown>, base: AttributePath): TfObject {
  const out: TfObject = {};
  for (const a of attributes) out[a.name] = a.spec.writeOnly ? null : jsonToTfValue(raw[a.name], a.spec.type, [...base, { attribute: a.name }]);
  return out;
}

/**
 * Stored JSON state as an object of the current schema: attributes the JSON lacks become null,
 * attributes the schema no longer has are dropped, write-only attributes are null.
 */
export function jsonToObject(schema: CompiledSchema, raw: unknown): TfObject {
  if (!isRecord(raw)) throw new ValueConversionError([], 'stored state is not a JSON object');
  const out = jsonAttributes(schema.attributes, raw, []);
  for (const b of schema.blocks) {
    const v = raw[b.name];
    if (Array.isArray(v)) out[b.name] = isRecord(v[0]) ? jsonAttributes(b.attributes, v[0], [{ attribute: b.name }]) : null;
    else out[b.name] = isRecord(v) ? jsonAttributes(b.attributes, v, [{ attribute: b.name }]) : null;
  }
  return out;
}

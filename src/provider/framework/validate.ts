/**
 * Config validation shared by the provider block, resources, data sources and ephemeral
 * resources: attribute and block validators on known, non-null values at every depth, with diagnostics pointing at the attribute; then the owner's cross-attribute
 * hook. Never touches the network.
 */
import { BigNumberValue, isUnknown, type AttributePath, type Diagnostic, type TfObject, type TfValue } from './contract';
import { checkConstraints } from './constraints';
import { errorDiagnostic, type Problem } from './diagnostics';
import type { CompiledAttribute, CompiledObject, CompiledSchema } from './schema';
import type { Validator } from './validators';
import { formatPath } from './values';

function isObject(v: TfValue | undefined): v is TfObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) && !(v instanceof BigNumberValue);
}

function runValidators(validators: readonly Validator[] | undefined, value: Exclude<TfValue, null>, sensitive: boolean | undefined, path: AttributePath, out: Diagnostic[]): void {
  for (const v of validators ?? []) {
    const message = v.validate(value);
    if (message === undefined) continue;
    // A sensitive value must not be echoed back: say what is expected instead of what was given.
    const detail = sensitive ? `Attribute ${formatPath(path)} must be ${v.description}.` : `Attribute ${formatPath(path)}: ${message}`;
    out.push(errorDiagnostic('Invalid Attribute Value', detail, path));
  }
}

/**
 * Each known object of a nested value with its path. Set elements have no path step Terraform
 * could follow (they are keyed by value), so their problems point at the set itself.
 */
function eachObject(nesting: string, value: TfValue, path: AttributePath, fn: (o: TfObject, at: AttributePath) => void): void {
  if (nesting === 'single') {
    if (isObject(value)) fn(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((e, index) => {
      if (isObject(e)) fn(e, nesting === 'set' ? path : [...path, { index }]);
    });
  } else if (isObject(value)) {
    for (const [key, e] of Object.entries(value)) if (isObject(e)) fn(e, [...path, { key }]);
  }
}

function validateAttribute(a: CompiledAttribute, value: TfValue | undefined, path: AttributePath, out: Diagnostic[]): void {
  if (value === undefined || value === null) return;
  // Terraform core accepts a value for a computed-only attribute; left alone it is planned as given
  // and fails after apply as "inconsistent result" (with the object already created).
  if (a.spec.computed && !a.spec.optional && !a.spec.required) {
    out.push(errorDiagnostic('Invalid Configuration for Read-Only Attribute', `Attribute ${formatPath(path)} is set by the provider and cannot be configured; remove it from the configuration.`, path));
    return;
  }
  if (isUnknown(value)) return;
  runValidators(a.spec.validators, value, a.spec.sensitive, path, out);
  const nested = a.nested;
  if (nested) eachObject(nested.nesting, value, path, (o, at) => validateObject(nested.object, o, at, out));
}

function validateObject(o: CompiledObject, obj: TfObject, base: AttributePath, out: Diagnostic[]): void {
  for (const a of o.attributes) validateAttribute(a, obj[a.name], [...base, { attribute: a.name }], out);
  for (const b of o.blocks) {
    const v = obj[b.name];
    const path = [...base, { attribute: b.name }];
    if (v === null || v === undefined || isUnknown(v)) continue;
    runValidators(b.spec.validators, v, false, path, out);
    eachObject(b.nesting, v, path, (inner, at) => validateObject(b, inner, at, out));
  }
}

/** Runs every attribute's and block's validators over `config`, at every depth, then the schema's constraints. */
export function validateAttributes(schema: CompiledObject | CompiledSchema, config: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  validateObject(schema, config, [], out);
  if ('constraints' in schema) out.push(...checkConstraints(schema.constraints, config));
  return out;
}

/** Maps a problem's model key (top level or `block.attribute` in camelCase) to a Terraform path. */
export function resolveAttribute(schema: CompiledSchema, attribute: string | AttributePath | undefined): AttributePath | undefined {
  if (attribute === undefined) return undefined;
  if (Array.isArray(attribute)) return attribute;
  const [head, tail] = (attribute as string).split('.', 2) as [string, string | undefined];
  const top = schema.attributes.find((a) => a.key === head || a.name === head);
  if (top) return [{ attribute: top.name }];
  const block = schema.blocks.find((b) => b.key === head || b.name === head);
  // An unknown name (say, a provider attribute named from a resource handler) gets no path:
  // a path Terraform cannot find in the resource's configuration would only confuse.
  if (!block) return undefined;
  if (tail === undefined) return [{ attribute: block.name }];
  const inner = block.attributes.find((a) => a.key === tail || a.name === tail);
  return inner ? [{ attribute: block.name }, { attribute: inner.name }] : [{ attribute: block.name }];
}

/** Problems from a hook as diagnostics (error unless the problem says warning). */
export function problemsToDiagnostics(schema: CompiledSchema, problems: readonly Problem[] | void): Diagnostic[] {
  return (problems ?? []).map((p) => {
    const d: Diagnostic = { severity: p.severity ?? 'error', summary: p.summary, detail: p.detail };
    const path = resolveAttribute(schema, p.attribute);
    if (path !== undefined) d.attribute = path;
    return d;
  });
}

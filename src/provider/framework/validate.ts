/**
 * Config validation shared by the provider block and resources: attribute validators on known,
 * non-null values, with diagnostics pointing at the attribute; then the owner's cross-attribute
 * hook. Never touches the network.
 */
import { isUnknown, type AttributePath, type Diagnostic, type TfObject, type TfValue } from './contract';
import { errorDiagnostic, type Problem } from './diagnostics';
import type { CompiledAttribute, CompiledSchema } from './schema';
import { formatPath } from './values';

function validateAttribute(a: CompiledAttribute, value: TfValue | undefined, path: AttributePath, out: Diagnostic[]): void {
  if (value === undefined || value === null) return;
  // Terraform core accepts a value for a computed-only attribute; left alone it is planned as given
  // and fails after apply as "inconsistent result" (with the object already created).
  if (a.spec.computed && !a.spec.optional && !a.spec.required) {
    out.push(errorDiagnostic('Invalid Configuration for Read-Only Attribute', `Attribute ${formatPath(path)} is set by the provider and cannot be configured; remove it from the configuration.`, path));
    return;
  }
  if (isUnknown(value)) return;
  for (const v of a.spec.validators ?? []) {
    const message = v.validate(value);
    if (message === undefined) continue;
    // A sensitive value must not be echoed back: say what is expected instead of what was given.
    const detail = a.spec.sensitive ? `Attribute ${formatPath(path)} must be ${v.description}.` : `Attribute ${formatPath(path)}: ${message}`;
    out.push(errorDiagnostic('Invalid Attribute Value', detail, path));
  }
}

/** Runs every attribute's validators over `config`. */
export function validateAttributes(schema: CompiledSchema, config: TfObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const a of schema.attributes) validateAttribute(a, config[a.name], [{ attribute: a.name }], out);
  for (const b of schema.blocks) {
    const v = config[b.name];
    if (v === null || v === undefined || isUnknown(v) || typeof v !== 'object' || Array.isArray(v)) continue;
    const block = v as TfObject;
    for (const a of b.attributes) validateAttribute(a, block[a.name], [{ attribute: b.name }, { attribute: a.name }], out);
  }
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

/**
 * What a registry-grade page needs beyond the wire schema that Terraform sees: defaults,
 * validation rules and replacement rules (from the compiled definitions), whether a resource can
 * be imported, and the example files under examples/ that an e2e test validates with the real
 * terraform (test/e2e/docs-examples.test.ts). gen-docs.ts renders them; nothing here renders.
 *
 * Example files follow the layout of terraform-plugin-docs, so registry tooling finds them too:
 *   examples/provider/provider.tf
 *   examples/resources/<type>/main.tf (+ import.tf for importable resources)
 *   examples/data-sources/<type>/main.tf
 *   examples/ephemeral-resources/<type>/main.tf
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BigNumberValue, type TfValue } from '../src/provider/framework/contract';
import type { CompiledObject, CompiledSchema } from '../src/provider/framework/schema';

/** The examples directory of the repository. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../examples/', import.meta.url));

/** The kinds of page, as the examples directory names them. */
export type PageKind = 'resources' | 'data-sources' | 'ephemeral-resources';

/** What the docs say about one attribute besides its description. */
export interface AttributeNotes {
  /** The planned value when the configuration leaves it out, as HCL. */
  readonly default?: string;
  /** What a valid value looks like, one phrase per validator ("a whole number from 0 to 1440"). */
  readonly rules: readonly string[];
  /** True: changing it replaces the object. */
  readonly forcesReplacement: boolean;
  /** Sentences of other plan modifiers that change when the object is replaced. */
  readonly replacementNotes: readonly string[];
}

/** The extras of one page. */
export interface PageExtras {
  /** Notes keyed by the Terraform path of the attribute: `zone`, `secret_store.type`, `acl.grantee.name`. */
  readonly attributes: ReadonlyMap<string, AttributeNotes>;
  /** The example configuration (main.tf, or provider.tf for the provider). */
  readonly example?: string;
  /** Resources: an `import` block for the type (import.tf). */
  readonly importExample?: string;
  /** Resources: whether `terraform import` works for the type. */
  readonly importable?: boolean;
}

/** The extras of every page. */
export interface DocExtras {
  readonly provider: PageExtras;
  readonly resources: Readonly<Record<string, PageExtras>>;
  readonly dataSources: Readonly<Record<string, PageExtras>>;
  readonly ephemeralResources: Readonly<Record<string, PageExtras>>;
  /** The provider's default per-request time limit, for the Timeouts section. */
  readonly defaultTimeoutSeconds: number;
}

/** A planned default as HCL: `"System"`, `0`, `false`, `["a"]`. */
export function hclLiteral(value: TfValue): string {
  if (value instanceof BigNumberValue) return value.decimal;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(hclLiteral).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k} = ${hclLiteral(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

/** Notes of every attribute of `object`, at any depth, keyed by Terraform path. */
export function attributeNotes(object: CompiledObject, prefix = '', out = new Map<string, AttributeNotes>()): Map<string, AttributeNotes> {
  for (const a of object.attributes) {
    const modifiers = a.spec.planModifiers ?? [];
    out.set(`${prefix}${a.name}`, {
      ...(a.spec.default !== undefined ? { default: hclLiteral(a.spec.default) } : {}),
      rules: (a.spec.validators ?? []).map((v) => v.description),
      forcesReplacement: modifiers.some((m) => m.kind === 'requiresReplace'),
      // A conditional replacement (requiresReplaceIf) says itself when it replaces.
      replacementNotes: modifiers.filter((m) => m.kind !== 'requiresReplace' && m.kind !== 'useStateForUnknown').map((m) => m.description),
    });
    if (a.nested) attributeNotes(a.nested.object, `${prefix}${a.name}.`, out);
  }
  for (const b of object.blocks) {
    out.set(`${prefix}${b.name}`, { rules: (b.spec.validators ?? []).map((v) => v.description), forcesReplacement: false, replacementNotes: [] });
    attributeNotes(b, `${prefix}${b.name}.`, out);
  }
  return out;
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The example file of a type (`main.tf`), or undefined when there is none yet. */
export function examplePath(kind: PageKind, typeName: string, examplesDir: string = EXAMPLES_DIR): string {
  return join(examplesDir, kind, typeName, 'main.tf');
}

function pageExtras(schema: CompiledSchema, example: string | undefined, more: Partial<PageExtras> = {}): PageExtras {
  return { attributes: attributeNotes(schema), ...(example !== undefined ? { example } : {}), ...more };
}

/** What the collector needs from the provider: the compiled definitions. */
export interface Definitions {
  readonly provider: { readonly schema: CompiledSchema };
  readonly resources: readonly { readonly typeName: string; readonly schema: CompiledSchema; readonly spec: { readonly importState?: unknown } }[];
  readonly dataSources: readonly { readonly typeName: string; readonly schema: CompiledSchema }[];
  readonly ephemeralResources: readonly { readonly typeName: string; readonly schema: CompiledSchema }[];
  readonly defaultTimeoutSeconds: number;
}

/** Collects the extras of every registered type from its definition and examples/. */
export function collectExtras(defs: Definitions, examplesDir: string = EXAMPLES_DIR): DocExtras {
  const byType = <T extends { typeName: string; schema: CompiledSchema }>(list: readonly T[], kind: PageKind, more: (d: T) => Partial<PageExtras> = () => ({})) =>
    Object.fromEntries(list.map((d) => [d.typeName, pageExtras(d.schema, readIfExists(examplePath(kind, d.typeName, examplesDir)), more(d))]));
  return {
    provider: pageExtras(defs.provider.schema, readIfExists(join(examplesDir, 'provider', 'provider.tf'))),
    resources: byType(defs.resources, 'resources', (d) => {
      const importExample = readIfExists(join(examplesDir, 'resources', d.typeName, 'import.tf'));
      return { importable: d.spec.importState !== undefined, ...(importExample !== undefined ? { importExample } : {}) };
    }),
    dataSources: byType(defs.dataSources, 'data-sources'),
    ephemeralResources: byType(defs.ephemeralResources, 'ephemeral-resources'),
    defaultTimeoutSeconds: defs.defaultTimeoutSeconds,
  };
}

/** Example files every page needs but lacks (relative to examples/), e.g. `resources/powerscale_user/main.tf`. */
export function missingExamples(extras: DocExtras): string[] {
  const missing: string[] = [];
  if (extras.provider.example === undefined) missing.push('provider/provider.tf');
  const check = (kind: PageKind, pages: Readonly<Record<string, PageExtras>>) => {
    for (const [type, page] of Object.entries(pages)) {
      if (page.example === undefined) missing.push(`${kind}/${type}/main.tf`);
      if (page.importable === true && page.importExample === undefined) missing.push(`${kind}/${type}/import.tf`);
    }
  };
  check('resources', extras.resources);
  check('data-sources', extras.dataSources);
  check('ephemeral-resources', extras.ephemeralResources);
  return missing.sort();
}

/** `terraform import ADDRESS ID` for an import block (`to = ...`, `id = "..."`), or undefined when it has another shape. */
export function importCommand(importBlock: string): string | undefined {
  const to = /^\s*to\s*=\s*([A-Za-z0-9_.[\]"-]+)\s*$/m.exec(importBlock)?.[1];
  const id = /^\s*id\s*=\s*"([^"]*)"\s*$/m.exec(importBlock)?.[1];
  return to !== undefined && id !== undefined ? `terraform import ${to} ${id.includes(' ') ? JSON.stringify(id) : id}` : undefined;
}

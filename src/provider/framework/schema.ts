/**
 * The schema model resources and the provider declare, and its translation to the contract's
 * `Schema` (what GetProviderSchema returns). Attributes are keyed by their camelCase model name;
 * the Terraform name (snake_case) is derived once here, so nothing else converts casings.
 */
import type { CtyType, Schema, SchemaAttribute, SchemaBlock, SchemaNestedBlock, TfValue } from './contract';
import type { PlanModifier } from './plan-modifiers';
import type { Validator } from './validators';

/** One attribute. Exactly one of `required`, `optional`, `computed` (or `optional` + `computed`). */
export interface AttributeSpec {
  /** cty type of the value. */
  readonly type: CtyType;
  /** One or two sentences shown in docs and `terraform providers schema`. */
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  /**
   * Hides the value in plan and apply output. It does not change how the value is stored:
   * Terraform still writes it to state (use `writeOnly` for values that must never be stored).
   */
  readonly sensitive?: boolean;
  /** Never stored in plan or state (Terraform >= 1.11): handlers see it only in `config`. */
  readonly writeOnly?: boolean;
  readonly deprecated?: boolean;
  /**
   * Planned value when the configuration leaves the attribute null. Only for `optional` +
   * `computed` attributes (Terraform forbids a non-computed attribute to differ from config).
   */
  readonly default?: TfValue;
  /** Checked at validate time on known, non-null values; diagnostics point at this attribute. */
  readonly validators?: readonly Validator[];
  /** `requiresReplace()`, `useStateForUnknown()`. */
  readonly planModifiers?: readonly PlanModifier[];
  /** Terraform attribute name; defaults to the snake_case form of the model key. */
  readonly name?: string;
}

/** A nested block with `single` nesting: `secret_store { ... }` (an object or null in the model). */
export interface BlockSpec {
  readonly nesting: 'single';
  readonly description: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  readonly name?: string;
}

/**
 * The schema of an object: a resource, or the provider configuration. `Model` ties attribute and
 * block keys to the model type, so a misspelt key fails to compile. (Every model field needs an
 * attribute or a block; a field with neither simply stays undefined.)
 */
export interface ObjectSchemaSpec<Model = Record<string, unknown>> {
  /** Stored in state as `schema_version`; bump it together with an `upgradeState` hook. */
  readonly version?: number;
  readonly description: string;
  readonly attributes: { readonly [K in keyof Model]?: AttributeSpec };
  readonly blocks?: { readonly [K in keyof Model]?: BlockSpec };
}

/** An attribute with its names resolved. */
export interface CompiledAttribute {
  readonly key: string;
  readonly name: string;
  readonly spec: AttributeSpec;
}

/** A block with its names resolved. */
export interface CompiledBlock {
  readonly key: string;
  readonly name: string;
  readonly spec: BlockSpec;
  readonly attributes: readonly CompiledAttribute[];
}

/** A schema with names resolved, in declaration order. */
export interface CompiledSchema {
  readonly version: number;
  readonly description: string;
  readonly attributes: readonly CompiledAttribute[];
  readonly blocks: readonly CompiledBlock[];
}

/** `expectedGuid` → `expected_guid`, `s3Key` → `s3_key`. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function compileAttributes(owner: string, attributes: Readonly<Record<string, AttributeSpec | undefined>>): CompiledAttribute[] {
  const out: CompiledAttribute[] = [];
  for (const [key, spec] of Object.entries(attributes)) {
    if (spec === undefined) continue;
    checkAttribute(`${owner}.${key}`, spec);
    out.push({ key, name: spec.name ?? snakeCase(key), spec });
  }
  return out;
}

// Terraform validates schemas too (internal_validate.go), but its message names no resource;
// failing here at definition time points at the line that is wrong.
function checkAttribute(where: string, spec: AttributeSpec): void {
  const { required, optional, computed } = spec;
  if (!required && !optional && !computed) throw new Error(`schema ${where}: one of required, optional or computed must be set`);
  if (required && (optional || computed)) throw new Error(`schema ${where}: required excludes optional and computed`);
  if (spec.default !== undefined && !(optional && computed)) throw new Error(`schema ${where}: a default needs optional and computed`);
  if (spec.writeOnly && (computed || spec.planModifiers?.length)) throw new Error(`schema ${where}: a write-only attribute cannot be computed or have plan modifiers`);
}

/** Resolves names and checks the schema's internal rules; throws on a schema bug. */
export function compileSchema(owner: string, spec: ObjectSchemaSpec<unknown>): CompiledSchema {
  const attributes = compileAttributes(owner, spec.attributes as Record<string, AttributeSpec | undefined>);
  const blocks: CompiledBlock[] = [];
  for (const [key, block] of Object.entries((spec.blocks ?? {}) as Record<string, BlockSpec | undefined>)) {
    if (block === undefined) continue;
    blocks.push({ key, name: block.name ?? snakeCase(key), spec: block, attributes: compileAttributes(`${owner}.${key}`, block.attributes) });
  }
  const names = [...attributes.map((a) => a.name), ...blocks.map((b) => b.name)];
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`schema ${owner}: duplicate Terraform name ${duplicate}`);
  return { version: spec.version ?? 0, description: spec.description, attributes, blocks };
}

function toSchemaAttribute(a: CompiledAttribute): SchemaAttribute {
  const { spec } = a;
  const out: SchemaAttribute = { name: a.name, type: spec.type, description: spec.description };
  if (spec.required) out.required = true;
  if (spec.optional) out.optional = true;
  if (spec.computed) out.computed = true;
  if (spec.sensitive) out.sensitive = true;
  if (spec.writeOnly) out.writeOnly = true;
  if (spec.deprecated) out.deprecated = true;
  return out;
}

function toSchemaBlock(description: string, attributes: readonly CompiledAttribute[], blocks: readonly CompiledBlock[]): SchemaBlock {
  const blockTypes: SchemaNestedBlock[] = blocks.map((b) => ({
    typeName: b.name,
    nesting: b.spec.nesting,
    block: toSchemaBlock(b.spec.description, b.attributes, []),
  }));
  return { attributes: attributes.map(toSchemaAttribute), blockTypes, description };
}

/** The contract form of a compiled schema (GetProviderSchema). */
export function toContractSchema(schema: CompiledSchema): Schema {
  return { version: schema.version, block: toSchemaBlock(schema.description, schema.attributes, schema.blocks) };
}

/**
 * The schema model resources, data sources, ephemeral resources and the provider declare, and its
 * translation to the contract's `Schema` (what GetProviderSchema returns). Attributes are keyed by
 * their camelCase model name; the Terraform name (snake_case) is derived once here, so nothing else
 * converts casings. Nested attributes (single, list, set, map) and nested blocks (single, list, set)
 * nest to any depth; every level is compiled into the same {@link CompiledObject} shape, so the plan
 * rules, validators and the value codec walk one recursive structure.
 */
import type { CtyType, Schema, SchemaAttribute, SchemaBlock, SchemaNestedAttributeType, SchemaNestedBlock, TfValue } from './contract';
import type { CompiledConstraint, Constraint } from './constraints';
import type { PlanModifier } from './plan-modifiers';
import type { Validator } from './validators';

/** What every attribute declares. Exactly one of `required`, `optional`, `computed` (or `optional` + `computed`). */
interface AttributeCommon {
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
  /**
   * Never stored in plan or state (Terraform >= 1.11, protocol 6.8): handlers see it only in
   * `config`; the framework returns null for it in every planned and new state, at any depth.
   */
  readonly writeOnly?: boolean;
  readonly deprecated?: boolean;
  /**
   * Planned value when the configuration leaves the attribute null. Only for `optional` +
   * `computed` attributes (Terraform forbids a non-computed attribute to differ from config).
   */
  readonly default?: TfValue;
  /** Checked at validate time on known, non-null values; diagnostics point at this attribute. */
  readonly validators?: readonly Validator[];
  /** `requiresReplace()`, `requiresReplaceIf()`, `useStateForUnknown()` or your own {@link PlanModifier}. */
  readonly planModifiers?: readonly PlanModifier[];
  /** Terraform attribute name; defaults to the snake_case form of the model key. */
  readonly name?: string;
}

/**
 * An attribute of a plain cty type. Object types keep their Terraform (snake_case) attribute
 * names in `type`; the model sees them in camelCase (the codec converts at every depth). Map keys
 * are data and never converted.
 */
export interface PrimitiveAttributeSpec extends AttributeCommon {
  /** cty type of the value. */
  readonly type: CtyType;
  readonly nested?: undefined;
}

/** How a nested attribute holds its objects (protocol `Schema.Object.NestingMode`). */
export type AttributeNesting = 'single' | 'list' | 'set' | 'map';

/** The object type of a nested attribute: its own attributes, which may nest again. */
export interface NestedObjectSpec {
  readonly nesting: AttributeNesting;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

/**
 * A nested attribute (`acl = [{ grantee = { name = "x", type = "user" }, permission = "READ" }]`):
 * HCL assigns it with `=`, and it can be optional, computed and sensitive as a whole, unlike a block.
 */
export interface NestedAttributeSpec extends AttributeCommon {
  readonly type?: undefined;
  readonly nested: NestedObjectSpec;
}

/** One attribute: a plain typed value or a nested attribute. */
export type AttributeSpec = PrimitiveAttributeSpec | NestedAttributeSpec;

/** How a nested block repeats. (`map` and `group` blocks are legacy forms nothing here needs.) */
export type BlockNesting = 'single' | 'list' | 'set';

/**
 * A nested block: `secret_store { ... }` (`single`: an object or null in the model) or repeated
 * `rule { ... }` blocks (`list`/`set`: an array in the model, empty when none).
 */
export interface BlockSpec {
  readonly nesting: BlockNesting;
  readonly description: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  readonly blocks?: Readonly<Record<string, BlockSpec>>;
  /** Terraform checks these counts itself (list and set blocks only). */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Checked on each known block object (`single`) or the known collection (`list`/`set`). */
  readonly validators?: readonly Validator[];
  readonly name?: string;
}

/**
 * The schema of an object: a resource, a data source, an ephemeral resource, or the provider
 * configuration. `Model` ties attribute and block keys to the model type, so a misspelt key fails
 * to compile; `ModelOf` (./model) derives the model from a schema instead.
 */
export interface ObjectSchemaSpec<Model = Record<string, unknown>> {
  /** Stored in state as `schema_version`; bump it together with an `upgradeState` hook. */
  readonly version?: number;
  readonly description: string;
  readonly attributes: { readonly [K in keyof Model]?: AttributeSpec };
  readonly blocks?: { readonly [K in keyof Model]?: BlockSpec };
  /** Cross-attribute rules over top-level attributes: `exactlyOneOf('password', 'passwordFile')`. */
  readonly constraints?: readonly Constraint<keyof Model & string>[];
}

/** The attributes and blocks of one object, at any depth, with names resolved. */
export interface CompiledObject {
  readonly attributes: readonly CompiledAttribute[];
  readonly blocks: readonly CompiledBlock[];
}

/** An attribute with its names and full cty type resolved. */
export interface CompiledAttribute {
  readonly key: string;
  readonly name: string;
  readonly spec: AttributeSpec;
  /** The value's cty type (a nested attribute's implied type). */
  readonly type: CtyType;
  /** Set for nested attributes: how they nest and their object. */
  readonly nested?: { readonly nesting: AttributeNesting; readonly object: CompiledObject };
}

/** A block with its names resolved. */
export interface CompiledBlock extends CompiledObject {
  readonly key: string;
  readonly name: string;
  readonly spec: BlockSpec;
  readonly nesting: BlockNesting;
  /** The implied cty type of the block's value (an object, or a list/set of objects). */
  readonly type: CtyType;
}

/** A schema with names resolved, in declaration order. */
export interface CompiledSchema extends CompiledObject {
  readonly version: number;
  readonly description: string;
  readonly constraints: readonly CompiledConstraint[];
}

/** `expectedGuid` → `expected_guid`, `s3Key` → `s3_key`. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `expected_guid` → `expectedGuid`: the model key of an attribute inside a plain object type. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The implied cty object type of a compiled object (attributes, then blocks). */
export function objectType(o: CompiledObject): CtyType {
  const attrs: { [name: string]: CtyType } = {};
  for (const a of o.attributes) attrs[a.name] = a.type;
  for (const b of o.blocks) attrs[b.name] = b.type;
  return ['object', attrs];
}

function wrap(nesting: AttributeNesting | BlockNesting, inner: CtyType): CtyType {
  return nesting === 'single' ? inner : [nesting, inner];
}

// Terraform validates schemas too (internal_validate.go), but its message names no resource;
// failing here at definition time points at the line that is wrong.
function checkAttribute(where: string, spec: AttributeSpec, inSet: boolean): void {
  const { required, optional, computed } = spec;
  if (!required && !optional && !computed) throw new Error(`schema ${where}: one of required, optional or computed must be set`);
  if (required && (optional || computed)) throw new Error(`schema ${where}: required excludes optional and computed`);
  if (spec.default !== undefined && !(optional && computed)) throw new Error(`schema ${where}: a default needs optional and computed`);
  if (spec.writeOnly && (computed || spec.planModifiers?.length)) throw new Error(`schema ${where}: a write-only attribute cannot be computed or have plan modifiers`);
  // Set elements are identified by their whole value: a value the provider fills in (computed,
  // default) changes the element's identity between plan and apply, and Terraform rejects that.
  if (inSet && (computed || spec.default !== undefined)) throw new Error(`schema ${where}: an attribute inside a set cannot be computed or have a default; use list or map nesting`);
}

function compileObject(owner: string, attributes: Readonly<Record<string, AttributeSpec | undefined>>, blocks: Readonly<Record<string, BlockSpec | undefined>>, inSet: boolean): CompiledObject {
  const outAttributes: CompiledAttribute[] = [];
  for (const [key, spec] of Object.entries(attributes)) {
    if (spec === undefined) continue;
    const where = `${owner}.${key}`;
    checkAttribute(where, spec, inSet);
    const name = spec.name ?? snakeCase(key);
    if (spec.nested !== undefined) {
      const object = compileObject(where, spec.nested.attributes, {}, inSet || spec.nested.nesting === 'set');
      outAttributes.push({ key, name, spec, type: wrap(spec.nested.nesting, objectType(object)), nested: { nesting: spec.nested.nesting, object } });
    } else {
      outAttributes.push({ key, name, spec, type: spec.type });
    }
  }
  const outBlocks: CompiledBlock[] = [];
  for (const [key, spec] of Object.entries(blocks)) {
    if (spec === undefined) continue;
    const where = `${owner}.${key}`;
    const inner = compileObject(where, spec.attributes, spec.blocks ?? {}, inSet || spec.nesting === 'set');
    outBlocks.push({ key, name: spec.name ?? snakeCase(key), spec, nesting: spec.nesting, type: wrap(spec.nesting, objectType(inner)), ...inner });
  }
  const names = [...outAttributes.map((a) => a.name), ...outBlocks.map((b) => b.name)];
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`schema ${owner}: duplicate Terraform name ${duplicate}`);
  return { attributes: outAttributes, blocks: outBlocks };
}

/** Resolves names and checks the schema's internal rules; throws on a schema bug. */
export function compileSchema<Model = Record<string, unknown>>(owner: string, spec: ObjectSchemaSpec<NoInfer<Model>>): CompiledSchema {
  const object = compileObject(owner, spec.attributes as Record<string, AttributeSpec | undefined>, (spec.blocks ?? {}) as Record<string, BlockSpec | undefined>, false);
  const constraints = ((spec.constraints ?? []) as readonly Constraint[]).map((c): CompiledConstraint => ({
    kind: c.kind,
    names: c.keys.map((key) => {
      const a = object.attributes.find((x) => x.key === key);
      if (!a) throw new Error(`schema ${owner}: ${c.kind} names ${String(key)}, which is not a top-level attribute`);
      return a.name;
    }),
  }));
  return { version: spec.version ?? 0, description: spec.description, ...object, constraints };
}

function toSchemaAttribute(a: CompiledAttribute): SchemaAttribute {
  const { spec } = a;
  const out: SchemaAttribute = { name: a.name, type: a.type, description: spec.description };
  if (a.nested) out.nestedType = toNestedType(a.nested.nesting, a.nested.object);
  if (spec.required) out.required = true;
  if (spec.optional) out.optional = true;
  if (spec.computed) out.computed = true;
  if (spec.sensitive) out.sensitive = true;
  if (spec.writeOnly) out.writeOnly = true;
  if (spec.deprecated) out.deprecated = true;
  return out;
}

function toNestedType(nesting: AttributeNesting, object: CompiledObject): SchemaNestedAttributeType {
  return { nesting, attributes: object.attributes.map(toSchemaAttribute) };
}

function toSchemaBlock(description: string, object: CompiledObject): SchemaBlock {
  const blockTypes: SchemaNestedBlock[] = object.blocks.map((b) => {
    const nb: SchemaNestedBlock = { typeName: b.name, nesting: b.nesting, block: toSchemaBlock(b.spec.description, b) };
    if (b.spec.minItems !== undefined) nb.minItems = b.spec.minItems;
    if (b.spec.maxItems !== undefined) nb.maxItems = b.spec.maxItems;
    return nb;
  });
  return { attributes: object.attributes.map(toSchemaAttribute), blockTypes, description };
}

/** The contract form of a compiled schema (GetProviderSchema). */
export function toContractSchema(schema: CompiledSchema): Schema {
  return { version: schema.version, block: toSchemaBlock(schema.description, schema) };
}

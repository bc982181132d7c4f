/**
 * Models derived from schemas at compile time, so that a resource's model can never disagree with
 * its schema: declare the schema with `satisfies ObjectSchemaSpec` (which keeps its literal types)
 * and take `ModelOf<typeof schema>` as the model. Every attribute becomes a model field of the
 * matching TypeScript type, `| null` (unset, or not known yet in a handler); nested attributes and
 * blocks become nested models; attribute names inside plain `object` types become camelCase, as
 * the codec (./values) converts them.
 */
import type { CtyType } from './contract';

/** `display_name` → `displayName` (the codec's `camelCase`, at the type level). */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The model type of a value of cty type `T`. */
export type ValueOf<T> = T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : T extends 'bool'
      ? boolean
      : T extends 'dynamic'
        ? unknown
        : T extends readonly ['list' | 'set', infer E]
          ? ValueOf<E>[]
          : T extends readonly ['map', infer E]
            ? Record<string, ValueOf<E>>
            : T extends readonly ['object', infer O]
              ? { [K in keyof O as CamelCase<K & string>]: ValueOf<O[K]> | null }
              : T extends readonly ['tuple', infer E]
                ? { [I in keyof E]: ValueOf<E[I]> }
                : never;

/** The model of the objects of a nested attribute or block. */
export type NestedModelOf<A> = { -readonly [K in keyof A]: AttributeValueOf<A[K]> };

/** The model field of one attribute. */
export type AttributeValueOf<S> = S extends { readonly nested: { readonly nesting: infer N; readonly attributes: infer A } }
  ? (N extends 'single' ? NestedModelOf<A> : N extends 'map' ? Record<string, NestedModelOf<A>> : NestedModelOf<A>[]) | null
  : S extends { readonly type: infer T extends CtyType | readonly unknown[] }
    ? ValueOf<T> | null
    : never;

/** The model field of one block: `single` → object or null; `list`/`set` → array (empty when none). */
export type BlockValueOf<S> = S extends { readonly nesting: infer N; readonly attributes: infer A }
  ? (S extends { readonly blocks: infer B } ? NestedModelOf<A> & BlocksModelOf<B> : NestedModelOf<A>) extends infer M
    ? N extends 'single'
      ? M | null
      : M[]
    : never
  : never;

type BlocksModelOf<B> = { -readonly [K in keyof B]: BlockValueOf<B[K]> };

/** The model of a whole schema (resource, data source, ephemeral resource, provider). */
export type ModelOf<S extends { readonly attributes: object }> = NestedModelOf<S['attributes']> & (S extends { readonly blocks: infer B } ? BlocksModelOf<B> : unknown);

/** Compile-time proof that a hand-written model and a schema agree: `const _check: SameModel<A, B> = true`. */
export type SameModel<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

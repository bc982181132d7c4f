/**
 * The shapes `discover` passes around: what a discoverer finds on the cluster (an object to import,
 * or one the provider cannot manage, with the reason) and what it gets to look with. Nothing here
 * ever holds a secret: discoverers read names, ids and settings only.
 */
import type { PapiApi } from '../../papi/types';
import type { SecretStore } from '../../secrets/types';

/** An HCL attribute value: what the generated resource blocks hold. */
export type HclValue = string | number | boolean | null | readonly HclValue[] | { readonly [key: string]: HclValue };

/** An existing object the provider can manage: an import id and the resource body that matches it. */
export interface DiscoveredObject {
  /** Terraform resource type, e.g. `powerscale_s3_key`. */
  readonly type: string;
  /** What filters match and what a reader recognises: `System/alice`, `tenant-a`. */
  readonly name: string;
  /** The id `terraform import` takes for this type. */
  readonly importId: string;
  /** The parts the resource address is derived from (zone, then name). */
  readonly addressParts: readonly string[];
  /** The resource body, HCL attribute names (snake_case), in the order to print. */
  readonly attributes: Readonly<Record<string, HclValue>>;
  /** Comment lines printed above the block (what the first plan will do). Never secret. */
  readonly notes?: readonly string[];
}

/** An existing object the provider cannot manage, listed as a comment with the reason. */
export interface SkippedObject {
  readonly type: string;
  readonly name: string;
  readonly reason: string;
}

/** One finding of a discoverer. */
export type Discovery = { readonly kind: 'object'; readonly object: DiscoveredObject } | { readonly kind: 'skipped'; readonly skipped: SkippedObject };

/** What a discoverer looks with. */
export interface DiscoverContext {
  readonly papi: PapiApi;
  /** The store the provider would use, to say whether an import will mint; undefined: not checked. */
  readonly secrets: SecretStore | undefined;
  /** The zones to look in (every zone of the cluster unless `--zone` named some). */
  readonly zones: readonly string[];
  readonly signal?: AbortSignal;
  /** A progress line for stderr. */
  progress(message: string): void;
}

/**
 * How one resource type finds its objects. One per type, registered in `./registry.ts`; a new
 * resource type adds one (docs/adding-a-resource.md).
 */
export interface Discoverer {
  /** The Terraform resource type it finds. Inactive while the provider does not serve the type. */
  readonly type: string;
  /** Every HCL attribute the discoverer may write; a unit test checks them against the schema. */
  readonly attributes: readonly string[];
  /** Lists what exists in `ctx.zones`, paging as the API requires. */
  discover(ctx: DiscoverContext): AsyncIterable<Discovery>;
}

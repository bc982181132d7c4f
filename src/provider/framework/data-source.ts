/**
 * `defineDataSource`: a data source is one object, typed by its model, with a `read` handler that
 * receives the configuration (wholly known: Terraform defers reads whose config is not known yet)
 * and returns the model with its computed attributes filled in.
 */
import type { Problem } from './diagnostics';
import type { HandlerContext, ResourceClients, ValidateRequest } from './resource';
import { titleFromTypeName } from './resource';
import { compileSchema, type CompiledSchema, type ObjectSchemaSpec } from './schema';

/** `read`: the configured arguments as a model (computed attributes null). */
export type DataSourceReadRequest<Model, Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly config: Model;
};

/** Everything a data source declares. */
export interface DataSourceSpec<Model, Clients = ResourceClients> {
  /** Terraform type name, `powerscale_<noun>`. */
  readonly typeName: string;
  /** Human title for diagnostics ("Unable to Read Access Zone"); derived from `typeName` when omitted. */
  readonly title?: string;
  readonly schema: ObjectSchemaSpec<Model>;
  /**
   * Returns the whole model: configured attributes as given, computed ones filled in. Throw
   * DiagnosticError for "not found" (a data source that finds nothing is an error, unlike a resource).
   */
  read(req: DataSourceReadRequest<Model, Clients>): Promise<Model>;
  /** Cross-attribute validation (attribute validators and constraints run first). */
  validate?(req: ValidateRequest<Model>): readonly Problem[] | void;
}

/** A data source ready for the server. */
export interface DataSourceDefinition {
  readonly kind: 'data source';
  readonly typeName: string;
  readonly title: string;
  readonly schema: CompiledSchema;
  readonly spec: DataSourceSpec<Record<string, unknown>, unknown>;
}

/** Defines a data source (compiles and checks the schema at once). */
export function defineDataSource<Model, Clients = ResourceClients>(spec: DataSourceSpec<Model, Clients>): DataSourceDefinition {
  return {
    kind: 'data source',
    typeName: spec.typeName,
    title: spec.title ?? titleFromTypeName(spec.typeName),
    schema: compileSchema(spec.typeName, spec.schema as ObjectSchemaSpec<unknown>),
    spec: spec as unknown as DataSourceSpec<Record<string, unknown>, unknown>,
  };
}

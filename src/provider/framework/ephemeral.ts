/**
 * `defineEphemeralResource` (protocol 6.7, Terraform >= 1.10): a value that lives for one
 * Terraform run only and is never written to plan or state, such as a secret read from the store.
 * `open` returns the value; `renew` and `close` are optional and get back the private data `open`
 * returned (JSON), for leases that must be extended or released.
 */
import type { Problem } from './diagnostics';
import type { HandlerContext, ResourceClients, ValidateRequest } from './resource';
import { titleFromTypeName } from './resource';
import { compileSchema, type CompiledSchema, type ObjectSchemaSpec } from './schema';

/** `open`: the configuration as a model (computed attributes null). */
export type EphemeralOpenRequest<Model, Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly config: Model;
};

/** What `open` returns: the value, and optionally a lease to renew or release. */
export interface EphemeralOpenResult<Model> {
  readonly result: Model;
  /** JSON-serialisable; handed to `renew` and `close`. */
  readonly private?: unknown;
  /** When Terraform must call `renew` to keep the value valid. */
  readonly renewAt?: Date;
  /** Warnings to show with the value (an error belongs in a thrown DiagnosticError). */
  readonly problems?: readonly Problem[];
}

/** `renew` and `close`: the private data from `open` (or the last `renew`). */
export type EphemeralLeaseRequest<Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly private: unknown;
};

/** What `renew` returns. */
export interface EphemeralRenewResult {
  readonly private?: unknown;
  readonly renewAt?: Date;
}

/** Everything an ephemeral resource declares. */
export interface EphemeralResourceSpec<Model, Clients = ResourceClients> {
  readonly typeName: string;
  readonly title?: string;
  readonly schema: ObjectSchemaSpec<Model>;
  open(req: EphemeralOpenRequest<Model, Clients>): Promise<EphemeralOpenResult<Model>>;
  renew?(req: EphemeralLeaseRequest<Clients>): Promise<EphemeralRenewResult>;
  close?(req: EphemeralLeaseRequest<Clients>): Promise<void>;
  validate?(req: ValidateRequest<Model>): readonly Problem[] | void;
}

/** An ephemeral resource ready for the server. */
export interface EphemeralResourceDefinition {
  readonly kind: 'ephemeral resource';
  readonly typeName: string;
  readonly title: string;
  readonly schema: CompiledSchema;
  readonly spec: EphemeralResourceSpec<Record<string, unknown>, unknown>;
}

/** Defines an ephemeral resource (compiles and checks the schema at once). */
export function defineEphemeralResource<Model, Clients = ResourceClients>(spec: EphemeralResourceSpec<Model, Clients>): EphemeralResourceDefinition {
  return {
    kind: 'ephemeral resource',
    typeName: spec.typeName,
    title: spec.title ?? titleFromTypeName(spec.typeName),
    schema: compileSchema(spec.typeName, spec.schema as ObjectSchemaSpec<unknown>),
    spec: spec as unknown as EphemeralResourceSpec<Record<string, unknown>, unknown>,
  };
}

/**
 * `defineProvider`: the provider block's schema, its validation, and `configure`, which turns the
 * decoded config into the shared clients. Configure must not touch the network: clients connect on
 * first use (resources call them), so `terraform validate` and plans of nothing never log in.
 */
import type { Problem } from './diagnostics';
import type { ErrorDescriber } from './diagnostics';
import type { Log } from './logger';
import type { ResourceClients } from './resource';
import { compileSchema, type CompiledSchema, type ObjectSchemaSpec } from './schema';
import type { Planned } from './values';

/** What configure returns: lazy clients for the handlers, and how to release them at exit. */
export interface ProviderSession<Clients = ResourceClients> {
  readonly clients: Clients;
  /** Best effort and fast: log out, close sockets. Called on GRPCController.Shutdown. */
  close(): Promise<void>;
}

/** ConfigureProvider input: the config as a model, wholly known (the framework checks). */
export interface ConfigureRequest<Config> {
  readonly config: Config;
  readonly terraformVersion: string;
  readonly log: Log;
}

/** Everything the provider declares. */
export interface ProviderSpec<Config, Clients = ResourceClients> {
  readonly schema: ObjectSchemaSpec<Config>;
  /** Cross-attribute checks (unknown values are UNKNOWN: skip them). No network. */
  validate?(req: { readonly config: Planned<Config> }): readonly Problem[] | void;
  /**
   * Builds the session. Throw DiagnosticError for a config problem; must not connect anywhere.
   * Not called while the config holds values known only after apply.
   */
  configure(req: ConfigureRequest<Config>): ProviderSession<Clients> | Promise<ProviderSession<Clients>>;
  /** Renders errors from the client layers (PAPI, secret store) as diagnostic details. */
  readonly describeError?: ErrorDescriber;
}

/** A provider ready for the server. */
export interface ProviderDefinition {
  readonly schema: CompiledSchema;
  readonly spec: ProviderSpec<Record<string, unknown>, unknown>;
}

/** Defines the provider (compiles and checks the schema at once). */
export function defineProvider<Config, Clients = ResourceClients>(spec: ProviderSpec<Config, Clients>): ProviderDefinition {
  return {
    schema: compileSchema('provider', spec.schema),
    spec: spec as unknown as ProviderSpec<Record<string, unknown>, unknown>,
  };
}

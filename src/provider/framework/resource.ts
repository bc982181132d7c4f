/**
 * `defineResource`: a resource is one object, typed by its model, whose optional members are
 * capabilities (`update`, `importState`, `modifyPlan`, `validate`, `upgradeState`). Handlers
 * receive camelCase models and the shared clients, throw on failure, and return the new model;
 * the framework does decoding, plan rules, write-only nulling and diagnostics.
 */
import type { Problem } from './diagnostics';
import type { Log } from './logger';
import { compileSchema, type CompiledSchema, type ObjectSchemaSpec } from './schema';
import type { Planned } from './values';

/**
 * The clients every handler shares: built once per provider process by the provider's configure,
 * lazily, on first use (so schema and validate calls never touch the network). The framework knows
 * nothing about them: every definer takes the clients' type as its `Clients` parameter, and this
 * interface is only the default, which the provider fills in by declaration merging
 * (`declare module`), so the framework never imports a client layer.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the provider (declaration merging)
export interface ResourceClients {}

/**
 * Runs `work` without the call's answer waiting for it: clean-up whose result Terraform does not
 * need and whose loss is harmless, since the process may be killed before it is done. Shutdown
 * waits for it (within its one-second bound) before the clients log out; `work`'s signal aborts
 * on StopProvider. The promise settles when `work` is over and never rejects (failures are
 * logged at debug level): a handler may hold a lock until then.
 */
export type AfterAnswer = (work: (signal: AbortSignal) => Promise<void>) => Promise<void>;

/** What every handler receives besides its own inputs: the clients' members, a signal and a log. */
export type HandlerContext<Clients = ResourceClients> = Clients & {
  /** Aborted when Terraform calls StopProvider (Ctrl-C): pass it to every request. */
  readonly signal: AbortSignal;
  readonly log: Log;
  /** Work after this call's answer (see {@link AfterAnswer}). */
  readonly afterAnswer: AfterAnswer;
};

/** `create`: `plan` is the planned model with values not known yet as null; `config` holds write-only values. */
export type CreateRequest<Model, Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly plan: Model;
  readonly config: Model;
  /** Private state planned by `modifyPlan` (undefined when none). */
  readonly private: unknown;};

/** `read`: refresh `state` from the remote side. */
export type ReadRequest<Model, Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly state: Model;
  readonly private: unknown;};

/** `update`: change `prior` into `plan` in place (only when no `requiresReplace` attribute changed). */
export type UpdateRequest<Model, Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly plan: Model;
  readonly prior: Model;
  readonly config: Model;
  readonly private: unknown;};

/** `delete`: remove `state`; not-found is success. */
export type DeleteRequest<Model, Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly state: Model;
  readonly private: unknown;};

/** `importState`: the id the user gave `terraform import` or an `import {}` block. */
export type ImportRequest<Clients = ResourceClients> = HandlerContext<Clients> & {
  readonly id: string;
};

/**
 * `modifyPlan`: runs after the framework's own plan rules (defaults, computed → unknown,
 * useStateForUnknown) on create and update, never on destroy. `planned` and `config` may hold
 * UNKNOWN. Runs twice per apply (plan, then final plan with config known): it must be
 * deterministic, or Terraform reports an inconsistent final plan.
 */
export type ModifyPlanRequest<Model, Clients = ResourceClients> = HandlerContext<Clients> & {
  /** null on create. */
  readonly prior: Model | null;
  readonly planned: Planned<Model>;
  readonly config: Planned<Model>;
  /** Private state from the prior state (undefined on create or when none). */
  readonly private: unknown;};

/** What `modifyPlan` may change. Omitted members keep the framework's plan. */
export interface ModifyPlanResult<Model> {
  /** The plan to use. Non-computed attributes must keep their config values. */
  readonly planned?: Planned<Model>;
  /** More attributes whose change forces replacement (model keys). */
  readonly requiresReplace?: readonly (keyof Model & string)[];
  /** Private state handed to `create`/`update` (JSON-serialisable). */
  readonly private?: unknown;
  /** Warnings (or errors) to show with the plan. */
  readonly problems?: readonly Problem[];
}

/** `validate`: cross-attribute checks on a config that may hold UNKNOWN (skip those). No network. */
export interface ValidateRequest<Model> {
  readonly config: Planned<Model>;
}

/** `upgradeState`: stored JSON written by schema `version` → JSON of the current schema (Terraform names). */
export interface UpgradeStateRequest {
  readonly version: number;
  readonly rawState: Record<string, unknown>;
}

/** A handler result that also sets the resource's private state (JSON-serialisable, opaque to Terraform). */
export class WithPrivate<Model> {
  constructor(
    readonly state: Model,
    readonly privateState: unknown,
  ) {}
}

/** Returns `state` and stores `privateState` beside it (given back to read, plan, update, delete). */
export function withPrivate<Model>(state: Model, privateState: unknown): WithPrivate<Model> {
  return new WithPrivate(state, privateState);
}

/** What create, read and update return: the model, or the model with private state. */
export type HandlerResult<Model> = Model | WithPrivate<Model>;

/** Everything a resource declares. Only `typeName`, `schema`, `create`, `read` and `delete` are required. */
export interface ResourceSpec<Model, Clients = ResourceClients> {
  /** Terraform type name, `powerscale_<noun>`. */
  readonly typeName: string;
  /** Human title for diagnostics ("Unable to Create S3 Key"); derived from `typeName` when omitted. */
  readonly title?: string;
  readonly schema: ObjectSchemaSpec<Model>;
  /**
   * Creates the remote object and returns the whole model. Must be transactional or converge:
   * if something was created before a failure, throw `PartialStateError(state, cause)` so that
   * Terraform records it (tainted) and the next apply replaces it.
   */
  create(req: CreateRequest<Model, Clients>): Promise<HandlerResult<Model>>;
  /** Refreshes the model, or returns null when the object is gone (Terraform drops it and plans a create). */
  read(req: ReadRequest<Model, Clients>): Promise<HandlerResult<Model> | null>;
  /** In-place update. Without it, every configurable attribute must have `requiresReplace()`. */
  update?(req: UpdateRequest<Model, Clients>): Promise<HandlerResult<Model>>;
  /** Deletes the remote object. Not-found is success; Terraform removes the state afterwards. */
  delete(req: DeleteRequest<Model, Clients>): Promise<void>;
  /**
   * The stub state for an imported id; Terraform calls `read` right after (with the private state,
   * when the stub is wrapped in `withPrivate`), then plans with what read returned as the prior
   * state. Throw DiagnosticError on a malformed id.
   */
  importState?(req: ImportRequest<Clients>): Partial<Model> | WithPrivate<Partial<Model>> | Promise<Partial<Model> | WithPrivate<Partial<Model>>>;
  /** Customises the plan (see {@link ModifyPlanRequest}). */
  modifyPlan?(req: ModifyPlanRequest<Model, Clients>): ModifyPlanResult<Model> | void | Promise<ModifyPlanResult<Model> | void>;
  /** Cross-attribute validation (attribute validators run first). */
  validate?(req: ValidateRequest<Model>): readonly Problem[] | void;
  /** Migrates stored JSON from an older schema version; without it absent attributes become null. */
  upgradeState?(req: UpgradeStateRequest): Record<string, unknown>;
}

/** A resource ready for the server: its spec with the schema compiled. */
export interface ResourceDefinition {
  readonly typeName: string;
  readonly title: string;
  readonly schema: CompiledSchema;
  readonly spec: ResourceSpec<Record<string, unknown>, unknown>;
}

/** `powerscale_s3_key` → `S3 Key`. */
export function titleFromTypeName(typeName: string): string {
  const words = typeName.split('_').slice(1);
  return words.map((w) => (/^[a-z]\d/.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}

/**
 * Defines a resource. Compiles and checks the schema at once, so a schema mistake fails when the
 * module loads (in unit tests) rather than inside Terraform.
 */
export function defineResource<Model, Clients = ResourceClients>(spec: ResourceSpec<Model, Clients>): ResourceDefinition {
  return {
    typeName: spec.typeName,
    title: spec.title ?? titleFromTypeName(spec.typeName),
    schema: compileSchema(spec.typeName, spec.schema),
    // Erased to a record model: the server only handles models it decoded with this same schema.
    spec: spec as unknown as ResourceSpec<Record<string, unknown>, unknown>,
  };
}

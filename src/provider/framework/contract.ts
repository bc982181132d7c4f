/**
 * The seam between the protocol layer (`src/provider/protocol`, the only place that knows protobuf,
 * gRPC and msgpack) and the framework (`src/provider/framework`, which knows neither protobuf nor
 * PAPI). The protocol layer decodes each RPC into these plain types, calls a {@link ProviderServer},
 * and encodes the answer. Field names are camelCase; Terraform attribute names inside values stay
 * as Terraform spells them (snake_case), because they are data, not code.
 */

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/** A value Terraform does not know yet (cty unknown; any msgpack extension on the wire). */
export class UnknownValue {
  /** Refinements sent by Terraform (ext 12) are accepted and ignored; we never emit them. */
  static readonly instance = new UnknownValue();
  private constructor() {}
  toJSON(): string {
    return '(unknown)';
  }
}

/** The singleton unknown. Compare with `===` or {@link isUnknown}. */
export const UNKNOWN = UnknownValue.instance;

export function isUnknown(v: unknown): v is UnknownValue {
  return v === UNKNOWN;
}

/**
 * A cty number. Kept as the exact decimal text whenever it does not fit a JS double exactly
 * (Terraform numbers are arbitrary precision; int64 beyond 2^53 must round-trip).
 */
export class BigNumberValue {
  constructor(readonly decimal: string) {}
  toJSON(): string {
    return this.decimal;
  }
}

/**
 * A decoded Terraform value. Objects and maps are plain records (objects always carry every
 * attribute of their type, null when unset); lists, sets and tuples are arrays.
 */
export type TfValue =
  | null
  | UnknownValue
  | string
  | boolean
  | number
  | BigNumberValue
  | TfValue[]
  | { [key: string]: TfValue };

/** An object value: the shape of a provider config, a resource config, a plan or a state. */
export type TfObject = { [attribute: string]: TfValue };

// ---------------------------------------------------------------------------------------------
// Types (cty type descriptors; JSON-encoded in schemas exactly as cty's type JSON)
// ---------------------------------------------------------------------------------------------

export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | ['list', CtyType]
  | ['set', CtyType]
  | ['map', CtyType]
  | ['object', { [attribute: string]: CtyType }]
  | ['tuple', CtyType[]];

// ---------------------------------------------------------------------------------------------
// Schemas (what GetProviderSchema returns, in framework terms)
// ---------------------------------------------------------------------------------------------

export interface SchemaAttribute {
  name: string;
  /** The value's cty type; for a nested attribute its implied type (sent as `nested_type` instead). */
  type: CtyType;
  /** A nested attribute's object and nesting (protocol `Schema.Object`); `type` is then not sent. */
  nestedType?: SchemaNestedAttributeType;
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
}

export type NestingMode = 'single' | 'list' | 'set' | 'map' | 'group';

/** `Schema.Object`: the attributes of a nested attribute's objects and how they nest. */
export interface SchemaNestedAttributeType {
  nesting: 'single' | 'list' | 'set' | 'map';
  attributes: SchemaAttribute[];
}

export interface SchemaNestedBlock {
  typeName: string;
  nesting: NestingMode;
  block: SchemaBlock;
  minItems?: number;
  maxItems?: number;
}

export interface SchemaBlock {
  attributes: SchemaAttribute[];
  blockTypes: SchemaNestedBlock[];
  description: string;
  deprecated?: boolean;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

export interface ServerCapabilities {
  planDestroy: boolean;
  getProviderSchemaOptional: boolean;
  moveResourceState: boolean;
}

export interface ProviderSchemaResponse {
  provider: Schema;
  resourceSchemas: Record<string, Schema>;
  dataSourceSchemas: Record<string, Schema>;
  /** Protocol 6.7 (Terraform >= 1.10); absent means none. */
  ephemeralResourceSchemas?: Record<string, Schema>;
  serverCapabilities: ServerCapabilities;
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------------

/** One step of an attribute path: an attribute name, a map key, or a list index. */
export type PathStep = { attribute: string } | { key: string } | { index: number };
export type AttributePath = PathStep[];

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  attribute?: AttributePath;
}

// ---------------------------------------------------------------------------------------------
// RPCs in framework terms
// ---------------------------------------------------------------------------------------------

export interface ClientCapabilities {
  deferralAllowed: boolean;
  writeOnlyAttributesAllowed: boolean;
}

export interface ConfigureProviderRequest {
  terraformVersion: string;
  config: TfObject;
  clientCapabilities: ClientCapabilities;
}

export interface UpgradeResourceStateRequest {
  typeName: string;
  version: number;
  /** The parsed JSON of `raw_state.json` (unknown until the framework decodes it). */
  rawStateJson: unknown;
}

export interface UpgradeResourceStateResponse {
  upgradedState: TfObject | null;
  diagnostics: Diagnostic[];
}

export interface ReadResourceRequest {
  typeName: string;
  currentState: TfObject;
  private: Uint8Array;
  clientCapabilities: ClientCapabilities;
}

export interface ReadResourceResponse {
  /** null: the object is gone and Terraform drops it from state. */
  newState: TfObject | null;
  private: Uint8Array;
  diagnostics: Diagnostic[];
}

export interface PlanResourceChangeRequest {
  typeName: string;
  priorState: TfObject | null;
  proposedNewState: TfObject | null;
  config: TfObject | null;
  priorPrivate: Uint8Array;
  clientCapabilities: ClientCapabilities;
}

export interface PlanResourceChangeResponse {
  plannedState: TfObject | null;
  requiresReplace: AttributePath[];
  plannedPrivate: Uint8Array;
  diagnostics: Diagnostic[];
}

export interface ApplyResourceChangeRequest {
  typeName: string;
  priorState: TfObject | null;
  /** null means delete. */
  plannedState: TfObject | null;
  config: TfObject | null;
  plannedPrivate: Uint8Array;
}

export interface ApplyResourceChangeResponse {
  newState: TfObject | null;
  private: Uint8Array;
  diagnostics: Diagnostic[];
}

export interface ImportResourceStateRequest {
  typeName: string;
  id: string;
  clientCapabilities: ClientCapabilities;
}

export interface ImportedResource {
  typeName: string;
  state: TfObject;
  private: Uint8Array;
}

export interface ImportResourceStateResponse {
  importedResources: ImportedResource[];
  diagnostics: Diagnostic[];
}

export interface ReadDataSourceRequest {
  typeName: string;
  /** Wholly known: Terraform defers reads whose configuration holds unknowns to apply. */
  config: TfObject;
  clientCapabilities: ClientCapabilities;
}

export interface ReadDataSourceResponse {
  /** The config with computed attributes filled in; null only alongside error diagnostics. */
  state: TfObject | null;
  diagnostics: Diagnostic[];
}

export interface OpenEphemeralResourceRequest {
  typeName: string;
  config: TfObject;
  clientCapabilities: ClientCapabilities;
}

export interface OpenEphemeralResourceResponse {
  /** Lives for this Terraform run only: never written to plan or state. */
  result: TfObject | null;
  /** Opaque bytes handed back to renew and close (absent: none). */
  private?: Uint8Array;
  /** When Terraform must call renew to keep the value valid (absent: never). */
  renewAt?: Date;
  diagnostics: Diagnostic[];
}

export interface RenewEphemeralResourceRequest {
  typeName: string;
  private?: Uint8Array;
}

export interface RenewEphemeralResourceResponse {
  private?: Uint8Array;
  renewAt?: Date;
  diagnostics: Diagnostic[];
}

export interface CloseEphemeralResourceRequest {
  typeName: string;
  private?: Uint8Array;
}

/**
 * What the protocol layer drives. Implementations never throw: every failure, including
 * provider bugs, comes back as diagnostics (the protocol layer still guards against a throw and
 * turns it into a "provider bug" diagnostic, never a gRPC error). `signal` is aborted when
 * Terraform calls StopProvider.
 */
export interface ProviderServer {
  getProviderSchema(): ProviderSchemaResponse;
  validateProviderConfig(config: TfObject): Promise<Diagnostic[]>;
  configureProvider(req: ConfigureProviderRequest): Promise<Diagnostic[]>;
  validateResourceConfig(typeName: string, config: TfObject): Promise<Diagnostic[]>;
  validateDataResourceConfig(typeName: string, config: TfObject): Promise<Diagnostic[]>;
  upgradeResourceState(req: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse>;
  readResource(req: ReadResourceRequest, signal: AbortSignal): Promise<ReadResourceResponse>;
  planResourceChange(req: PlanResourceChangeRequest, signal: AbortSignal): Promise<PlanResourceChangeResponse>;
  applyResourceChange(req: ApplyResourceChangeRequest, signal: AbortSignal): Promise<ApplyResourceChangeResponse>;
  importResourceState(req: ImportResourceStateRequest, signal: AbortSignal): Promise<ImportResourceStateResponse>;
  /** Data sources (optional for servers that have none: the protocol layer then answers "unknown type"). */
  readDataSource?(req: ReadDataSourceRequest, signal: AbortSignal): Promise<ReadDataSourceResponse>;
  /** Ephemeral resources (protocol 6.7); optional like data sources. */
  validateEphemeralResourceConfig?(typeName: string, config: TfObject): Promise<Diagnostic[]>;
  openEphemeralResource?(req: OpenEphemeralResourceRequest, signal: AbortSignal): Promise<OpenEphemeralResourceResponse>;
  renewEphemeralResource?(req: RenewEphemeralResourceRequest, signal: AbortSignal): Promise<RenewEphemeralResourceResponse>;
  closeEphemeralResource?(req: CloseEphemeralResourceRequest, signal: AbortSignal): Promise<Diagnostic[]>;
  /** StopProvider: cancel in-flight work (abort the signals above). Not process exit. */
  stop(): Promise<void>;
  /**
   * Process exit is near (GRPCController.Shutdown): finish the work handlers left running after
   * their answers, then log out of sessions and close clients. Best effort, fast.
   */
  close(): Promise<void>;
  /** Resolves once the work handlers left running after their answers is over (tests observe the final remote state with it). */
  idle?(): Promise<void>;
}

/**
 * The parts of a saved plan (`terraform show -json PLAN`, format 1.x) the summary reads, decoded
 * from `unknown` with checks. Values inside `before`/`after` stay `unknown`: they are data, and
 * only {@link ./values} looks into them, always through the sensitivity markers.
 */

/** One step of Terraform's action list for a change. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** A planned change of one value (a resource object or an output). */
export interface ValueChange {
  readonly actions: readonly PlanAction[];
  readonly before: unknown;
  readonly after: unknown;
  /** `true`, or an object/array of the same shape as `after` marking unknown parts. */
  readonly afterUnknown: unknown;
  /** `true`, or an object/array marking sensitive parts of `before`. */
  readonly beforeSensitive: unknown;
  /** `true`, or an object/array marking sensitive parts of `after`. */
  readonly afterSensitive: unknown;
}

/** A planned change of one resource instance. */
export interface ResourceChange extends ValueChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Attribute paths that force replacement (`[["zone"]]`). */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** Terraform's reason code, e.g. `replace_because_cannot_update`. */
  readonly actionReason?: string;
  /** Set when the plan imports the object (an `import {}` block, Terraform 1.5+): the import id. */
  readonly importing?: { readonly id: string };
}

/** A planned change of one root-module output. */
export interface OutputChange extends ValueChange {
  readonly name: string;
}

/** A decoded plan. */
export interface PlanDocument {
  readonly formatVersion: string;
  readonly terraformVersion: string;
  readonly resourceChanges: readonly ResourceChange[];
  readonly outputChanges: readonly OutputChange[];
  /** Resources Terraform found changed outside Terraform during refresh. */
  readonly driftCount: number;
  /**
   * What refresh found changed outside Terraform (`resource_drift`): `before` is the last applied
   * state, `after` what the cluster holds now; `["delete"]` when the object is gone.
   */
  readonly resourceDrift: readonly ResourceChange[];
  /** True when planning failed part-way (the plan is incomplete). */
  readonly errored: boolean;
  /** When the plan was made (`timestamp`, RFC 3339 UTC); absent in plans older than Terraform 1.5. */
  readonly timestamp?: string;
}

/** The input was not a JSON plan as `terraform show -json` writes it. */
export class PlanFormatError extends Error {
  override readonly name = 'PlanFormatError';
}

const ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(obj: Json, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw new PlanFormatError(`${where}: "${key}" must be a string`);
  return v;
}

function decodeChange(raw: unknown, where: string): ValueChange {
  if (!isObject(raw)) throw new PlanFormatError(`${where}: "change" must be an object`);
  const actions = raw.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === 'string' && ACTIONS.has(a))) {
    throw new PlanFormatError(`${where}: "actions" must be a non-empty list of ${[...ACTIONS].join(', ')}`);
  }
  return {
    actions: actions as PlanAction[],
    before: raw.before ?? null,
    after: raw.after ?? null,
    afterUnknown: raw.after_unknown ?? false,
    beforeSensitive: raw.before_sensitive ?? false,
    afterSensitive: raw.after_sensitive ?? false,
  };
}

function decodeReplacePaths(raw: unknown): (string | number)[][] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is (string | number)[] => Array.isArray(p) && p.every((s) => typeof s === 'string' || typeof s === 'number'));
}

/** `change.importing` (`{"id": ...}`); an import by identity only (Terraform 1.12+) has no id to show. */
function decodeImporting(raw: unknown): { importing?: { id: string } } {
  if (!isObject(raw)) return {};
  return { importing: { id: typeof raw.id === 'string' ? raw.id : '' } };
}

function decodeResourceChange(raw: unknown, index: number, field = 'resource_changes'): ResourceChange {
  const where = `${field}[${index}]`;
  if (!isObject(raw)) throw new PlanFormatError(`${where} must be an object`);
  const mode = raw.mode === 'data' ? 'data' : 'managed';
  const change = decodeChange((raw as Json).change, `${where} (${String(raw.address)})`);
  return {
    ...change,
    address: str(raw, 'address', where),
    mode,
    type: str(raw, 'type', where),
    name: str(raw, 'name', where),
    replacePaths: decodeReplacePaths(isObject(raw.change) ? raw.change.replace_paths : undefined),
    ...(typeof raw.action_reason === 'string' ? { actionReason: raw.action_reason } : {}),
    ...decodeImporting(isObject(raw.change) ? raw.change.importing : undefined),
  };
}

/**
 * Decodes a parsed `terraform show -json` document. Throws {@link PlanFormatError} naming the
 * first thing that does not fit (for example a binary plan file or a state file given by mistake).
 */
export function decodePlan(raw: unknown): PlanDocument {
  if (!isObject(raw) || typeof raw.format_version !== 'string') {
    throw new PlanFormatError('not a JSON plan: expected the output of "terraform show -json PLANFILE" (an object with "format_version")');
  }
  if (!raw.format_version.startsWith('1.')) {
    throw new PlanFormatError(`unsupported plan format_version "${raw.format_version}" (this tool reads 1.x)`);
  }
  if (raw.planned_values === undefined && raw.resource_changes === undefined) {
    throw new PlanFormatError('this looks like a state, not a plan: run "terraform plan -out=PLANFILE" then "terraform show -json PLANFILE"');
  }
  const resourceChanges = Array.isArray(raw.resource_changes) ? raw.resource_changes.map((rc, i) => decodeResourceChange(rc, i)) : [];
  const resourceDrift = Array.isArray(raw.resource_drift) ? raw.resource_drift.map((rc, i) => decodeResourceChange(rc, i, 'resource_drift')) : [];
  const outputs = isObject(raw.output_changes) ? raw.output_changes : {};
  const outputChanges = Object.entries(outputs).map(([name, change]) => ({ name, ...decodeChange(change, `output_changes.${name}`) }));
  return {
    formatVersion: raw.format_version,
    terraformVersion: typeof raw.terraform_version === 'string' ? raw.terraform_version : 'unknown',
    resourceChanges,
    outputChanges,
    driftCount: resourceDrift.length,
    resourceDrift,
    errored: raw.errored === true,
    ...(typeof raw.timestamp === 'string' ? { timestamp: raw.timestamp } : {}),
  };
}

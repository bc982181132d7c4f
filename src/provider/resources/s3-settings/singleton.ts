/**
 * The rules both S3 settings resources share. A settings singleton cannot be created or deleted;
 * the resource manages the settings the configuration names, and only those:
 *
 * - create remembers the values the configured settings had, then writes the configured ones;
 * - read refreshes the managed settings (a change outside is drift) and leaves the others null
 *   (a change to them is nothing to Terraform);
 * - update writes the settings that differ; a setting newly set is remembered first, a setting
 *   removed from the configuration gets its remembered value back;
 * - delete puts back every remembered value.
 *
 * What was remembered lives in state, in the computed attribute `restore_on_destroy` (a JSON
 * object by Terraform attribute name), and, as before, in private state as `{"restore": {<model
 * key>: value}}`. State is what counts: when the provider dies during an update without
 * answering, Terraform keeps the prior state but drops the private state, and destroy would then
 * put nothing back. The private copy is read only for states written before the attribute existed.
 * An imported resource remembers nothing and its destroy changes nothing: the values before the
 * import are unknown, and guessing them would overwrite settings someone chose.
 */
import { isPapiError } from '../../../papi/errors';
import { ErrorAtAttribute, isUnknown, UNKNOWN, type Problem, type UnknownValue } from '../../framework';

/**
 * A 400 that names a setting by its wire name (`http_port`), pointed at that attribute; any other
 * error unchanged.
 */
export function blameSetting(error: unknown, wireNames: Readonly<Record<string, string>>): unknown {
  if (!isPapiError(error) || error.status !== 400) return error;
  const hit = Object.entries(wireNames).find(([, wire]) => new RegExp(`\\b${wire}\\b`).test(error.message));
  return hit === undefined ? error : new ErrorAtAttribute(hit[0], error);
}

/** A settings value as the wire and the model share it. */
export type SettingValue = string | number | boolean;

/** The private state of a settings resource. */
export interface RestorePlan {
  /** The values to put back on destroy, by model key. */
  readonly restore: Readonly<Record<string, SettingValue>>;
}

/** The private state read back from Terraform; undefined when there is none (imported) or it is not ours. */
export function restorePlanOf(privateState: unknown): RestorePlan | undefined {
  if (privateState === null || typeof privateState !== 'object') return undefined;
  const restore = (privateState as Record<string, unknown>).restore;
  if (restore === null || typeof restore !== 'object' || Array.isArray(restore)) return undefined;
  const values: Record<string, SettingValue> = {};
  for (const [key, value] of Object.entries(restore as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[key] = value;
  }
  return { restore: values };
}

/** The keys among `keys` that `model` sets (non-null): the managed settings. */
export function managedKeys<K extends string>(keys: readonly K[], model: Readonly<Record<K, unknown>>): K[] {
  return keys.filter((k) => model[k] !== null && model[k] !== undefined);
}

/** The members of `values` named by `keys`. */
export function pick<K extends string, V>(values: Readonly<Record<K, V>>, keys: readonly K[]): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {};
  for (const k of keys) out[k] = values[k];
  return out;
}

/** The cluster's values for the settings `state` manages, null for the others. */
export function projectManaged<T extends object, K extends keyof T & string>(keys: readonly K[], state: Readonly<Record<K, unknown>>, actual: T): { [P in K]: T[P] | null } {
  const out = {} as { [P in K]: T[P] | null };
  for (const k of keys) out[k] = state[k] === null || state[k] === undefined ? null : actual[k];
  return out;
}

/** What an update writes and the restore plan it leaves. */
export interface UpdateStep<K extends string> {
  /** The settings to write (changed, newly set, or put back because they are no longer set). */
  readonly patch: Partial<Record<K, SettingValue>>;
  /** The new private state; undefined stays undefined (an imported resource remembers nothing). */
  readonly next: RestorePlan | undefined;
}

/**
 * Plans an update: the planned settings that differ from the cluster's, remembering the cluster's
 * value of each newly managed setting first, and putting back (then forgetting) the remembered
 * value of each setting no longer managed.
 */
export function planUpdate<K extends string>(
  keys: readonly K[],
  plan: Readonly<Record<K, unknown>>,
  actual: Readonly<Record<K, SettingValue>>,
  prior: RestorePlan | undefined,
): UpdateStep<K> {
  const patch: Partial<Record<K, SettingValue>> = {};
  const restore: Record<string, SettingValue> = { ...(prior?.restore ?? {}) };
  for (const k of keys) {
    const wanted = plan[k];
    if (wanted === null || wanted === undefined) {
      const back = restore[k];
      if (back !== undefined) {
        if (back !== actual[k]) patch[k] = back;
        delete restore[k];
      }
      continue;
    }
    if (!(k in restore)) restore[k] = actual[k];
    if (wanted !== actual[k]) patch[k] = wanted as SettingValue;
  }
  return { patch, next: prior === undefined ? undefined : { restore } };
}

/**
 * The warning a create's plan shows: nothing is created, the named settings of `whose` are
 * changed, and destroy restores them. `planned` may hold unknown values (they count as set);
 * `names` maps model keys to Terraform names.
 */
export function takeOverWarning(whose: string, names: Readonly<Record<string, string>>, planned: Readonly<Record<string, unknown>>): Problem {
  const set = Object.entries(names)
    .filter(([key]) => isUnknown(planned[key]) || (planned[key] !== null && planned[key] !== undefined))
    .map(([, name]) => name);
  return {
    severity: 'warning',
    summary: 'Existing S3 Settings Will Be Changed',
    detail: `This creates nothing: it changes ${whose} (${set.join(', ') || 'no setting'}). Their current values are remembered, and destroying this resource puts them back; settings not set here are left alone.`,
  };
}

/** `restore_on_destroy`'s value for `plan`: JSON by Terraform name (`wire`), sorted; null for nothing remembered. */
export function encodeRestore(plan: RestorePlan | undefined, wire: Readonly<Record<string, string>>): string | null {
  if (plan === undefined) return null;
  const entries = Object.entries(plan.restore)
    .filter(([key]) => wire[key] !== undefined)
    .map(([key, value]) => [wire[key] as string, value] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(entries));
}

/** The restore plan `restore_on_destroy` holds (undefined when null or not ours: imported). */
export function decodeRestore(value: string | null, wire: Readonly<Record<string, string>>): RestorePlan | undefined {
  if (value === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const byName = new Map(Object.entries(wire).map(([key, name]) => [name, key]));
  const restore: Record<string, SettingValue> = {};
  for (const [name, v] of Object.entries(parsed as Record<string, unknown>)) {
    const key = byName.get(name);
    if (key !== undefined && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) restore[key] = v;
  }
  return { restore };
}

/** What destroy and update start from: the state's restore_on_destroy, else (older states) the private copy. */
export function restorePlanFor(state: { readonly restoreOnDestroy: string | null }, privateState: unknown, wire: Readonly<Record<string, string>>): RestorePlan | undefined {
  return decodeRestore(state.restoreOnDestroy, wire) ?? restorePlanOf(privateState);
}

/**
 * restore_on_destroy in a plan: unknown on create and whenever the set of managed settings
 * changes (the apply remembers or releases some), else the prior value (it cannot change).
 */
export function plannedRestore<K extends string>(keys: readonly K[], prior: (Readonly<Record<K, unknown>> & { readonly restoreOnDestroy: string | null }) | null, planned: Readonly<Record<K, unknown>>): string | null | UnknownValue {
  if (prior === null) return UNKNOWN;
  const managed = (model: Readonly<Record<K, unknown>>, k: K) => model[k] !== null && model[k] !== undefined;
  return keys.every((k) => managed(prior, k) === managed(planned, k)) ? prior.restoreOnDestroy : UNKNOWN;
}


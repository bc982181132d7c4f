/**
 * The plan of `powerscale_s3_key`, on top of the framework's rules (defaults, computed values
 * unknown on change, requiresReplace for user and zone):
 *
 * - `id` and the default `secret_name` are derived from zone and user, so they are known at plan time;
 * - a rotation is planned (in place) when rotation_triggers changed or read left a pending reason in
 *   private state; it marks `secret_key_timestamp` and `old_key_expiry` unknown (they will change)
 *   and keeps `access_id` (OneFS keeps it across rotations), and hands the reason to update through
 *   planned private state;
 * - any other change (secret_name, existing_key_expiry_minutes) keeps every computed value.
 *
 * Deterministic for the same prior state, private state and configuration: Terraform plans twice
 * per apply and rejects a second plan that changes a value the first one knew.
 */
import { isUnknown, UNKNOWN, type UnknownValue } from '../../framework/contract';
import type { ModifyPlanRequest, ModifyPlanResult } from '../../framework/resource';
import type { Planned } from '../../framework/values';
import { defaultSecretName, keyId } from './naming';
import { decodePrivate, encodePrivate, type RotationReason } from './rotation';
import { readStoredSecret } from './secret-document';
import type { S3KeyModel } from './schema';

type Maybe<T> = T | UnknownValue;

function known<T>(v: Maybe<T>): v is T {
  return !isUnknown(v);
}

/** No triggers and an empty map mean the same: neither should rotate when swapped for the other. */
function normaliseTriggers(v: Maybe<Record<string, string> | null>): Maybe<Record<string, string> | null> {
  if (!known(v) || v === null) return v;
  if (Object.values(v).some((x) => isUnknown(x))) return UNKNOWN;
  return Object.keys(v).length === 0 ? null : v;
}

function sameTriggers(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** The secret name the plan will use: the configured one, else the default of zone and user. */
export function plannedSecretName(config: Planned<S3KeyModel>, zone: Maybe<string | null>, user: Maybe<string | null>): Maybe<string | null> {
  if (config.secretName !== null) return config.secretName;
  if (!known(zone) || !known(user) || zone === null || user === null) return UNKNOWN;
  return defaultSecretName(zone, user);
}

/**
 * True for a state that came from `importState` and has not been through create or update: its
 * existing_key_expiry_minutes is still null (every plan sets it, its default is 0). Its
 * rotation_triggers are a stub too, so the configured ones are adopted rather than a change.
 */
export function isImportedStub(prior: S3KeyModel): boolean {
  return prior.existingKeyExpiryMinutes === null;
}

/**
 * Why this update must rotate, or undefined. A pending reason from read comes first (it says more
 * than "triggers changed").
 */
function rotationReason(prior: S3KeyModel, config: Planned<S3KeyModel>, pending: RotationReason | undefined): RotationReason | undefined {
  if (pending !== undefined) return pending;
  if (isImportedStub(prior)) return undefined;
  const triggers = normaliseTriggers(config.rotationTriggers);
  if (!known(triggers)) return 'triggers-unknown';
  return sameTriggers(triggers, normaliseTriggers(prior.rotationTriggers) as Record<string, string> | null) ? undefined : 'triggers-changed';
}

/** `modifyPlan` of the resource (see the module comment). */
export async function planS3Key(req: ModifyPlanRequest<S3KeyModel>): Promise<ModifyPlanResult<S3KeyModel>> {
  const { prior, planned, config } = req;
  const { user, zone } = planned;
  const id = known(zone) && known(user) && zone !== null && user !== null ? keyId(zone, user) : UNKNOWN;
  const secretName = plannedSecretName(config, zone, user);
  if (prior === null) return { planned: { ...planned, id, secretName }, private: undefined };

  // A new user or zone replaces the key (requiresReplace): Terraform plans the create separately.
  if (!known(user) || !known(zone) || user !== prior.user || zone !== prior.zone) return { planned: { ...planned, id, secretName } };

  let reason = rotationReason(prior, config, decodePrivate(req.private).rotate);

  // The secret is missing or wrong under the old name, but this plan moves it to a new name that
  // already holds the key's secret (typical right after an import): adopt it instead of rotating.
  if ((reason === 'secret-missing' || reason === 'secret-malformed' || reason === 'secret-other-access-id') && known(secretName) && secretName !== null && secretName !== prior.secretName && prior.accessId !== null) {
    const stored = await readStoredSecret(req.secrets, req.log, secretName, prior.accessId, req.signal);
    if (stored.ok) reason = undefined;
  }

  const keep = { id: prior.id ?? id, accessId: prior.accessId ?? UNKNOWN, secretName };
  if (reason === undefined) {
    return { planned: { ...planned, ...keep, secretKeyTimestamp: prior.secretKeyTimestamp, oldKeyExpiry: prior.oldKeyExpiry }, private: undefined };
  }
  req.log.debug('planning an S3 key rotation', { id: prior.id ?? undefined, reason });
  return { planned: { ...planned, ...keep, secretKeyTimestamp: UNKNOWN, oldKeyExpiry: UNKNOWN }, private: encodePrivate(reason) };
}

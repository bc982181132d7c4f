/**
 * The plan of `powerscale_s3_key`, on top of the framework's rules (defaults, computed values
 * unknown on change, requiresReplace for user and zone):
 *
 * - `id` and the default `secret_name` are derived from zone and user, so they are known at plan time;
 * - a rotation is planned (in place) when rotation_triggers changed or read left a pending reason in
 *   private state; it marks `secret_key_timestamp` and `old_key_expiry` unknown (they will change)
 *   and keeps `access_id` (OneFS keeps it across rotations), and hands the reason to update through
 *   planned private state;
 * - any other change (secret_name, existing_key_expiry_minutes) keeps every computed value;
 * - an imported key (private state `imported`, until a create or update) adopts the configured
 *   rotation_triggers without rotating, and the plan says so in a warning;
 * - a rotation that adopts a secret the store does not hold warns until when the current secret
 *   stays valid (its window: existing_key_expiry_minutes when above 0, else adoption_expiry_minutes),
 *   or that it stops at once when that window is 0; one over another resource's document warns of
 *   the clash;
 * - the owner token in private state is handed on unchanged.
 *
 * Deterministic for the same prior state, private state and configuration: Terraform plans twice
 * per apply and rejects a second plan that changes a value the first one knew.
 */
import { isUnknown, UNKNOWN, type ModifyPlanRequest, type ModifyPlanResult, type Planned, type Problem, type UnknownValue } from '../../framework';
import { defaultSecretName, keyId } from './naming';
import { decodePrivate, describeReason, encodePrivate, isAdoptionReason, mintWindow, type KeyPrivate, type RotationReason } from './rotation';
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
 * private state says so (an earlier version's import left existing_key_expiry_minutes null
 * instead, which every plan sets; read turns that into the flag, a plan without refresh sees the
 * null). Its rotation_triggers are a stub, so the configured ones are adopted rather than a change.
 */
export function isImportedStub(prior: S3KeyModel, priv: KeyPrivate): boolean {
  return priv.imported === true || prior.existingKeyExpiryMinutes === null;
}

/**
 * Why this update must rotate, or undefined. A pending reason from read comes first (it says more
 * than "triggers changed").
 */
function rotationReason(prior: S3KeyModel, config: Planned<S3KeyModel>, priv: KeyPrivate): RotationReason | undefined {
  if (priv.rotate !== undefined) return priv.rotate;
  if (isImportedStub(prior, priv)) return undefined;
  const triggers = normaliseTriggers(config.rotationTriggers);
  if (!known(triggers)) return 'triggers-unknown';
  return sameTriggers(triggers, normaliseTriggers(prior.rotationTriggers) as Record<string, string> | null) ? undefined : 'triggers-changed';
}

/**
 * The warning of a plan that records rotation_triggers on an imported key without rotating it:
 * the import cannot know the triggers the current secret was minted for, so the first ones
 * configured are taken as its own. Also after an import whose plan was empty (Terraform keeps
 * the import's private state then), when triggers are added later: said, so that nobody waits
 * for a rotation that this plan does not do.
 */
function adoptedTriggersWarnings(prior: S3KeyModel, config: Planned<S3KeyModel>, priv: KeyPrivate): Problem[] {
  if (!isImportedStub(prior, priv)) return [];
  const triggers = normaliseTriggers(config.rotationTriggers);
  if (!known(triggers) || triggers === null || sameTriggers(triggers, normaliseTriggers(prior.rotationTriggers) as Record<string, string> | null)) return [];
  return [
    {
      severity: 'warning',
      summary: 'S3 Key Rotation Triggers Recorded Without a Rotation',
      detail:
        'This key was imported, and no apply has changed it since: Terraform cannot know which rotation_triggers its current secret was minted for, so this plan records the configured ones and mints nothing. Change rotation_triggers again to rotate the key.',
      attribute: 'rotation_triggers',
    },
  ];
}

/** The warnings of a planned rotation: the adoption window, and a clash with another resource. */
function rotationWarnings(reason: RotationReason, planned: Planned<S3KeyModel>, secretName: Maybe<string | null>): Problem[] {
  const problems: Problem[] = [];
  const configured = planned.existingKeyExpiryMinutes;
  const adoption = planned.adoptionExpiryMinutes;
  if (reason === 'secret-other-owner') {
    problems.push({
      severity: 'warning',
      summary: 'S3 Key Secret Owned by Another Resource',
      detail: `secret_name ${known(secretName) ? JSON.stringify(secretName) : ''} was written by another powerscale_s3_key resource: two resources share this secret_name or this user. The apply will refuse to overwrite it. Keep one resource per user and give each its own secret_name.`,
      attribute: 'secret_name',
    });
  }
  if (known(configured) && known(adoption) && isAdoptionReason(reason)) {
    // Said for every adoption, also when existing_key_expiry_minutes (not the adoption default)
    // sets the window: whoever holds the current secret must learn when it stops.
    const window = mintWindow(reason, configured, adoption);
    const source = window.adoption ? 'adoption_expiry_minutes' : 'existing_key_expiry_minutes';
    const why = `This plan rotates the key because ${describeReason(reason)}. Whoever holds the current secret did not get it from the secret store, so`;
    if (window.minutes > 0) {
      const until = new Date(Date.now() + window.minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      problems.push({
        severity: 'warning',
        summary: 'S3 Key Rotation Keeps the Current Secret Valid',
        detail: `${why} the current secret stays valid until ${until} if applied now (${window.minutes} minutes after the apply: ${source}).`,
      });
    } else {
      problems.push({
        severity: 'warning',
        summary: 'S3 Key Rotation Cuts Off the Current Secret',
        detail: `${why} it would normally stay valid for a while, but ${source} is 0: the current secret stops working when the apply mints the new one. Set adoption_expiry_minutes above 0 to keep it valid.`,
        attribute: 'adoption_expiry_minutes',
      });
    }
  }
  return problems;
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

  const priv = decodePrivate(req.private);
  let reason = rotationReason(prior, config, priv);

  // The secret is missing or wrong under the old name, but this plan moves it to a new name that
  // already holds the key's secret (typical right after an import): adopt it instead of rotating.
  if ((reason === 'secret-missing' || reason === 'secret-malformed' || reason === 'secret-other-access-id') && known(secretName) && secretName !== null && secretName !== prior.secretName && prior.accessId !== null) {
    const stored = await readStoredSecret(req.secrets, req.log, secretName, prior.accessId, req.signal, priv.owner ?? null);
    if (stored.ok) reason = undefined;
  }

  const keep = { id: prior.id ?? id, accessId: prior.accessId ?? UNKNOWN, secretName };
  if (reason === undefined) {
    // The planned private state keeps `imported`: an update that fails leaves the stub as it was.
    return { planned: { ...planned, ...keep, secretKeyTimestamp: prior.secretKeyTimestamp, oldKeyExpiry: prior.oldKeyExpiry }, private: encodePrivate(undefined, priv), problems: adoptedTriggersWarnings(prior, config, priv) };
  }
  req.log.debug('planning an S3 key rotation', { id: prior.id ?? undefined, reason });
  return { planned: { ...planned, ...keep, secretKeyTimestamp: UNKNOWN, oldKeyExpiry: UNKNOWN }, private: encodePrivate(reason, priv), problems: rotationWarnings(reason, planned, secretName) };
}

/**
 * The plan of `powerscale_user`, on top of the framework's rules (requiresReplace for name and
 * zone, useStateForUnknown for the settings the cluster fills in):
 *
 * - `id` and the default `password_secret_name` derive from zone and name (known at plan time);
 * - which way the password goes follows the configuration: minted (password_secret_name or
 *   password_triggers set), given (password_wo) or none;
 * - a minted password is reset (in place; `password_last_set` becomes unknown) when a reason is
 *   pending from read or a failed apply, password_triggers changed, or the password was not minted
 *   before; a given one is set again when password_wo_version changes or it was not given before;
 * - an imported user (no owner token yet) is never reset by adopting its configuration: the plan
 *   warns that Terraform does not know the password unless the store already holds this user's.
 *
 * Deterministic for the same inputs (Terraform plans twice per apply).
 */
import { isUnknown, UNKNOWN, type ModifyPlanRequest, type ModifyPlanResult, type Planned, type Problem, type UnknownValue } from '../../framework';
import { keyId } from '../s3-key/naming';
import { decodeUserPrivate, defaultPasswordSecretName, describeReset, encodeUserPrivate, isPasswordOf, readPasswordDocument, type ResetReason } from './password';
import type { UserModel } from './schema';

type Maybe<T> = T | UnknownValue;

function known<T>(v: Maybe<T>): v is T {
  return !isUnknown(v);
}

/** How the configuration sets the password. An unknown password_wo counts as given. */
export type PasswordMode = 'minted' | 'given' | 'none';

export function modeOf(config: Planned<UserModel>): PasswordMode {
  if (config.passwordWo !== null) return 'given';
  return config.passwordSecretName !== null || config.passwordTriggers !== null ? 'minted' : 'none';
}

/** The mode a state was applied with (a given password leaves only its version behind, if any). */
export function stateModeOf(state: UserModel): PasswordMode {
  if (state.passwordSecretName !== null) return 'minted';
  return state.passwordWoVersion !== null ? 'given' : 'none';
}

function sameTriggers(a: Maybe<Record<string, string> | null>, b: Record<string, string> | null): boolean | undefined {
  if (!known(a)) return undefined;
  if (a !== null && Object.values(a).some((x) => isUnknown(x))) return undefined;
  const x = a === null || Object.keys(a).length === 0 ? null : a;
  const y = b === null || Object.keys(b).length === 0 ? null : b;
  if (x === null || y === null) return x === y;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => y[k] === x[k]);
}

/** The password_secret_name the plan uses: configured, else the default when minted, else null. */
function plannedSecretName(config: Planned<UserModel>, zone: Maybe<string | null>, name: Maybe<string | null>): Maybe<string | null> {
  if (modeOf(config) !== 'minted') return null;
  if (config.passwordSecretName !== null) return config.passwordSecretName;
  if (!known(zone) || !known(name) || zone === null || name === null) return UNKNOWN;
  return defaultPasswordSecretName(zone, name);
}

/** `modifyPlan` of the resource (see the module comment). */
export async function planUser(req: ModifyPlanRequest<UserModel>): Promise<ModifyPlanResult<UserModel>> {
  const { prior, planned, config } = req;
  const { zone, name } = planned;
  const id = known(zone) && known(name) && zone !== null && name !== null ? keyId(zone, name) : UNKNOWN;
  const passwordSecretName = plannedSecretName(config, zone, name);
  const mode = modeOf(config);
  const base = { ...planned, id, passwordSecretName };
  if (prior === null || !known(zone) || !known(name) || zone !== prior.zone || name !== prior.name) {
    return { planned: { ...base, passwordLastSet: mode === 'none' ? base.passwordLastSet : UNKNOWN } };
  }

  const priv = decodeUserPrivate(req.private);
  // No owner token: imported and not applied yet, unless read found the record lost (resource.ts).
  const imported = priv.owner === undefined && priv.reset !== 'record-lost';
  const problems: Problem[] = [];
  let reset: ResetReason | undefined;
  let setGiven = false;
  let unknownPassword = priv.unknownPassword === true;

  if (mode === 'minted') {
    if (imported || unknownPassword) {
      // Adopt what the store holds for this user, if anything; never reset without a trigger.
      const doc = known(passwordSecretName) && passwordSecretName !== null ? await readPasswordDocument(req.secrets, req.log, passwordSecretName, req.signal) : undefined;
      const adopted = isPasswordOf(doc?.header, prior.zone ?? '', prior.name ?? '');
      unknownPassword = !adopted;
      const triggersSame = sameTriggers(config.passwordTriggers, prior.passwordTriggers);
      if (!imported && triggersSame === false) reset = 'triggers-changed';
      else if (!imported && triggersSame === undefined) reset = 'triggers-unknown';
      else if (!adopted) {
        problems.push({
          severity: 'warning',
          summary: 'User Password Unknown to Terraform',
          detail: `The password of user ${JSON.stringify(prior.name)} in zone ${JSON.stringify(prior.zone)} was not set by this resource (it was imported), and the secret store holds none for it under password_secret_name. Nothing is reset by this plan; ${imported ? 'after this apply, ' : ''}change password_triggers to mint a new password and store it.`,
          attribute: 'password_secret_name',
        });
      }
    } else if (priv.reset !== undefined) reset = priv.reset;
    else if (stateModeOf(prior) !== 'minted') reset = 'mode-changed';
    else {
      const same = sameTriggers(config.passwordTriggers, prior.passwordTriggers);
      if (same === undefined) reset = 'triggers-unknown';
      else if (!same) reset = 'triggers-changed';
    }
  } else if (mode === 'given') {
    unknownPassword = false;
    const versionChanged = !known(config.passwordWoVersion) || config.passwordWoVersion !== prior.passwordWoVersion;
    setGiven = !imported && (versionChanged || stateModeOf(prior) !== 'given');
  } else {
    unknownPassword = false;
  }

  const next = encodeUserPrivate({ owner: priv.owner, reset, setGiven: setGiven ? true : undefined, unknownPassword: unknownPassword ? true : undefined, adopting: priv.adopting });
  const changes = reset !== undefined || setGiven;
  if (reset !== undefined) req.log.debug('planning a new user password', { id: prior.id ?? undefined, reason: reset });
  if (reset !== undefined && reset !== 'triggers-changed' && reset !== 'triggers-unknown' && reset !== 'mode-changed') {
    problems.push({ severity: 'warning', summary: 'User Password Will Be Reset', detail: `This plan sets a new password for user ${JSON.stringify(prior.name)} because ${describeReset(reset)}. Whoever uses the current password must read the new one from the secret store.` });
  }
  return {
    planned: { ...base, id: prior.id ?? id, passwordLastSet: changes ? UNKNOWN : prior.passwordLastSet },
    private: next,
    problems,
  };
}

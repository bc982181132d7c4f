/**
 * `resource "powerscale_s3_global_settings"`: the cluster-wide S3 service settings
 * (`/platform/10/protocols/s3/settings/global`), managed setting by setting with the
 * remember-and-restore rules of `./singleton`. There is one per cluster, so its id is `global`.
 */
import { getS3GlobalSettings, GLOBAL_SETTINGS_WIRE, updateS3GlobalSettings, type S3GlobalSettings } from '../../../papi/s3-settings';
import { defineResource, DiagnosticError, PartialStateError, withPrivate } from '../../framework';
import { GLOBAL_SETTING_KEYS, s3GlobalSettingsSchema, type S3GlobalSettingsModel } from './schema';
import { blameSetting, encodeRestore, managedKeys, pick, plannedRestore, planUpdate, projectManaged, restorePlanFor, takeOverWarning } from './singleton';

/** The id of the one global settings object (and the import id). */
export const GLOBAL_SETTINGS_ID = 'global';

type GlobalKey = (typeof GLOBAL_SETTING_KEYS)[number];

function toModel(state: S3GlobalSettingsModel, actual: S3GlobalSettings, restoreOnDestroy: string | null = state.restoreOnDestroy): S3GlobalSettingsModel {
  return { id: GLOBAL_SETTINGS_ID, ...projectManaged(GLOBAL_SETTING_KEYS, state, actual), restoreOnDestroy };
}

async function write(papi: Parameters<typeof updateS3GlobalSettings>[0], patch: Partial<S3GlobalSettings>, signal: AbortSignal): Promise<void> {
  try {
    await updateS3GlobalSettings(papi, patch, signal);
  } catch (error) {
    throw blameSetting(error, GLOBAL_SETTINGS_WIRE);
  }
}

export const s3GlobalSettingsResource = defineResource<S3GlobalSettingsModel>({
  typeName: 'powerscale_s3_global_settings',
  title: 'S3 Global Settings',
  schema: s3GlobalSettingsSchema,

  async create({ plan, papi, signal }) {
    const before = await getS3GlobalSettings(papi, signal);
    const { next } = planUpdate<GlobalKey>(GLOBAL_SETTING_KEYS, plan, before, { restore: {} });
    await write(papi, pick(plan, managedKeys(GLOBAL_SETTING_KEYS, plan)) as Partial<S3GlobalSettings>, signal);
    const restoreOnDestroy = encodeRestore(next, GLOBAL_SETTINGS_WIRE);
    try {
      return withPrivate(toModel(plan, await getS3GlobalSettings(papi, signal), restoreOnDestroy), next);
    } catch (error) {
      // Written but not read back: keep what to restore, so that the replacement puts it back.
      throw new PartialStateError<S3GlobalSettingsModel>({ ...plan, id: GLOBAL_SETTINGS_ID, restoreOnDestroy }, error, next);
    }
  },

  async read({ state, papi, signal }) {
    return toModel(state, await getS3GlobalSettings(papi, signal));
  },

  async update({ plan, prior, private: privateState, papi, signal }) {
    const { patch, next } = planUpdate<GlobalKey>(GLOBAL_SETTING_KEYS, plan, await getS3GlobalSettings(papi, signal), restorePlanFor(prior, privateState, GLOBAL_SETTINGS_WIRE));
    await write(papi, patch as Partial<S3GlobalSettings>, signal);
    const model = toModel(plan, await getS3GlobalSettings(papi, signal), encodeRestore(next, GLOBAL_SETTINGS_WIRE));
    return next === undefined ? model : withPrivate(model, next);
  },

  async delete({ state, private: privateState, papi, signal }) {
    const restore = restorePlanFor(state, privateState, GLOBAL_SETTINGS_WIRE)?.restore ?? {};
    await write(papi, restore as Partial<S3GlobalSettings>, signal);
  },

  modifyPlan({ prior, planned }) {
    const withRestore = { ...planned, restoreOnDestroy: plannedRestore(GLOBAL_SETTING_KEYS, prior, planned) };
    if (prior !== null) return { planned: withRestore };
    return { planned: withRestore, problems: [takeOverWarning("the cluster's S3 service settings", GLOBAL_SETTINGS_WIRE, planned)] };
  },

  importState({ id }) {
    if (id !== GLOBAL_SETTINGS_ID) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: `Import the S3 global settings with the id "${GLOBAL_SETTINGS_ID}" (there is one per cluster), not ${JSON.stringify(id)}.` });
    return { id };
  },
});

/**
 * `resource "powerscale_s3_zone_settings"`: the S3 settings of one access zone
 * (`/platform/12/protocols/s3/settings/zone?zone=<name>`), managed setting by setting with the
 * remember-and-restore rules of `./singleton`. A zone that does not exist is an error on `zone`
 * at create; at read it means the settings are gone with their zone (Terraform plans a create).
 */
import { isPapiError } from '../../../papi/errors';
import { getS3ZoneSettings, updateS3ZoneSettings, ZONE_SETTINGS_WIRE, type S3ZoneSettings } from '../../../papi/s3-settings';
import type { PapiApi } from '../../../papi/types';
import { zoneNameProblem } from '../../../onefs/rules';
import { defineResource, DiagnosticError, isUnknown, PartialStateError, withPrivate } from '../../framework';
import { s3ZoneSettingsSchema, ZONE_SETTING_KEYS, type S3ZoneSettingsModel } from './schema';
import { blameSetting, encodeRestore, managedKeys, pick, plannedRestore, planUpdate, projectManaged, restorePlanFor, takeOverWarning } from './singleton';

type ZoneKey = (typeof ZONE_SETTING_KEYS)[number];

function zoneOf(model: S3ZoneSettingsModel): string {
  if (model.zone === null || model.zone === '') {
    throw new DiagnosticError({ summary: 'Missing Zone', detail: 'These S3 zone settings have no zone in their state. Remove them with "terraform state rm" and import them again by zone name.', attribute: 'zone' });
  }
  return model.zone;
}

function isNotFound(error: unknown): boolean {
  return isPapiError(error) && error.status === 404;
}

/** The cluster's refusal, pointed at `zone` when the zone is missing and at the setting the cluster names otherwise. */
function blame(error: unknown, zone: string): unknown {
  if (!isPapiError(error)) return error;
  if (error.status === 404) {
    return new DiagnosticError({
      summary: 'Access Zone Not Found',
      detail: `The access zone "${zone}" does not exist on the cluster (${error.message}). Create it first (for example with a powerscale_accesszone resource this one depends on), or set zone to an existing zone.`,
      attribute: 'zone',
    });
  }
  return blameSetting(error, ZONE_SETTINGS_WIRE);
}

async function current(papi: PapiApi, zone: string, signal: AbortSignal): Promise<S3ZoneSettings> {
  try {
    return await getS3ZoneSettings(papi, zone, signal);
  } catch (error) {
    throw blame(error, zone);
  }
}

function toModel(zone: string, state: S3ZoneSettingsModel, actual: S3ZoneSettings, restoreOnDestroy: string | null = state.restoreOnDestroy): S3ZoneSettingsModel {
  return { id: zone, zone, ...projectManaged(ZONE_SETTING_KEYS, state, actual), restoreOnDestroy };
}

export const s3ZoneSettingsResource = defineResource<S3ZoneSettingsModel>({
  typeName: 'powerscale_s3_zone_settings',
  title: 'S3 Zone Settings',
  schema: s3ZoneSettingsSchema,

  async create({ plan, papi, signal }) {
    const zone = zoneOf(plan);
    const before = await current(papi, zone, signal);
    const { next } = planUpdate<ZoneKey>(ZONE_SETTING_KEYS, plan, before, { restore: {} });
    const patch = pick(plan, managedKeys(ZONE_SETTING_KEYS, plan)) as Partial<S3ZoneSettings>;
    try {
      await updateS3ZoneSettings(papi, zone, patch, signal);
    } catch (error) {
      throw blame(error, zone);
    }
    const restoreOnDestroy = encodeRestore(next, ZONE_SETTINGS_WIRE);
    try {
      return withPrivate(toModel(zone, plan, await getS3ZoneSettings(papi, zone, signal), restoreOnDestroy), next);
    } catch (error) {
      // Written but not read back: keep what to restore, so that the replacement puts it back.
      throw new PartialStateError<S3ZoneSettingsModel>({ ...plan, id: zone, restoreOnDestroy }, error, next);
    }
  },

  async read({ state, papi, signal }) {
    const zone = zoneOf(state);
    try {
      return toModel(zone, state, await getS3ZoneSettings(papi, zone, signal));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  },

  async update({ plan, prior, private: privateState, papi, signal }) {
    const zone = zoneOf(plan);
    const actual = await current(papi, zone, signal);
    const { patch, next } = planUpdate<ZoneKey>(ZONE_SETTING_KEYS, plan, actual, restorePlanFor(prior, privateState, ZONE_SETTINGS_WIRE));
    try {
      await updateS3ZoneSettings(papi, zone, patch as Partial<S3ZoneSettings>, signal);
    } catch (error) {
      throw blame(error, zone);
    }
    const model = toModel(zone, plan, await getS3ZoneSettings(papi, zone, signal), encodeRestore(next, ZONE_SETTINGS_WIRE));
    return next === undefined ? model : withPrivate(model, next);
  },

  async delete({ state, private: privateState, papi, signal }) {
    const restore = restorePlanFor(state, privateState, ZONE_SETTINGS_WIRE)?.restore ?? {};
    if (Object.keys(restore).length === 0) return;
    try {
      await updateS3ZoneSettings(papi, zoneOf(state), restore as Partial<S3ZoneSettings>, signal);
    } catch (error) {
      // The zone is gone, and its settings with it: nothing to put back.
      if (!isNotFound(error)) throw error;
    }
  },

  modifyPlan({ prior, planned }) {
    // A zone change replaces the resource: the new object remembers anew.
    const replacing = prior !== null && !isUnknown(planned.zone) && planned.zone !== prior.zone;
    const withRestore = { ...planned, restoreOnDestroy: plannedRestore(ZONE_SETTING_KEYS, replacing ? null : prior, planned) };
    if (prior !== null) return { planned: withRestore };
    const zone = isUnknown(planned.zone) || planned.zone === null ? 'a zone known after apply' : `"${planned.zone}"`;
    return { planned: withRestore, problems: [takeOverWarning(`the S3 settings of zone ${zone}`, ZONE_SETTINGS_WIRE, planned)] };
  },

  importState({ id }) {
    const problem = zoneNameProblem(id);
    if (problem !== undefined) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: `Import S3 zone settings by the zone's name. ${problem}` });
    return { id, zone: id };
  },
});

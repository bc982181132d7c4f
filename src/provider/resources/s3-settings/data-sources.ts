/**
 * `data "powerscale_s3_zone_settings"` and `data "powerscale_s3_global_settings"`: every current
 * S3 setting of a zone or of the cluster, read-only. A zone that does not exist is an error on `zone`.
 */
import { SYSTEM_ZONE } from '../../../onefs/rules';
import { isPapiError } from '../../../papi/errors';
import { getS3GlobalSettings, getS3ZoneSettings } from '../../../papi/s3-settings';
import { defineDataSource, DiagnosticError } from '../../framework';
import { GLOBAL_SETTINGS_ID } from './global-resource';
import { s3GlobalSettingsDataSchema, s3ZoneSettingsDataSchema, type S3GlobalSettingsDataModel, type S3ZoneSettingsDataModel } from './schema';

export const s3ZoneSettingsDataSource = defineDataSource<S3ZoneSettingsDataModel>({
  typeName: 'powerscale_s3_zone_settings',
  schema: s3ZoneSettingsDataSchema,
  async read({ config, papi, signal }) {
    const zone = config.zone ?? SYSTEM_ZONE;
    try {
      return { id: zone, zone: config.zone, ...(await getS3ZoneSettings(papi, zone, signal)) };
    } catch (error) {
      if (isPapiError(error) && error.status === 404) {
        throw new DiagnosticError({ summary: 'Access Zone Not Found', detail: `The access zone "${zone}" does not exist on the cluster (${error.message}). Set zone to an existing zone.`, attribute: 'zone' });
      }
      throw error;
    }
  },
});

export const s3GlobalSettingsDataSource = defineDataSource<S3GlobalSettingsDataModel>({
  typeName: 'powerscale_s3_global_settings',
  schema: s3GlobalSettingsDataSchema,
  async read({ papi, signal }) {
    return { id: GLOBAL_SETTINGS_ID, ...(await getS3GlobalSettings(papi, signal)) };
  },
});

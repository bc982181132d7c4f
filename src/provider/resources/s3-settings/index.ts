export { s3GlobalSettingsDataSource, s3ZoneSettingsDataSource } from './data-sources';
export { GLOBAL_SETTINGS_ID, s3GlobalSettingsResource } from './global-resource';
export { RESTORE_RULE, s3GlobalSettingsDataSchema, s3GlobalSettingsSchema, s3ZoneSettingsDataSchema, s3ZoneSettingsSchema } from './schema';
export type { S3GlobalSettingsDataModel, S3GlobalSettingsModel, S3ZoneSettingsDataModel, S3ZoneSettingsModel } from './schema';
export { s3ZoneSettingsResource } from './zone-resource';

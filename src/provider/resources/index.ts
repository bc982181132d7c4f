/**
 * Every resource, data source and ephemeral resource type the provider serves. A new type is one
 * folder beside `cluster/` and one line here (docs/adding-a-resource.md lists the rest: simulator
 * area, fixture, docs).
 */
import type { DataSourceDefinition, EphemeralResourceDefinition, ResourceDefinition } from '../framework';
import { accessZoneDataSource, accessZoneResource } from './accesszone';
import { clusterResource } from './cluster';
import { quotaDataSource, quotaResource } from './quota';
import { s3BucketDataSource, s3BucketResource } from './s3-bucket';
import { s3KeyResource } from './s3-key';
import { s3KeySecretEphemeral } from './s3-key-secret';
import { s3GlobalSettingsDataSource, s3GlobalSettingsResource, s3ZoneSettingsDataSource, s3ZoneSettingsResource } from './s3-settings';
import { secretEphemeral } from './secret';
import { userGroupDataSource, userGroupResource } from './user-group';
import { userDataSource, userResource } from './user';

export const resources: readonly ResourceDefinition[] = [clusterResource, s3KeyResource, accessZoneResource, userResource, userGroupResource, s3BucketResource, quotaResource, s3ZoneSettingsResource, s3GlobalSettingsResource];

export const dataSources: readonly DataSourceDefinition[] = [accessZoneDataSource, userDataSource, userGroupDataSource, s3BucketDataSource, quotaDataSource, s3ZoneSettingsDataSource, s3GlobalSettingsDataSource];

export const ephemeralResources: readonly EphemeralResourceDefinition[] = [secretEphemeral, s3KeySecretEphemeral];

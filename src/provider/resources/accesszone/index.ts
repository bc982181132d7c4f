export { accessZoneDataSource, accessZoneDataSchema } from './data-source';
export type { AccessZoneDataModel } from './data-source';
export { accessZoneResource, accessZoneSchema, reconcileProviders, zonePathProblem } from './resource';
export type { AccessZoneModel } from './resource';

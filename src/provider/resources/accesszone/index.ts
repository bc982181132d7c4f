export { accessZoneDataSource, accessZoneDataSchema } from './data-source';
export type { AccessZoneDataModel } from './data-source';

export { quotaResource } from './resource';
export { quotaDataSource } from './data-source';
export { quotaSchema, quotaDataSchema } from './schema';
export type { QuotaModel, QuotaDataModel } from './schema';

export { s3BucketResource } from './resource';
export { s3BucketDataSource } from './data-source';
export { s3BucketSchema, s3BucketDataSchema } from './schema';
export type { S3BucketModel, S3BucketDataModel } from './schema';

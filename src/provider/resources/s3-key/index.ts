export { s3KeyResource } from './resource';
export { s3KeySchema, MAX_EXPIRY_MINUTES } from './schema';
export type { S3KeyModel } from './schema';
export { defaultSecretName, keyId, parseImportId, SYSTEM_ZONE, USER_NAME_RULE, ZONE_NAME_RULE } from './naming';
export { encodeSecretDocument } from './secret-document';

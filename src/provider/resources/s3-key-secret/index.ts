export { s3KeySecretEphemeral, s3KeySecretEphemeralSchema } from './ephemeral';
export type { S3KeySecretModel } from './ephemeral';

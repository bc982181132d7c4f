export * from './bindings';
export * from './validation-error';
export { MAX_EXISTING_KEY_EXPIRY_MINUTES, SECRET_NAME_PATTERN } from './validate';
export * from './secret-store';
export * from './powerscale-provider';
export * from './powerscale-cluster';
export * from './s3-key';
export * from './local-user';

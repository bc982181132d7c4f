// The secret-store layer's public API (re-exports only). Backends load on first use; import them
// directly from './backends' when you need a class (tests, tools).
export type { SecretStore } from './types';
export { SecretStoreError, isSecretStoreError } from './errors';
export type { SecretStoreBackend, SecretStoreErrorInit, SecretStoreOperation } from './errors';
export { RESERVED_SECRET_PREFIX, SECRET_NAME_PATTERN, SECRET_NAME_RULE, validateConfiguredSecretName, validateSecretName } from './names';
export { DEFAULT_DAP_TENANT, dapUrlProblem, defaultSecretStorePath, secretStoreConfigWarnings, validateSecretStoreConfig } from './config';
export type { SecretStoreConfig, SecretStoreConfigProblem } from './config';
export { createSecretStore } from './factory';
export type { SecretStoreOptions } from './factory';
export { createLazySecretStore } from './lazy';
export type { SecretStoreLogFields, SecretStoreLogger } from './log';
export { checkOwnerOnlyFileSync, ownerOnlyProblem, readOwnerOnlyFile } from './owner-only';
export type { FetchLike } from './dap/http';
export type { DapRetryOptions } from './dap/dap-store';

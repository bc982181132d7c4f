// The backend classes (re-exports only). Importing this loads ky and undici; the provider does not.
export { FileSecretStore } from './file/file-store';
export type { FileSecretStoreOptions } from './file/file-store';
export { DapSecretStore } from './dap/dap-store';
export type { DapRetryOptions, DapSecretStoreOptions } from './dap/dap-store';
export { openDapSecretStore } from './dap/open';
export type { DapConnectionConfig, DapOpenOptions } from './dap/open';
export type { DapCredentials } from './dap/credentials';

import { defaultSecretStorePath, validateSecretStoreConfig, type SecretStoreConfig } from './config';
import type { DapRetryOptions } from './dap/dap-store';
import type { FetchLike } from './dap/http';
import { SecretStoreError } from './errors';
import { createLazySecretStore } from './lazy';
import type { SecretStoreLogger } from './log';
import type { SecretStore } from './types';

/** Process-level knobs of {@link createSecretStore}; none of them is user configuration. */
export interface SecretStoreOptions {
  /** Receives retries, fallbacks and stale-lock notices (names and statuses only). */
  log?: SecretStoreLogger;
  /** DAP: per-attempt timeout. @default 30000 */
  timeoutMs?: number;
  /** DAP: retry policy for 502/503/504 and connection errors. */
  retry?: DapRetryOptions;
  /** DAP: replaces the undici/TLS fetch (unit tests). */
  fetch?: FetchLike;
  /** File: how long a writer waits for another process's lock. @default 10000 */
  lockTimeoutMs?: number;
}

/**
 * The factory the provider calls from `configure`: returns a lazy {@link SecretStore} for a
 * `secret_store` block (undefined = the file store at its default path). Nothing is read, opened or
 * connected until the first call; the backend modules themselves are imported then too, so loading
 * the provider costs nothing. Configuration problems surface from the first call as
 * {@link SecretStoreError} `invalid_config`; run {@link validateSecretStoreConfig} at plan time to
 * report them earlier as diagnostics.
 */
export function createSecretStore(config: SecretStoreConfig | undefined, options: SecretStoreOptions = {}): SecretStore {
  const c: SecretStoreConfig = { ...config };
  return createLazySecretStore(async () => {
    const type = c.type ?? 'file';
    if (type === 'dap') {
      const { openDapSecretStore } = await import('./dap/open');
      if (!c.url || !c.credentialsFile) {
        const problems = validateSecretStoreConfig(c).map((p) => p.message);
        throw new SecretStoreError({ backend: 'config', operation: 'open', errorCode: 'invalid_config', message: `secret_store: ${problems.join('; ')}` });
      }
      return openDapSecretStore(
        { url: c.url, credentialsFile: c.credentialsFile, ...(c.tenant !== undefined ? { tenant: c.tenant } : {}), ...(c.insecure !== undefined ? { insecure: c.insecure } : {}), ...(c.caCertFile !== undefined ? { caCertFile: c.caCertFile } : {}) },
        { ...(options.log ? { log: options.log } : {}), ...(options.retry ? { retry: options.retry } : {}), ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) },
      );
    }
    if (type !== 'file') {
      throw new SecretStoreError({ backend: 'config', operation: 'open', errorCode: 'invalid_config', message: `secret_store: type must be "file" or "dap", not ${JSON.stringify(type)}` });
    }
    const { FileSecretStore } = await import('./file/file-store');
    return new FileSecretStore({
      path: c.path ?? defaultSecretStorePath(),
      ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  });
}

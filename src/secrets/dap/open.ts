import { readFile } from 'node:fs/promises';
import { DEFAULT_DAP_TENANT, dapUrlProblem } from '../config';
import { SecretStoreError } from '../errors';
import type { SecretStoreLogger } from '../log';
import { describeFsError } from '../owner-only';
import { readDapCredentialsFile } from './credentials';
import { DapSecretStore, type DapRetryOptions } from './dap-store';
import { createTlsFetch, type FetchLike } from './http';

/** What {@link openDapSecretStore} needs: the `secret_store` block's DAP fields. */
export interface DapConnectionConfig {
  url: string;
  tenant?: string;
  credentialsFile: string;
  insecure?: boolean;
  caCertFile?: string;
}

/** Knobs that are not user configuration (tests, the provider's timeout). */
export interface DapOpenOptions {
  log?: SecretStoreLogger;
  retry?: DapRetryOptions;
  timeoutMs?: number;
  /** Replaces the undici/TLS fetch (unit tests pass msw's patched global fetch). */
  fetch?: FetchLike;
}

/**
 * Reads the credentials file (owner-only) and the CA bundle, and builds a {@link DapSecretStore}.
 * This is the I/O the lazy store defers to the first call.
 * @throws {SecretStoreError} `invalid_config` or `credentials_file`, naming the file, never its content.
 */
export async function openDapSecretStore(config: DapConnectionConfig, options: DapOpenOptions = {}): Promise<DapSecretStore> {
  const fail = (errorCode: string, message: string): SecretStoreError =>
    new SecretStoreError({ backend: 'dap', operation: 'open', errorCode, message });
  const urlProblem = dapUrlProblem(config.url);
  if (urlProblem) throw fail('invalid_config', `secret_store: ${urlProblem}`);
  const credentials = await readDapCredentialsFile(config.credentialsFile).catch((error: unknown) => {
    throw fail('credentials_file', `secret_store.credentials_file: ${error instanceof Error ? error.message : 'unreadable'}`);
  });
  let fetch = options.fetch;
  let closeFetch: (() => Promise<void>) | undefined;
  if (!fetch) {
    let ca: string | undefined;
    if (config.caCertFile !== undefined) {
      ca = await readFile(config.caCertFile, 'utf8').catch((error: unknown) => {
        throw fail('invalid_config', `secret_store.ca_cert_file: ${describeFsError(config.caCertFile ?? '', error)}`);
      });
    }
    let tls: ReturnType<typeof createTlsFetch>;
    try {
      tls = createTlsFetch({ ...(ca !== undefined ? { ca } : {}), insecure: config.insecure === true });
    } catch {
      // OpenSSL's message says nothing useful and may quote the file's content: name the file only.
      throw fail('invalid_config', `secret_store.ca_cert_file: ${config.caCertFile ?? ''} holds no certificate that can be parsed`);
    }
    fetch = tls.fetch;
    closeFetch = tls.close;
  }
  return new DapSecretStore({
    url: config.url,
    tenant: config.tenant ?? DEFAULT_DAP_TENANT,
    credentials,
    fetch,
    ...(closeFetch ? { closeFetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}

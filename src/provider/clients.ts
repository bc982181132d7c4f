/**
 * Builds the clients handlers share, lazily: configure returns proxies, and the first handler call
 * reads the password (from `password`, `password_file` or the secret store), registers it for
 * redaction, loads the PAPI client module with a dynamic `import()` and builds one client for the
 * whole process (so many resources share one session). Schema and validate processes never get
 * here, and a plan that needs no cluster never logs in.
 */
import type { PapiApi, PapiRequestOptions } from '../papi/types';
import { apiVersionOf } from '../papi/versions';
import type { SecretStoreConfig } from '../secrets/config';
import { createLazySecretStore } from '../secrets/lazy';
import { readOwnerOnlyFile } from '../secrets/owner-only';
import type { SecretStore } from '../secrets/types';
import { DiagnosticError } from './framework/diagnostics';
import type { Log } from './framework/logger';
import type { ProviderSession } from './framework/provider';

/** Where the cluster password comes from: exactly one of the three provider attributes. */
export type PasswordSource = { readonly kind: 'inline'; readonly value: string } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'secret'; readonly key: string };

/** The decoded, validated provider configuration the clients are built from. */
export interface ClientSettings {
  readonly endpoint: string;
  readonly username: string;
  readonly password: PasswordSource;
  readonly insecure: boolean;
  readonly caCertFile: string | undefined;
  readonly timeoutSeconds: number | undefined;
  /** undefined: the local file store at its default path. */
  readonly secretStore: SecretStoreConfig | undefined;
}

/** Seams for tests: how the PAPI client and the secret store are built. */
export interface ClientFactories {
  createPapi(config: { endpoint: string; username: string; password: string; insecure: boolean; caCertFile: string | undefined; timeoutSeconds: number | undefined }, log: Log): Promise<PapiApi>;
  createSecretStore(config: SecretStoreConfig | undefined, log: Log): Promise<SecretStore>;
}

/** The real factories: the client modules are imported on first use only. */
export const defaultFactories: ClientFactories = {
  async createPapi(config, log) {
    const { createPapiClient } = await import('../papi/client');
    return createPapiClient(
      { endpoint: config.endpoint, username: config.username, password: config.password, insecure: config.insecure, ...(config.caCertFile !== undefined ? { caCertFile: config.caCertFile } : {}), ...(config.timeoutSeconds !== undefined ? { timeoutSeconds: config.timeoutSeconds } : {}) },
      { logger: { debug: (m, f) => log.debug(m, f), warn: (m, f) => log.warn(m, f) } },
    );
  },
  async createSecretStore(config, log) {
    const { createSecretStore } = await import('../secrets/factory');
    return createSecretStore(config, { log: (level, m, f) => log[level](m, f) });
  },
};

/**
 * Reads a password file: must be readable only by its owner (checked on the opened descriptor);
 * one trailing newline is dropped, because editors and `echo` add one.
 */
export async function readPasswordFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readOwnerOnlyFile(path);
  } catch (error) {
    throw new DiagnosticError({
      summary: 'Unable to Read Cluster Password',
      detail: `The provider's password_file cannot be used: ${error instanceof Error ? error.message : 'unreadable'}. Fix the file (chmod 600, owned by the user running Terraform) or use another password source.`,
    });
  }
  return text.replace(/\r?\n$/, '');
}

/** Builds the provider session: lazy clients for handlers, and `close` for process exit. */
export function createClients(settings: ClientSettings, log: Log, factories: ClientFactories = defaultFactories): ProviderSession {
  const secrets = createLazySecretStore(() => factories.createSecretStore(settings.secretStore, log));

  async function password(): Promise<string> {
    const source = settings.password;
    let value: string;
    if (source.kind === 'inline') value = source.value;
    else if (source.kind === 'file') value = await readPasswordFile(source.path);
    else {
      const stored = await secrets.get(source.key);
      if (stored === undefined) {
        throw new DiagnosticError({
          summary: 'Cluster Password Secret Not Found',
          detail: `The secret store has no secret named ${JSON.stringify(source.key)} (password_secret). Store the cluster password under that name, or fix password_secret or secret_store.`,
        });
      }
      value = stored;
    }
    // Registered before anything else can print it: from here on logs and diagnostics redact it.
    log.addSecret(value);
    if (value === '') {
      throw new DiagnosticError({ summary: 'Empty Cluster Password', detail: 'The configured cluster password is empty. Set password, password_file or password_secret to the password of username.' });
    }
    return value;
  }

  let pending: Promise<PapiApi> | undefined;
  let closed = false;
  const papiClient = (): Promise<PapiApi> => {
    if (closed) return Promise.reject(new Error('the PAPI client is closed'));
    pending ??= (async () => {
      const pw = await password();
      try {
        return await factories.createPapi({ endpoint: settings.endpoint, username: settings.username, password: pw, insecure: settings.insecure, caCertFile: settings.caCertFile, timeoutSeconds: settings.timeoutSeconds }, log);
      } catch (error) {
        // createPapiClient throws TypeError for settings validation should have caught; say which.
        if (error instanceof TypeError) throw new DiagnosticError({ summary: 'Invalid Provider Configuration', detail: `${log.redact(error.message)}. Fix the powerscale provider block.` });
        throw error;
      }
    })().catch((error: unknown) => {
      // Not cached: the user may fix a file mode or a secret and a later call in this process succeeds.
      pending = undefined;
      throw error;
    });
    return pending;
  };

  const papi: PapiApi = {
    get: async <T>(path: string, options?: PapiRequestOptions) => (await papiClient()).get<T>(path, options),
    post: async <T>(path: string, options?: PapiRequestOptions) => (await papiClient()).post<T>(path, options),
    put: async <T>(path: string, options?: PapiRequestOptions) => (await papiClient()).put<T>(path, options),
    delete: async <T>(path: string, options?: PapiRequestOptions) => (await papiClient()).delete<T>(path, options),
    apiVersion: async (area, signal) => apiVersionOf(await papiClient(), area, signal),
    async close() {
      closed = true;
      const current = pending;
      pending = undefined;
      if (current) await (await current.catch(() => undefined))?.close();
    },
  };

  return {
    clients: { papi, secrets },
    async close() {
      await Promise.allSettled([papi.close(), secrets.close()]);
    },
  };
}

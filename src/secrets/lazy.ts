import { SecretStoreError } from './errors';
import type { SecretStore } from './types';

/**
 * A store that builds its backend on first use. Nothing is read, opened or connected before the
 * first `get`/`createOrUpdate`/`delete`/`exists`, so a provider can be configured (and plan) without
 * touching the store. A failed build is not cached: the next call tries again (the user may have
 * fixed a file mode meanwhile). `close()` before first use does nothing.
 */
export function createLazySecretStore(build: () => SecretStore | Promise<SecretStore>): SecretStore {
  let pending: Promise<SecretStore> | undefined;
  let closed = false;
  const backend = (): Promise<SecretStore> => {
    if (closed) return Promise.reject(new SecretStoreError({ backend: 'config', operation: 'open', errorCode: 'closed', message: 'the secret store is closed' }));
    pending ??= Promise.resolve()
      .then(build)
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
  return {
    get: async (key, signal) => (await backend()).get(key, signal),
    exists: async (key, signal) => (await backend()).exists(key, signal),
    createOrUpdate: async (key, value, signal) => (await backend()).createOrUpdate(key, value, signal),
    delete: async (key, signal) => (await backend()).delete(key, signal),
    probeWritable: async (key, signal) => (await backend()).probeWritable?.(key, signal),
    async close() {
      closed = true;
      const current = pending;
      pending = undefined;
      if (current) await (await current.catch(() => undefined))?.close();
    },
  };
}

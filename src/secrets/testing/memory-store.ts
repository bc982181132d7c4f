/**
 * An in-memory {@link SecretStore} for unit tests of resources (the resource kit), with the failure
 * injection those tests need ("the next N writes fail", a store that cannot be written). Not used
 * by the provider.
 */
import { SecretStoreError, type SecretStoreOperation } from '../errors';
import type { SecretStore } from '../types';

/** A store whose values tests can read and change directly, and whose calls can be made to fail. */
export interface MemorySecretStore extends SecretStore {
  readonly values: Map<string, string>;
  /** Makes the next `count` calls of `operation` fail with a retryable `SecretStoreError`. */
  failNext(operation: SecretStoreOperation, count?: number): void;
  /** While true, probeWritable and createOrUpdate fail (a store that cannot be written). */
  readOnly: boolean;
  /** Calls made so far, by operation. */
  readonly calls: Record<SecretStoreOperation, number>;
}

/** A fresh, empty memory store. */
export function createMemorySecretStore(): MemorySecretStore {
  const values = new Map<string, string>();
  const failures = new Map<SecretStoreOperation, number>();
  const calls: Record<SecretStoreOperation, number> = { get: 0, createOrUpdate: 0, delete: 0, exists: 0, open: 0 };
  const enter = (operation: SecretStoreOperation, key: string): void => {
    calls[operation]++;
    const left = failures.get(operation) ?? 0;
    if (left <= 0) return;
    failures.set(operation, left - 1);
    throw new SecretStoreError({ backend: 'file', operation, errorCode: 'io_error', message: 'injected failure', key, retryable: true });
  };
  const refuseWrite = (key: string): void => {
    throw new SecretStoreError({ backend: 'file', operation: 'createOrUpdate', errorCode: 'io_error', message: 'the store is read-only', key });
  };
  return {
    values,
    calls,
    readOnly: false,
    failNext(operation, count = 1) {
      failures.set(operation, count);
    },
    async get(key) {
      enter('get', key);
      return values.get(key);
    },
    async exists(key) {
      enter('exists', key);
      return values.has(key);
    },
    async probeWritable(key) {
      if (this.readOnly) refuseWrite(key);
    },
    async createOrUpdate(key, value) {
      enter('createOrUpdate', key);
      if (this.readOnly) refuseWrite(key);
      values.set(key, value);
    },
    async delete(key) {
      enter('delete', key);
      values.delete(key);
    },
    async close() {},
  };
}

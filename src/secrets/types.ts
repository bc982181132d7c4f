/**
 * The secret store seam (port of the seed's SecretStore). Values are strings; the S3 key resource
 * stores a JSON document. Implementations never log or embed values in errors.
 */
export interface SecretStore {
  /** The value, or undefined when the key does not exist. */
  get(key: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Creates the key, or replaces its value when it exists. Idempotent. */
  createOrUpdate(key: string, value: string, signal?: AbortSignal): Promise<void>;
  /** Deletes the key; a key that does not exist is success (retries converge). */
  delete(key: string, signal?: AbortSignal): Promise<void>;
  exists(key: string, signal?: AbortSignal): Promise<boolean>;
  /**
   * Checks cheaply, without changing anything, that `createOrUpdate(key)` can succeed now (file:
   * the file and its directory are writable; DAP: the manager answers and accepts the identity).
   * Throws the SecretStoreError the write would throw. Callers run it before minting a secret
   * that exists nowhere else, so that a store that cannot take it refuses before the mint.
   * Optional so that test doubles need not have it.
   */
  probeWritable?(key: string, signal?: AbortSignal): Promise<void>;
  /** Releases sockets/locks. */
  close(): Promise<void>;
}

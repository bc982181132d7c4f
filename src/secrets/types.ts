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
  /** Releases sockets/locks. */
  close(): Promise<void>;
}

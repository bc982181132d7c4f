import { inspect } from 'node:util';

/** Which backend raised a {@link SecretStoreError}. */
export type SecretStoreBackend = 'dap' | 'file' | 'config';

/** The store operation that failed. `open` covers reading credentials, CA bundles and file modes. */
export type SecretStoreOperation = 'get' | 'createOrUpdate' | 'delete' | 'exists' | 'open';

/** Fields of a {@link SecretStoreError}; none of them may hold a secret value, token or password. */
export interface SecretStoreErrorInit {
  backend: SecretStoreBackend;
  operation: SecretStoreOperation;
  /**
   * The server's `error_code` (`conflict_error`, `unauthorized_error`...) or a local code:
   * `network_error`, `timeout`, `tls_error`, `aborted`, `bad_response`, `unexpected_redirect`,
   * `http_<status>` (an error status without the manager's envelope), `value_hidden`, `not_visible`
   * (a DAP secret private to another identity), `invalid_key`,
   * `bad_value`, `invalid_config`, `credentials_file`, `insecure_file`, `corrupt_file`,
   * `lock_timeout`, `lock_lost`, `io_error`, `closed`.
   */
  errorCode: string;
  message: string;
  /** HTTP status, when the error came from a response. */
  status?: number;
  /** The secret's name (never its value). */
  key?: string;
  /** HTTP method and URL path (no host, no query), when the error came from a request. */
  method?: string;
  path?: string;
  /** Whether retrying the same call later may succeed (5xx, network). */
  retryable?: boolean;
}

/**
 * The one error type of the secret-store layer. It carries status, error code, message, operation
 * and key name, and never the value, the token or the password: messages from servers are redacted
 * before they get here, and `cause` is never a ky `HTTPError` (which holds headers and the full URL).
 * `toJSON()` and `util.inspect` print only the fields above, so a careless log line stays safe.
 */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  readonly backend: SecretStoreBackend;
  readonly operation: SecretStoreOperation;
  readonly errorCode: string;
  readonly status: number | undefined;
  readonly key: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly retryable: boolean;

  constructor(init: SecretStoreErrorInit) {
    super(init.message);
    this.backend = init.backend;
    this.operation = init.operation;
    this.errorCode = init.errorCode;
    this.status = init.status;
    this.key = init.key;
    this.method = init.method;
    this.path = init.path;
    this.retryable = init.retryable ?? false;
  }

  /** Plain, secret-free fields (what `JSON.stringify` prints). */
  toJSON(): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = {
      name: this.name,
      backend: this.backend,
      operation: this.operation,
      errorCode: this.errorCode,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.status !== undefined) out.status = this.status;
    if (this.key !== undefined) out.key = this.key;
    if (this.method !== undefined) out.method = this.method;
    if (this.path !== undefined) out.path = this.path;
    return out;
  }

  [inspect.custom](): string {
    const where = this.method && this.path ? ` ${this.method} ${this.path}` : '';
    const status = this.status === undefined ? '' : ` ${this.status}`;
    return `SecretStoreError [${this.backend} ${this.operation}${this.key ? ` '${this.key}'` : ''}]${where}${status} ${this.errorCode}: ${this.message}`;
  }
}

/** True for a {@link SecretStoreError}. */
export function isSecretStoreError(error: unknown): error is SecretStoreError {
  return error instanceof SecretStoreError;
}

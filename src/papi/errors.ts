/**
 * The errors the PAPI client throws. They carry what a person needs to act on a failure (status,
 * AEC code, message, method, path) and nothing that could leak: no host, no query string, no
 * headers, no cookies, no credentials, and never a `cause` (a ky/undici error holds the full URL
 * and the request headers).
 */

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** The fields of a {@link PapiError}; also its `toJSON()` shape (plus `name`). */
export interface PapiErrorFields {
  /**
   * HTTP status of the response, or 0 when there was none (connection error, timeout, abort,
   * configuration problem).
   */
  readonly status: number;
  /**
   * The OneFS `AEC_*` code from the error envelope; a transport code such as `ECONNRESET`,
   * `TIMEOUT`, `ABORTED`, `CLIENT_CLOSED` when `status` is 0; undefined when the body had none.
   */
  readonly code: string | undefined;
  /** The cluster's message (first error of the envelope) or a fallback such as `HTTP 503 Service Unavailable`. */
  readonly message: string;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Request path without host or query string, e.g. `/platform/10/protocols/s3/keys/alice`. */
  readonly path: string;
}

/** A failed PAPI request. Safe to log, serialise and show to a user as it is. */
export class PapiError extends Error implements PapiErrorFields {
  override readonly name: string = 'PapiError';
  readonly status: number;
  readonly code: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(fields: PapiErrorFields) {
    super(fields.message);
    this.status = fields.status;
    this.code = fields.code;
    this.method = fields.method;
    this.path = fields.path;
  }

  /** One line: `GET /platform/1/x -> 404 AEC_NOT_FOUND: message`. */
  override toString(): string {
    const outcome = this.status === 0 ? (this.code ?? 'ERROR') : `${this.status}${this.code ? ` ${this.code}` : ''}`;
    return `${this.name}: ${this.method} ${this.path} -> ${outcome}: ${this.message}`;
  }

  /** Only the safe fields; `JSON.stringify(error)` shows exactly these. */
  toJSON(): PapiErrorFields & { name: string } {
    return { name: this.name, status: this.status, code: this.code, message: this.message, method: this.method, path: this.path };
  }

  /** `util.inspect`/`console.log` show the one-line summary and the stack frames, nothing else. */
  [inspectCustom](): string {
    const frames = (this.stack ?? '').split('\n').slice(1).join('\n');
    return frames ? `${this.toString()}\n${frames}` : this.toString();
  }
}

/**
 * The cluster refused the login (`POST /session/1/session` answered 401 or 403): wrong username or
 * password, a disabled account, or the concurrent-session limit. Never retried, never looped.
 */
export class PapiAuthenticationError extends PapiError {
  override readonly name: string = 'PapiAuthenticationError';
}

/**
 * True for a {@link PapiError} (or subclass), also across module copies: the check falls back to
 * the error's name and fields, as ky's type guards do, because `instanceof` fails when two bundles
 * each carry their own copy of this module.
 */
export function isPapiError(value: unknown): value is PapiError {
  if (value instanceof PapiError) return true;
  if (!(value instanceof Error)) return false;
  const candidate = value as Error & Partial<Record<keyof PapiErrorFields, unknown>>;
  return (
    (candidate.name === 'PapiError' || candidate.name === 'PapiAuthenticationError') &&
    typeof candidate.status === 'number' &&
    typeof candidate.method === 'string' &&
    typeof candidate.path === 'string'
  );
}

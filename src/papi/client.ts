/**
 * `PapiClient`: OneFS Platform API requests over a session (port of the seed's `PapiClient`).
 *
 * ky performs each single HTTP exchange (URL building, query encoding, JSON bodies). The policy
 * around it lives here rather than in ky's `retry`, because it has two independent parts that ky
 * cannot express together: a 401 re-login that happens once for any method and is shared by every
 * request in flight, and transient retries that are allowed for idempotent methods only.
 */
import ky, { type KyInstance } from 'ky';
import { extractAec } from './aec';
import { ClusterConnection, passwordOf } from './connection';
import { Deadline } from './deadline';
import { PapiAuthenticationError, PapiError } from './errors';
import { redact, silentLogger, type PapiLogger } from './logger';
import { backoffDelayMs, isIdempotent, isRetryableResponse, retryPolicy, sleep, type RetryOptions, type RetryPolicy } from './retry';
import { adoptSessionCookies, Session, SessionManager, sessionFromLogin } from './session';
import { classifyFailure, createUndiciTransport, fetchTransport, TransportConfigError, type PapiFetch, type Transport } from './transport';
import type { PapiApi, PapiRequestOptions } from './types';
import { AREA_VERSIONS, parseLatest, pickApiVersion, type PapiArea } from './versions';

/** The cluster's newest API version. */
export const LATEST_PATH = '/platform/latest';

/** The session resource: login (POST), logout (DELETE). */
export const SESSION_PATH = '/session/1/session';

/** Both services, as Dell's own clients request: config API and file-system API on one session. */
const SERVICES = ['platform', 'namespace'] as const;

/** Sent on every request: lets cluster logs (and the simulator's contract check) tell this client apart. */
export const USER_AGENT = 'cdktf-powerscale-papi';

/** Logout is a courtesy on shutdown; it must not hold the provider up for a full request timeout. */
const LOGOUT_TIMEOUT_MS = 5_000;

/** Tuning and seams of a {@link PapiClient}. */
export interface PapiClientOptions {
  /**
   * Time limit of one attempt (connect, headers and body), in milliseconds. A timed-out attempt is
   * not repeated: a cluster that does not answer in time is unlikely to answer a second time.
   * @default 60000
   */
  timeoutMs?: number;
  /** Transient-failure retries of idempotent requests and of the login. */
  retry?: RetryOptions;
  /** Receives debug and warning lines; none carries a query, header, body or credential. @default silent */
  logger?: PapiLogger;
  /**
   * Replaces the HTTP transport; the connection's TLS settings are then ignored.
   * @default the global `fetch` over an undici Agent configured from the connection's TLS
   * settings (msw, which patches the global `fetch`, intercepts it in unit tests)
   */
  fetch?: PapiFetch;
}

/** The provider's configuration of a cluster, as {@link createPapiClient} takes it. */
export interface PapiClientConfig {
  /** `https://host[:port]`, port 8080 when omitted. */
  endpoint: string;
  username: string;
  /** Already read from a file or the secret store by the provider. */
  password: string;
  /** Skip TLS verification. @default false */
  insecure?: boolean;
  /** PEM file of extra trusted CA certificates. */
  caCertFile?: string;
  /** Per-attempt timeout in seconds. @default 60 */
  timeoutSeconds?: number;
}

/**
 * Builds a client from the provider's configuration. Cheap: nothing is read, resolved or
 * connected until the first request.
 * @throws TypeError on an invalid endpoint, username, password or timeout.
 */
export function createPapiClient(config: PapiClientConfig, options: Omit<PapiClientOptions, 'timeoutMs'> = {}): PapiClient {
  const connection = ClusterConnection.fromEndpoint(config);
  const timeoutMs = config.timeoutSeconds === undefined ? undefined : config.timeoutSeconds * 1000;
  return new PapiClient(connection, { ...options, timeoutMs });
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A session's read of `/platform/latest`: `login` and `latest` are set once it has answered. */
interface LatestRead {
  value: Promise<number>;
  login: number | undefined;
  latest: number | undefined;
}

/** The error of an area or a path the cluster's API is too old for. */
function unsupported(latest: number, what: string): PapiError {
  return new PapiError({ status: 0, code: 'UNSUPPORTED_API_VERSION', message: `the cluster's newest API version is ${latest}; ${what} (upgrade OneFS)`, method: 'GET', path: LATEST_PATH });
}

/** The outcome of one HTTP attempt: a response (body read unless a raw success), or a safe failure. */
type Attempt =
  | { kind: 'response'; response: Response; text: string | undefined; sentSessionId: string | undefined }
  | { kind: 'failure'; error: PapiError; retryable: boolean };

interface ExchangeOptions {
  query?: PapiRequestOptions['query'];
  json?: unknown;
  signal?: AbortSignal;
  raw?: boolean;
  timeoutMs?: number;
}

/**
 * A OneFS PAPI client bound to one cluster and one user. One instance per provider process,
 * shared by all resources; safe for concurrent use.
 *
 * - Logs in lazily on the first request (`POST /session/1/session`, services platform and namespace)
 *   and sends `Cookie`, `X-CSRF-Token` and `Referer: https://host:port` on every request.
 * - Adopts a replacement `isisessid` whenever a response sets one (OneFS 9.3+).
 * - On 401 logs in again and repeats the request once; concurrent 401s share one login. A 401 or
 *   403 on the login itself is a {@link PapiAuthenticationError}, never retried.
 * - Repeats GET, PUT and DELETE after connection errors, 502/503/504 and OneFS's "temporarily
 *   unavailable", with capped, jittered exponential backoff. POST is never repeated after it may
 *   have reached the cluster; the login is, since a duplicate login only leaves an idle session.
 * - Every failure is a {@link PapiError}: status, code, message, method, path; nothing secret.
 */
export class PapiClient implements PapiApi {
  readonly #connection: ClusterConnection;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #logger: PapiLogger;
  readonly #fetch: PapiFetch | undefined;
  readonly #sessions: SessionManager;
  #http: Promise<{ ky: KyInstance; transport: Transport }> | undefined;
  #closed = false;
  /** Logins so far: the session a cached `/platform/latest` was read under. */
  #logins = 0;
  /** `/platform/latest`, with the login it was read under and its value (both undefined while in flight). */
  #latest: LatestRead | undefined;

  /** @throws TypeError/RangeError on an invalid timeout or retry option. */
  constructor(connection: ClusterConnection, options: PapiClientOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 60_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('timeoutMs must be a positive number');
    this.#connection = connection;
    this.#timeoutMs = timeoutMs;
    this.#retry = retryPolicy(options.retry);
    this.#logger = options.logger ?? silentLogger;
    this.#fetch = options.fetch;
    this.#sessions = new SessionManager({ login: () => this.#login(), logout: (session) => this.#logout(session) });
  }

  /** The cluster this client talks to (without the password). */
  get connection(): ClusterConnection {
    return this.#connection;
  }

  /**
   * GET `path`; the parsed JSON body, `undefined` for an empty body, or the Response when `raw`
   * (a raw body is the caller's to read, outside the timeout). Non-2xx statuses always throw.
   */
  get<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T> {
    return this.#request<T>('GET', path, options);
  }

  /** POST `path` with `options.json`. Never repeated automatically except after a 401 re-login. */
  post<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T> {
    return this.#request<T>('POST', path, options);
  }

  /** PUT `path` with `options.json`. */
  put<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T> {
    return this.#request<T>('PUT', path, options);
  }

  /** DELETE `path`. */
  delete<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T> {
    return this.#request<T>('DELETE', path, options);
  }

  /**
   * The `/platform/N` to call `area` at: the highest version this client speaks for it that the
   * cluster's `/platform/latest` allows. `/platform/latest` is read once per session (a re-login,
   * which may reach an upgraded cluster, reads it again). An area this client speaks at one version
   * only does not wait for that read: its version is answered at once, and its request goes out
   * with the read (a GET) or after it (any other method), and fails if the cluster is too old.
   * @throws PapiError `UNSUPPORTED_API_VERSION` when the cluster is older than the area.
   */
  async apiVersion(area: PapiArea, signal?: AbortSignal): Promise<number> {
    const read = this.#latestRead(signal);
    const versions = AREA_VERSIONS[area];
    const only = versions.length === 1 ? versions[0] : undefined;
    if (read.latest === undefined && only !== undefined) return only;
    const latest = read.latest ?? (await read.value);
    const version = pickApiVersion(area, latest);
    if (version === undefined) throw unsupported(latest, `${area} needs version ${versions[0]} or later`);
    return version;
  }

  /** This session's read of `/platform/latest`, started now if there is none. */
  #latestRead(signal: AbortSignal | undefined): LatestRead {
    const cached = this.#latest;
    if (cached !== undefined && (cached.login === undefined || cached.login === this.#logins)) return cached;
    const entry: LatestRead = { value: this.#readLatest(signal), login: undefined, latest: undefined };
    this.#latest = entry;
    entry.value.then(
      (latest) => {
        entry.login = this.#logins;
        entry.latest = latest;
      },
      () => {
        if (this.#latest === entry) this.#latest = undefined;
      },
    );
    return entry;
  }

  /**
   * What a request to `/platform/N/...` must wait for while this session's `/platform/latest` is
   * still being read (see apiVersion): the read, and a cluster that has N. Undefined when nothing
   * is in flight (the version then came from a finished read, or the path has none).
   */
  #versionCheck(path: string): Promise<void> | undefined {
    const read = this.#latest;
    if (read === undefined || read.latest !== undefined) return undefined;
    const match = /^\/platform\/(\d+)\//.exec(path);
    if (match === null) return undefined;
    const needed = Number(match[1]);
    return read.value.then((latest) => {
      if (needed > latest) throw unsupported(latest, `${path} needs version ${needed} or later`);
    });
  }

  async #readLatest(signal: AbortSignal | undefined): Promise<number> {
    const body = await this.get(LATEST_PATH, { signal });
    const latest = parseLatest(body);
    if (latest === undefined) throw new PapiError({ status: 200, code: 'INVALID_RESPONSE', message: 'latest: expected a version number such as "16"', method: 'GET', path: LATEST_PATH });
    return latest;
  }

  /**
   * Logs out (best effort, at most 5 s) and closes the sockets. Later requests fail with
   * `CLIENT_CLOSED`. Calling it again does nothing.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sessions.end();
    const http = await this.#http?.catch(() => undefined);
    await http?.transport.close();
  }

  /** The cluster, user and tuning; never the password or session cookies. */
  toJSON(): { cluster: ReturnType<ClusterConnection['toJSON']>; timeoutMs: number; retry: { limit: number; baseDelayMs: number; maxDelayMs: number } } {
    const { limit, baseDelayMs, maxDelayMs } = this.#retry;
    return { cluster: this.#connection.toJSON(), timeoutMs: this.#timeoutMs, retry: { limit, baseDelayMs, maxDelayMs } };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `PapiClient ${JSON.stringify(this.toJSON())}`;
  }

  async #request<T>(method: Method, path: string, options: PapiRequestOptions = {}): Promise<T> {
    checkPath(path);
    if (options.json !== undefined && method === 'GET') throw new TypeError('a GET request cannot carry a JSON body');
    const check = this.#versionCheck(path);
    if (check === undefined) return this.#send<T>(method, path, options);
    // Only a read goes out before the cluster's version is known; a change waits for it.
    if (method !== 'GET') {
      await check;
      return this.#send<T>(method, path, options);
    }
    const [sent, checked] = await Promise.allSettled([this.#send<T>(method, path, options), check]);
    if (checked.status === 'rejected') throw checked.reason;
    if (sent.status === 'rejected') throw sent.reason;
    return sent.value;
  }

  async #send<T>(method: Method, path: string, options: PapiRequestOptions): Promise<T> {
    const { signal } = options;
    if (this.#closed) throw closedError(method, path);
    const idempotent = isIdempotent(method);
    let retries = 0;
    let reloggedIn = false;
    let session = await this.#guard(method, path, signal, () => this.#sessions.acquire(signal));
    for (;;) {
      // close() may have run while this request waited for a login or a backoff.
      if (this.#closed) throw closedError(method, path);
      const attempt = await this.#exchange(method, path, options, session);
      if (attempt.kind === 'failure') {
        if (idempotent && attempt.retryable && retries < this.#retry.limit && !this.#closed) {
          retries += 1;
          await this.#backoff(method, path, retries, attempt.error.code ?? 'NETWORK', signal);
          continue;
        }
        throw attempt.error;
      }
      const { response, text } = attempt;
      this.#logger.debug('PAPI response', { method, path, status: response.status });
      if (response.status === 401 && !reloggedIn) {
        // The cookie expired or was revoked; whatever the body looks like (JSON envelope, bare
        // message, 9.5's HTML page), one new login and one more try. If the cluster replaced the
        // cookie while this request was in flight, the replacement is tried without a login.
        reloggedIn = true;
        if (this.#closed) throw closedError(method, path);
        if (session.id === attempt.sentSessionId) {
          this.#logger.warn('PAPI session refused; logging in again', { method, path });
          const stale = session;
          session = await this.#guard(method, path, signal, () => this.#sessions.renew(stale, signal));
        }
        continue;
      }
      if (response.ok) return this.#decode<T>(method, path, response, text, options.raw === true);
      const error = this.#httpError(method, path, response.status, text, session);
      if (idempotent && isRetryableResponse(response.status, error.message) && retries < this.#retry.limit && !this.#closed) {
        retries += 1;
        await this.#backoff(method, path, retries, String(response.status), signal);
        continue;
      }
      throw error;
    }
  }

  /** Runs a session step; turns the caller's abort into a PapiError `ABORTED`. */
  async #guard<T>(method: Method, path: string, signal: AbortSignal | undefined, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (signal?.aborted) throw aborted(method, path);
      throw error;
    }
  }

  async #backoff(method: Method, path: string, retry: number, reason: string, signal: AbortSignal | undefined): Promise<void> {
    const delayMs = backoffDelayMs(retry, this.#retry);
    this.#logger.warn('PAPI request failed transiently; retrying', { method, path, reason, retry, delayMs });
    try {
      await sleep(delayMs, signal);
    } catch {
      throw aborted(method, path);
    }
  }

  /** One HTTP attempt. Never throws except for a transport that cannot be built (CA bundle). */
  async #exchange(method: Method, path: string, options: ExchangeOptions, session: Session | undefined): Promise<Attempt> {
    const { ky: http, transport } = await this.#httpClient(method, path);
    const deadline = new Deadline(options.timeoutMs ?? this.#timeoutMs, options.signal);
    const headers: Record<string, string> = { accept: 'application/json', referer: this.#connection.origin, 'user-agent': USER_AGENT };
    const sentSessionId = session?.id;
    if (session !== undefined) {
      headers.cookie = session.cookieHeader();
      if (session.csrf !== undefined) headers['x-csrf-token'] = session.csrf;
    }
    try {
      const response = await http(path.slice(1), {
        method,
        headers,
        searchParams: options.query,
        json: options.json,
        // The deadline goes to the transport, not to ky (see Transport.send).
        fetch: (request) => transport.send(request as Request, deadline.signal),
      });
      if (session !== undefined && adoptSessionCookies(session, response.headers.getSetCookie())) {
        this.#logger.debug('PAPI session cookie replaced by the cluster', { method, path });
      }
      // A raw success hands the unread body to the caller; everything else is read here, inside
      // the deadline, so that a stalled body counts as a timeout of this attempt.
      const text = options.raw === true && response.ok ? undefined : await response.text();
      return { kind: 'response', response, text, sentSessionId };
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'failure', error: aborted(method, path), retryable: false };
      if (deadline.expired) {
        const message = `no complete response within ${options.timeoutMs ?? this.#timeoutMs} ms`;
        // Retryable: a slow answer is as transient as a 503. The caller repeats only idempotent
        // requests (and the login), never a POST such as an S3 key mint.
        return { kind: 'failure', error: new PapiError({ status: 0, code: 'TIMEOUT', message, method, path }), retryable: true };
      }
      const failure = classifyFailure(error);
      this.#logger.debug('PAPI transport failure', { method, path, code: failure.code });
      return { kind: 'failure', error: new PapiError({ status: 0, code: failure.code, message: failure.message, method, path }), retryable: failure.retryable };
    } finally {
      deadline.clear();
    }
  }

  /** ky over the transport, built once on first use (reads the CA bundle, loads undici). */
  async #httpClient(method: Method, path: string): Promise<{ ky: KyInstance; transport: Transport }> {
    this.#http ??= (async () => {
      const transport = this.#fetch === undefined ? await createUndiciTransport(this.#connection) : fetchTransport(this.#fetch);
      const instance = ky.create({
        prefixUrl: this.#connection.origin,
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        // Never follow a redirect: the session cookie would travel with it.
        redirect: 'manual',
      });
      return { ky: instance, transport };
    })();
    try {
      return await this.#http;
    } catch (error) {
      if (error instanceof TransportConfigError) throw new PapiError({ status: 0, code: error.code, message: error.message, method, path });
      throw error;
    }
  }

  #decode<T>(method: Method, path: string, response: Response, text: string | undefined, raw: boolean): T {
    if (raw) return response as T;
    if (text === undefined || text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PapiError({ status: response.status, code: 'INVALID_RESPONSE', message: 'the cluster answered with a body that is not JSON', method, path });
    }
  }

  #httpError(method: Method, path: string, status: number, text: string | undefined, session: Session | undefined): PapiError {
    const aec = extractAec(text ?? '', status);
    const message = redact(aec.message, [passwordOf(this.#connection), session?.id, session?.csrf]);
    return new PapiError({ status, code: aec.code, message, method, path });
  }

  /** The SessionAuthority's login: one POST, repeated only after transient failures. */
  async #login(): Promise<Session> {
    const method = 'POST';
    const path = SESSION_PATH;
    // ky's `json` runs JSON.stringify, so quotes, backslashes and non-ASCII in a password survive.
    const json = { username: this.#connection.username, password: passwordOf(this.#connection), services: SERVICES };
    let retries = 0;
    for (;;) {
      const attempt = await this.#exchange(method, path, { json }, undefined);
      let error: PapiError;
      let retryable: boolean;
      if (attempt.kind === 'failure') {
        ({ error, retryable } = attempt);
      } else {
        const { response, text } = attempt;
        if (response.ok) {
          const session = sessionFromLogin(response.headers.getSetCookie());
          if (session === undefined) {
            throw new PapiError({ status: response.status, code: 'NO_SESSION_COOKIE', message: 'the login succeeded but set no isisessid cookie', method, path });
          }
          this.#logger.debug('PAPI login succeeded', { status: response.status });
          this.#logins += 1;
          return session;
        }
        error = this.#httpError(method, path, response.status, text, undefined);
        if (response.status === 401 || response.status === 403) {
          this.#logger.warn('PAPI login refused', { status: response.status, code: error.code });
          throw new PapiAuthenticationError({
            status: response.status,
            code: error.code,
            message: `authentication failed (${error.message}): check the username and password, and that the user may log in to PAPI`,
            method,
            path,
          });
        }
        retryable = isRetryableResponse(response.status, error.message);
      }
      if (!retryable || retries >= this.#retry.limit) throw error;
      retries += 1;
      await this.#backoff(method, path, retries, error.code ?? String(error.status), undefined);
    }
  }

  /** The SessionAuthority's logout: best effort, never rejects. */
  async #logout(session: Session): Promise<void> {
    try {
      const attempt = await this.#exchange('DELETE', SESSION_PATH, { timeoutMs: Math.min(this.#timeoutMs, LOGOUT_TIMEOUT_MS) }, session);
      const outcome = attempt.kind === 'response' ? attempt.response.status : attempt.error.code;
      this.#logger.debug('PAPI logout', { outcome });
    } catch {
      // Nothing to do: the session expires on its own.
    }
  }
}

function closedError(method: string, path: string): PapiError {
  return new PapiError({ status: 0, code: 'CLIENT_CLOSED', message: 'the PAPI client is closed', method, path });
}

function aborted(method: string, path: string): PapiError {
  return new PapiError({ status: 0, code: 'ABORTED', message: 'the request was cancelled', method, path });
}

/**
 * A path must be absolute and carry no query or fragment: query parameters go in `options.query`,
 * which keeps them out of errors and logs. The message does not echo the path for the same reason.
 */
function checkPath(path: string): void {
  // eslint-disable-next-line no-control-regex
  if (!/^\/[^?#\s\u0000-\u001f]*$/.test(path)) {
    throw new TypeError('a PAPI path must start with "/" and contain no query string, fragment or whitespace; pass query parameters in options.query');
  }
}

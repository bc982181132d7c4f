/**
 * OneFS session state: the `isisessid` cookie, its `isicsrf` partner, and a single-flight login so
 * that any number of concurrent requests that find the session expired cause exactly one new login.
 */

/** A logged-in session. Mutable only through {@link adoptSessionCookies} (9.3+ replacement cookies). */
export class Session {
  /** The value of `isisessid`. */
  id: string;
  /** The value of `isicsrf`, echoed as `X-CSRF-Token`; undefined on pre-2018 clusters that set none. */
  csrf: string | undefined;

  constructor(id: string, csrf: string | undefined) {
    this.id = id;
    this.csrf = csrf;
  }

  /** The `Cookie` header for requests on this session. */
  cookieHeader(): string {
    return this.csrf === undefined ? `isisessid=${this.id}` : `isisessid=${this.id}; isicsrf=${this.csrf}`;
  }

  /** A session never serialises its cookies. */
  toJSON(): string {
    return '[Session]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[Session]';
  }
}

/** Values of the cookies named in `Set-Cookie` lines (only name=value; attributes are ignored). */
export function parseSetCookies(lines: readonly string[]): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of lines) {
    const pair = line.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return cookies;
}

/** True for a cookie value that names a live session (logout answers `isisessid=deleted`). */
function isLiveValue(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value !== 'deleted';
}

/** The session a login response established, or undefined when it set no `isisessid`. */
export function sessionFromLogin(setCookies: readonly string[]): Session | undefined {
  const cookies = parseSetCookies(setCookies);
  const id = cookies.get('isisessid');
  if (!isLiveValue(id)) return undefined;
  const csrf = cookies.get('isicsrf');
  return new Session(id, isLiveValue(csrf) ? csrf : undefined);
}

/**
 * Adopts replacement cookies from any response (OneFS 9.3+ hands out a fresh `isisessid` when the
 * idle budget runs low, instead of extending the old one). Returns true when the id changed.
 */
export function adoptSessionCookies(session: Session, setCookies: readonly string[]): boolean {
  if (setCookies.length === 0) return false;
  const cookies = parseSetCookies(setCookies);
  const id = cookies.get('isisessid');
  const csrf = cookies.get('isicsrf');
  if (isLiveValue(csrf)) session.csrf = csrf;
  if (isLiveValue(id) && id !== session.id) {
    session.id = id;
    return true;
  }
  return false;
}

/** Performs the actual login and logout requests for a {@link SessionManager}. */
export interface SessionAuthority {
  /** `POST /session/1/session`; rejects with a PapiError (PapiAuthenticationError on refusal). */
  login(): Promise<Session>;
  /** `DELETE /session/1/session`, best effort: must not reject. */
  logout(session: Session): Promise<void>;
}

/**
 * Holds the current session and serialises logins. A login is started lazily by the first
 * {@link acquire}; {@link renew} replaces a session a request found expired, unless another
 * request already replaced it, in which case the newer session is returned without a login.
 * A failed login is not remembered: the next request tries again.
 */
export class SessionManager {
  readonly #authority: SessionAuthority;
  #current: Session | undefined;
  #pending: Promise<Session> | undefined;

  constructor(authority: SessionAuthority) {
    this.#authority = authority;
  }

  /** The current session, logging in first when there is none. */
  acquire(signal?: AbortSignal): Promise<Session> {
    if (this.#current !== undefined) return Promise.resolve(this.#current);
    return withSignal(this.#login(), signal);
  }

  /**
   * A session to retry on after `stale` was refused (401). Exactly one login runs however many
   * requests call this with the same stale session.
   */
  renew(stale: Session, signal?: AbortSignal): Promise<Session> {
    if (this.#current !== undefined && this.#current !== stale) return Promise.resolve(this.#current);
    if (this.#current === stale) this.#current = undefined;
    return withSignal(this.#login(), signal);
  }

  /** Waits for a login in progress, then logs out the current session (best effort) and forgets it. */
  async end(): Promise<void> {
    if (this.#pending !== undefined) await this.#pending.catch(() => undefined);
    const session = this.#current;
    this.#current = undefined;
    if (session !== undefined) await this.#authority.logout(session);
  }

  #login(): Promise<Session> {
    // The shared login is never bound to one caller's signal: aborting one request must not fail
    // the others waiting on the same login.
    this.#pending ??= this.#authority
      .login()
      .then((session) => {
        this.#current = session;
        return session;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts. */
function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as unknown);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

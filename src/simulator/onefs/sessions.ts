/**
 * PAPI sessions (reference/onefs-papi.md section 2): a session has one CSRF token, an absolute
 * deadline, and one or more `isisessid` cookies, each with its own inactivity deadline.
 *
 * Renewal follows OneFS >= 9.3 by default ("replacement"): activity does not extend a cookie;
 * once a cookie has at most `replacementWindowSeconds` of idle budget left, every response to it
 * carries a new cookie with a fresh budget, and any unexpired cookie keeps the session alive. The
 * pre-9.3 behaviour ("extend": activity resets the idle timer) is a knob.
 */
import { randomUUID } from 'node:crypto';
import type { SimClock } from '../clock';

export interface SessionSettings {
  /** Seconds a cookie lives without a replacement. @default 900 */
  idleTimeoutSeconds: number;
  /** Seconds a session lives at most. @default 14400 */
  absoluteTimeoutSeconds: number;
  /** Replacement cookies are issued once at most this much idle budget remains. @default 450 */
  replacementWindowSeconds: number;
  /** "replacement" (OneFS >= 9.3) or "extend" (older). @default "replacement" */
  renewal: 'replacement' | 'extend';
  /** `timeout_inactive` reported by login (9.5.0.3 was seen reporting 0). @default - idleTimeoutSeconds */
  reportedTimeoutInactive?: number;
  /** Concurrent session limit; logins beyond it are refused with 401. 0 = unlimited. @default 0 */
  maxSessions: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleTimeoutSeconds: 900,
  absoluteTimeoutSeconds: 14400,
  replacementWindowSeconds: 450,
  renewal: 'replacement',
  maxSessions: 0,
};

export interface Session {
  readonly id: string;
  readonly username: string;
  readonly services: readonly string[];
  readonly csrf: string;
  readonly createdAt: number;
  readonly absoluteDeadline: number;
}

interface CookieEntry {
  session: Session;
  idleDeadline: number;
}

/** The result of a successful lookup: the session, and a replacement cookie to send, if due. */
export interface ResolvedSession {
  session: Session;
  replacementCookie?: string;
}

/** Session table keyed by cookie value. All times are simulated-clock milliseconds. */
export class SessionStore {
  settings: SessionSettings;
  /** Successful logins since the last reset. */
  logins = 0;
  /** Refused logins since the last reset. */
  failedLogins = 0;
  readonly #clock: SimClock;
  readonly #cookies = new Map<string, CookieEntry>();

  constructor(clock: SimClock, settings: Partial<SessionSettings> = {}) {
    this.#clock = clock;
    this.settings = { ...DEFAULT_SESSION_SETTINGS, ...settings };
  }

  /** Creates a session; undefined when the concurrent-session limit is reached. */
  create(username: string, services: readonly string[]): { session: Session; cookie: string } | undefined {
    const now = this.#clock.now();
    if (this.settings.maxSessions > 0 && this.activeCount() >= this.settings.maxSessions) return undefined;
    const session: Session = {
      id: randomUUID(),
      username,
      services: [...services],
      csrf: randomUUID(),
      createdAt: now,
      absoluteDeadline: now + this.settings.absoluteTimeoutSeconds * 1000,
    };
    const cookie = this.#issueCookie(session, now);
    this.logins++;
    return { session, cookie };
  }

  /**
   * Looks a cookie up and applies the renewal rule. Undefined when the cookie is unknown, idle
   * past its deadline, or its session is past the absolute deadline.
   */
  resolve(cookie: string): ResolvedSession | undefined {
    const now = this.#clock.now();
    const entry = this.#cookies.get(cookie);
    if (!entry) return undefined;
    if (entry.idleDeadline <= now || entry.session.absoluteDeadline <= now) {
      this.#cookies.delete(cookie);
      return undefined;
    }
    if (this.settings.renewal === 'extend') {
      entry.idleDeadline = Math.min(now + this.settings.idleTimeoutSeconds * 1000, entry.session.absoluteDeadline);
      return { session: entry.session };
    }
    if (entry.idleDeadline - now <= this.settings.replacementWindowSeconds * 1000) {
      return { session: entry.session, replacementCookie: this.#issueCookie(entry.session, now) };
    }
    return { session: entry.session };
  }

  /** Whole seconds until the session's absolute deadline (GET session's `timeout_absolute`). */
  remainingSeconds(session: Session): number {
    return Math.max(0, Math.floor((session.absoluteDeadline - this.#clock.now()) / 1000));
  }

  /** Ends a session: all of its cookies stop working. */
  destroy(session: Session): void {
    for (const [cookie, entry] of this.#cookies) if (entry.session.id === session.id) this.#cookies.delete(cookie);
  }

  /** Ends every session (control API `POST /sessions/expire`); returns how many there were. */
  expireAll(): number {
    const count = this.activeCount();
    this.#cookies.clear();
    return count;
  }

  /** Sessions with at least one live cookie. */
  activeCount(): number {
    const now = this.#clock.now();
    const live = new Set<string>();
    for (const [cookie, entry] of this.#cookies) {
      if (entry.idleDeadline <= now || entry.session.absoluteDeadline <= now) this.#cookies.delete(cookie);
      else live.add(entry.session.id);
    }
    return live.size;
  }

  /** Forgets sessions and counters, and restores `settings`. */
  reset(settings: Partial<SessionSettings> = {}): void {
    this.#cookies.clear();
    this.logins = 0;
    this.failedLogins = 0;
    this.settings = { ...DEFAULT_SESSION_SETTINGS, ...settings };
  }

  #issueCookie(session: Session, now: number): string {
    const cookie = randomUUID();
    const idleDeadline = Math.min(now + this.settings.idleTimeoutSeconds * 1000, session.absoluteDeadline);
    this.#cookies.set(cookie, { session, idleDeadline });
    return cookie;
  }
}

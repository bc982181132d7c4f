/**
 * `createOneFsSimulator`: a stateful OneFS cluster as msw handlers. The handlers use
 * origin-agnostic patterns, so the same array serves any base URL in-process (`setupServer`) and
 * over real HTTPS (`../server`).
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'msw';
import { createClock, type SimClock } from '../clock';
import { DEFAULT_BEHAVIOUR, type OneFsBehaviour, type OneFsContext, type OneFsCredentials } from './context';
import { onefsFaultResponse } from './errors';
import { OneFsModel, type OneFsModelOptions } from './model';
import { platformRoutes } from './platform-routes';
import { releaseProfile, type OneFsRelease } from './profiles';
import { sessionRoutes } from './session-routes';
import { SessionStore, type SessionSettings } from './sessions';

export interface OneFsSimulatorOptions extends Omit<OneFsModelOptions, 'clock'> {
  /**
   * Answer as this OneFS release does (./profiles): API version, 401 form, `timeout_inactive`,
   * trailing-slash login, CSRF strictness. Explicit `onefsVersion`, `apiVersion`, `behaviour` and
   * `session` options win over the profile. @default - none: OneFS 9.5.0.0, API 16, JSON 401
   */
  release?: OneFsRelease;
  /** The admin password. @default - 24 random bytes, base64url (read it from `credentials`) */
  password?: string;
  /** Session timeouts and renewal. @default 900 s idle, 14400 s absolute, replacement cookies */
  session?: Partial<SessionSettings>;
  /** Behaviour knobs. @default DEFAULT_BEHAVIOUR */
  behaviour?: Partial<OneFsBehaviour>;
  /** Time source. @default - real time plus an offset moved by `clock.advance()` */
  clock?: SimClock;
}

/** Counters the control API's `GET /stats` reports for OneFS. */
export interface OneFsCounters {
  logins: number;
  failedLogins: number;
  activeSessions: number;
}

/** Settings changeable at run time (control API `POST /onefs/options`). */
export type OneFsRuntimeOptions = Partial<OneFsBehaviour> & Partial<SessionSettings>;

export interface OneFsSimulator {
  /** msw handlers for `/session/1/session` and `/platform/...`. */
  readonly handlers: RequestHandler[];
  readonly model: OneFsModel;
  readonly sessions: SessionStore;
  readonly clock: SimClock;
  /** The admin credentials the cluster accepts. */
  readonly credentials: OneFsCredentials;
  /** Seeded state again: zones, users, keys, sessions, counters, options and clock. */
  reset(): void;
  /** Changes behaviour knobs and session settings; unknown keys throw a TypeError. */
  setOptions(options: OneFsRuntimeOptions): void;
  /** The release profile in force, if any. */
  readonly release: OneFsRelease | undefined;
  /**
   * Switches to a release profile at run time (control API `POST /onefs/profile`): identity,
   * API version, behaviour and session settings; live sessions stay. Unknown releases throw a TypeError.
   */
  setRelease(release: string): void;
  /** Ends every session; returns how many were live. */
  expireSessions(): number;
  counters(): OneFsCounters;
  /** The body an injected fault of `status` answers with when its spec has none. */
  faultResponse(status: number): Response;
}

const BEHAVIOUR_KEYS = new Set(Object.keys(DEFAULT_BEHAVIOUR));
const SESSION_KEYS = new Set(['idleTimeoutSeconds', 'absoluteTimeoutSeconds', 'replacementWindowSeconds', 'renewal', 'reportedTimeoutInactive', 'maxSessions']);

/** Creates a simulated cluster. See `OneFsSimulatorOptions` for the defaults. */
export function createOneFsSimulator(options: OneFsSimulatorOptions = {}): OneFsSimulator {
  const clock = options.clock ?? createClock();
  const initial = options.release === undefined ? undefined : releaseProfile(options.release);
  const identity = { onefsVersion: options.onefsVersion ?? initial?.onefsVersion, apiVersion: options.apiVersion ?? initial?.apiVersion };
  const model = new OneFsModel({ ...options, ...identity, clock });
  const sessionDefaults = { ...initial?.session, ...options.session };
  const behaviourDefaults = { ...DEFAULT_BEHAVIOUR, ...initial?.behaviour, ...options.behaviour };
  const sessions = new SessionStore(clock, sessionDefaults);
  const credentials: OneFsCredentials = { username: model.adminUsername, password: options.password ?? randomBytes(24).toString('base64url') };
  const ctx: OneFsContext = { model, sessions, credentials, behaviour: { ...behaviourDefaults } };
  const handlers = [...sessionRoutes(ctx), ...platformRoutes(ctx)];
  const initialIdentity = { onefsVersion: model.onefsVersion, apiVersion: model.apiVersion };
  let release = options.release;

  return {
    handlers,
    model,
    sessions,
    clock,
    credentials,
    get release() {
      return release;
    },
    setRelease(name) {
      const profile = releaseProfile(name);
      release = name as OneFsRelease;
      model.onefsVersion = profile.onefsVersion;
      model.apiVersion = profile.apiVersion;
      ctx.behaviour = { ...DEFAULT_BEHAVIOUR, ...profile.behaviour };
      sessions.settings = { ...sessions.settings, ...profile.session };
    },
    reset() {
      clock.reset();
      model.reset();
      Object.assign(model, initialIdentity);
      release = options.release;
      sessions.reset(sessionDefaults);
      ctx.behaviour = { ...behaviourDefaults };
    },
    setOptions(update) {
      const unknown = Object.keys(update).filter((k) => !BEHAVIOUR_KEYS.has(k) && !SESSION_KEYS.has(k));
      if (unknown.length > 0) throw new TypeError(`unknown OneFS option(s): ${unknown.join(', ')}`);
      const behaviour: Record<string, unknown> = {};
      const session: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(update)) (BEHAVIOUR_KEYS.has(k) ? behaviour : session)[k] = v;
      ctx.behaviour = { ...ctx.behaviour, ...(behaviour as Partial<OneFsBehaviour>) };
      sessions.settings = { ...sessions.settings, ...(session as Partial<SessionSettings>) };
    },
    expireSessions: () => sessions.expireAll(),
    faultResponse: (status) => onefsFaultResponse(status, ctx.behaviour.unauthorizedBody),
    counters: () => ({ logins: sessions.logins, failedLogins: sessions.failedLogins, activeSessions: sessions.activeCount() }),
  };
}

/**
 * A deliberately small OneFS stand-in for the client's unit tests: sessions with CSRF and Referer
 * checks, switchable 401 body forms, and one-shot faults. The full simulator lives in
 * `src/simulator/onefs`; this fake exists to produce the odd cases (odd bodies, dropped
 * connections, rotating cookies) precisely and to count what the client sent.
 *
 * Set-Cookie responses are plain `Response`s, not msw's `HttpResponse`: msw stores cookies from
 * an `HttpResponse` and appends them to the `cookie` header of later requests, which would hide a
 * client that forgets to send its cookie.
 */
import { http, HttpResponse, delay, type RequestHandler } from 'msw';

/** How the fake answers a request it refuses for want of a valid session. */
export type UnauthorizedBody = 'json-envelope' | 'aec-envelope' | 'top-level-message' | 'html' | 'empty';

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  sessionId: string | undefined;
  csrfHeader: string | null;
  referer: string | null;
  contentType: string | null;
  body: string;
}

/** A fault for the next `count` requests matching `method` and `path` (both optional). */
export interface FakeFault {
  method?: string;
  path?: string;
  count?: number;
  status?: number;
  body?: string;
  contentType?: string;
  /** Make the fetch fail as a dropped connection does (msw's `HttpResponse.error()`). */
  drop?: boolean;
  /** Wait first; without `status` or `drop` the request is then answered normally. */
  delayMs?: number;
}

interface FakeSession {
  csrf: string;
}

export interface FakeClusterOptions {
  origin?: string;
  username?: string;
  password?: string;
}

/** The fake: msw handlers plus the knobs and counters tests use. */
export class FakeCluster {
  readonly origin: string;
  readonly username: string;
  password: string;
  unauthorizedBody: UnauthorizedBody = 'json-envelope';
  /** Body of a refused login. */
  loginRefusalBody = '{"message":"Unable to create session."}';
  /** When set, every platform response carries a new isisessid replacing the one used. */
  rotateCookies = false;
  /** Whether the login sets `isicsrf` (pre-2018 clusters did not). */
  issueCsrf = true;
  readonly requests: SeenRequest[] = [];
  readonly loginBodies: unknown[] = [];
  logins = 0;
  logouts = 0;
  readonly #sessions = new Map<string, FakeSession>();
  readonly #faults: (FakeFault & { count: number })[] = [];
  #counter = 0;

  constructor(options: FakeClusterOptions = {}) {
    this.origin = options.origin ?? 'https://cluster.test:8080';
    this.username = options.username ?? 'admin';
    this.password = options.password ?? 'secret-password';
  }

  /** Forget every session: the next request with an old cookie gets a 401. */
  expireSessions(): void {
    this.#sessions.clear();
  }

  get activeSessions(): number {
    return this.#sessions.size;
  }

  fault(fault: FakeFault): void {
    this.#faults.push({ ...fault, count: fault.count ?? 1 });
  }

  /** Requests to paths other than the session resource. */
  platformRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.path !== '/session/1/session');
  }

  get handlers(): RequestHandler[] {
    return [
      http.post(`${this.origin}/session/1/session`, async ({ request }) => {
        const seen = await this.#record(request);
        const fault = this.#takeFault(seen);
        if (fault) return this.#answerFault(fault);
        this.logins += 1;
        let body: unknown;
        try {
          body = JSON.parse(seen.body);
        } catch {
          return new Response('{"errors":[{"code":"AEC_BAD_REQUEST","message":"Invalid JSON"}]}', { status: 400, headers: { 'content-type': 'application/json' } });
        }
        this.loginBodies.push(body);
        const ok = isRecord(body) && body.username === this.username && body.password === this.password;
        if (!ok) return new Response(this.loginRefusalBody, { status: 401, headers: { 'content-type': 'application/json' } });
        const id = this.#newId('sess');
        const csrf = this.#newId('csrf');
        this.#sessions.set(id, { csrf });
        const headers = new Headers({ 'content-type': 'application/json' });
        headers.append('set-cookie', `isisessid=${id}; path=/; HttpOnly; Secure; SameSite=strict`);
        if (this.issueCsrf) headers.append('set-cookie', `isicsrf=${csrf}; path=/; Secure`);
        return new Response(JSON.stringify({ services: ['platform', 'namespace'], timeout_absolute: 14400, timeout_inactive: 900, username: this.username }), {
          status: 201,
          headers,
        });
      }),
      http.delete(`${this.origin}/session/1/session`, async ({ request }) => {
        const seen = await this.#record(request);
        if (seen.sessionId !== undefined && this.#sessions.delete(seen.sessionId)) this.logouts += 1;
        const headers = new Headers();
        headers.append('set-cookie', 'isisessid=deleted; path=/; Expires=Thu, 01-Jan-1970 00:00:01 GMT; HttpOnly; Secure');
        return new Response(null, { status: 204, headers });
      }),
      http.all(`${this.origin}/platform/*`, async ({ request }) => {
        const seen = await this.#record(request);
        // Faults come first (a delay-only fault then carries on), so a delayed request meets the
        // session table as it is after the delay.
        const fault = this.#takeFault(seen);
        if (fault?.delayMs !== undefined) await delay(fault.delayMs);
        if (fault !== undefined && (fault.drop === true || fault.status !== undefined)) return this.#answerFault({ ...fault, delayMs: undefined });
        const session = seen.sessionId === undefined ? undefined : this.#sessions.get(seen.sessionId);
        const csrfOk = session !== undefined && (this.issueCsrf ? seen.csrfHeader === session.csrf : true);
        if (!csrfOk || seen.referer !== this.origin) return this.#unauthorized();
        const headers = new Headers({ 'content-type': 'application/json' });
        if (this.rotateCookies && seen.sessionId !== undefined && session !== undefined) {
          const next = this.#newId('sess');
          this.#sessions.delete(seen.sessionId);
          this.#sessions.set(next, session);
          headers.append('set-cookie', `isisessid=${next}; path=/; HttpOnly; Secure; SameSite=strict`);
        }
        if (seen.method === 'PUT' || seen.method === 'DELETE') return new Response(null, { status: 204, headers });
        const status = seen.method === 'POST' ? 201 : 200;
        return new Response(JSON.stringify({ method: seen.method, path: seen.path, query: seen.query }), { status, headers });
      }),
    ];
  }

  #newId(prefix: string): string {
    this.#counter += 1;
    return `${prefix}-${this.#counter}-${Math.random().toString(36).slice(2, 10)}`;
  }

  async #record(request: Request): Promise<SeenRequest> {
    const url = new URL(request.url);
    const seen: SeenRequest = {
      method: request.method,
      path: url.pathname,
      query: url.search,
      sessionId: firstCookie(request.headers.get('cookie'), 'isisessid'),
      csrfHeader: request.headers.get('x-csrf-token'),
      referer: request.headers.get('referer'),
      contentType: request.headers.get('content-type'),
      body: await request.text(),
    };
    this.requests.push(seen);
    return seen;
  }

  #takeFault(seen: SeenRequest): FakeFault | undefined {
    const index = this.#faults.findIndex((f) => (f.method === undefined || f.method === seen.method) && (f.path === undefined || f.path === seen.path));
    if (index < 0) return undefined;
    const fault = this.#faults[index];
    if (fault === undefined) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.#faults.splice(index, 1);
    return fault;
  }

  async #answerFault(fault: FakeFault): Promise<Response> {
    if (fault.delayMs !== undefined) await delay(fault.delayMs);
    if (fault.drop) return HttpResponse.error();
    return new Response(fault.body ?? '', { status: fault.status ?? 500, headers: { 'content-type': fault.contentType ?? 'application/json' } });
  }

  #unauthorized(): Response {
    switch (this.unauthorizedBody) {
      case 'json-envelope':
        return new Response('{"errors":[{"message":"authorization required"}]}', { status: 401, headers: { 'content-type': 'application/json' } });
      case 'aec-envelope':
        return new Response('{"errors":[{"code":"AEC_UNAUTHORIZED","message":"Authorization required"}]}', {
          status: 401,
          headers: { 'content-type': 'application/json' },
        });
      case 'top-level-message':
        return new Response('{"message":"authorization required"}', { status: 401, headers: { 'content-type': 'application/json' } });
      case 'html':
        return new Response('<!DOCTYPE html><html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>', {
          status: 401,
          headers: { 'content-type': 'text/html; charset=iso-8859-1' },
        });
      case 'empty':
        return new Response(null, { status: 401 });
    }
  }
}

/** The first value of cookie `name`: the client's own header comes before anything msw appends. */
function firstCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(/[;,]/)) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

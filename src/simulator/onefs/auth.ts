/**
 * The Apache front end's checks on every request after login (reference/onefs-papi.md 2.2): a
 * live `isisessid` cookie, `X-CSRF-Token` equal to the session's `isicsrf`, and an `Origin` or
 * `Referer` naming the cluster, on every method including GET. Any failure is the static 401.
 */
import type { OneFsContext } from './context';
import { unauthorized } from './errors';
import type { Session } from './sessions';

/** `Set-Cookie` value for a session cookie (attributes as OneFS sends them). */
export function sessionCookieHeader(value: string): string {
  return `isisessid=${value}; path=/; HttpOnly; Secure; SameSite=strict`;
}

/** `Set-Cookie` value for the CSRF cookie (readable by scripts, so no HttpOnly). */
export function csrfCookieHeader(value: string): string {
  return `isicsrf=${value}; path=/; Secure`;
}

/**
 * The first value of cookie `name` in a `Cookie` header. Only the first counts: a client whose
 * jar adds a replacement next to a pinned stale cookie gets the stale one, as it would in practice.
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function originMatches(request: Request, mode: 'exact' | 'present'): boolean {
  const claimed = request.headers.get('origin') ?? request.headers.get('referer');
  if (!claimed) return false;
  if (mode === 'present') return true;
  try {
    return new URL(claimed).origin === new URL(request.url).origin;
  } catch {
    return false;
  }
}

/** Either the authenticated session (plus a replacement cookie to send) or the 401 to return. */
export type AuthOutcome = { session: Session; replacementCookie?: string } | { response: Response };

/** Applies the session and CSRF checks to `request`. */
export function authenticate(ctx: OneFsContext, request: Request): AuthOutcome {
  const deny = { response: unauthorized(ctx.behaviour.unauthorizedBody) };
  const cookie = readCookie(request.headers.get('cookie'), 'isisessid');
  if (!cookie) return deny;
  const resolved = ctx.sessions.resolve(cookie);
  if (!resolved) return deny;
  const token = request.headers.get('x-csrf-token');
  if (token === null || token !== resolved.session.csrf) return deny;
  if (!originMatches(request, ctx.behaviour.csrfOriginCheck)) return deny;
  return resolved.replacementCookie === undefined ? { session: resolved.session } : { session: resolved.session, replacementCookie: resolved.replacementCookie };
}

/** Returns `response` with a replacement session cookie appended (responses may be immutable). */
export function withReplacementCookie(response: Response, cookie: string | undefined): Response {
  if (cookie === undefined) return response;
  const headers = new Headers(response.headers);
  headers.append('Set-Cookie', sessionCookieHeader(cookie));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

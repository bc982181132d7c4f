/**
 * `/session/1/session`: login (POST, no CSRF), current session (GET), logout (DELETE), with the
 * status codes, cookies and bodies of reference/onefs-papi.md sections 2.1 and 2.3.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { http, type RequestHandler } from 'msw';
import { authenticate, csrfCookieHeader, sessionCookieHeader, withReplacementCookie } from './auth';
import type { OneFsContext } from './context';
import { aec, loginRefused, PapiFailure, parseJsonObject, unauthorized } from './errors';
import { apacheHeaders, papiEmpty, staticBody } from './wire';

const SERVICES = new Set(['platform', 'namespace']);

function sameString(a: string, b: string): boolean {
  // Compare digests so that neither the length nor the content leaks through timing.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function sessionJson(status: number, body: Record<string, unknown>, headers?: Headers): Response {
  const h = headers ?? apacheHeaders();
  h.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** Decodes the login body; a malformed body is a 400, wrong credentials are not decided here. */
function decodeLogin(text: string): { username: string; password: string; services: string[] } {
  const record = parseJsonObject(text);
  const { username, password } = record;
  if (typeof username !== 'string') throw aec('AEC_BAD_REQUEST', 'Field: username is required and must be a string.', 'username');
  if (typeof password !== 'string') throw aec('AEC_BAD_REQUEST', 'Field: password is required and must be a string.', 'password');
  const services = record.services ?? ['platform', 'namespace'];
  if (!Array.isArray(services) || services.length === 0 || !services.every((s): s is string => typeof s === 'string' && SERVICES.has(s))) {
    throw aec('AEC_BAD_REQUEST', 'Field: services must be a non-empty array of "platform" and "namespace".', 'services');
  }
  return { username, password, services };
}

async function login(ctx: OneFsContext, request: Request): Promise<Response> {
  const { username, password, services } = decodeLogin(await request.text());
  const ok = username === ctx.credentials.username && sameString(password, ctx.credentials.password);
  const created = ok ? ctx.sessions.create(username, services) : undefined;
  if (!created) {
    ctx.sessions.failedLogins++;
    return ctx.behaviour.loginRefusalBody === 'auth-layer' ? unauthorized(ctx.behaviour.unauthorizedBody) : loginRefused();
  }
  const { settings } = ctx.sessions;
  const headers = apacheHeaders();
  headers.append('Set-Cookie', sessionCookieHeader(created.cookie));
  headers.append('Set-Cookie', csrfCookieHeader(created.session.csrf));
  return sessionJson(
    201,
    {
      services: created.session.services,
      timeout_absolute: settings.absoluteTimeoutSeconds,
      timeout_inactive: settings.reportedTimeoutInactive ?? settings.idleTimeoutSeconds,
      username,
    },
    headers,
  );
}

/** The session routes. */
export function sessionRoutes(ctx: OneFsContext): RequestHandler[] {
  return [
    http.all('*/session/1/session', async ({ request }) => {
      try {
        const trailingSlash = new URL(request.url).pathname.endsWith('/');
        if (request.method === 'POST') {
          if (trailingSlash && ctx.behaviour.rejectLoginTrailingSlash) {
            return staticBody(404, 'text/html; charset=iso-8859-1', '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n');
          }
          return await login(ctx, request);
        }
        if (request.method !== 'GET' && request.method !== 'DELETE') {
          return aec('AEC_METHOD_NOT_ALLOWED', 'Only methods GET, POST, DELETE are allowed for this resource.').toResponse();
        }
        const auth = authenticate(ctx, request);
        if ('response' in auth) return auth.response;
        const { session } = auth;
        if (request.method === 'DELETE') {
          ctx.sessions.destroy(session);
          return papiEmpty(204, { 'Set-Cookie': 'isisessid=deleted; path=/; Expires=Thu, 01-Jan-1970 00:00:01 GMT; HttpOnly; Secure' });
        }
        const body = {
          services: session.services,
          timeout_absolute: ctx.sessions.remainingSeconds(session),
          timeout_inactive: ctx.sessions.settings.reportedTimeoutInactive ?? ctx.sessions.settings.idleTimeoutSeconds,
          username: session.username,
        };
        return withReplacementCookie(sessionJson(200, body), auth.replacementCookie);
      } catch (err) {
        if (err instanceof PapiFailure) return err.toResponse();
        throw err;
      }
    }),
  ];
}

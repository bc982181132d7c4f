import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator({ users: ['alice', 'bob'], password: 'pa"ss\\word' });
const KEYS = '/platform/10/protocols/s3/keys';
const { call, errorsOf } = platformCaller(sim);

describe('login', () => {
  it('answers 201 with both cookies and the timeouts, parsing a password with quotes and backslashes', async () => {
    const response = await fetch(`${sim.baseUrl}/session/1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'pa"ss\\word', services: ['platform', 'namespace'] }),
    });
    expect(response.status).toBe(201);
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^isisessid=[0-9a-f-]{36}; path=\/; HttpOnly; Secure; SameSite=strict$/);
    expect(cookies[1]).toMatch(/^isicsrf=[0-9a-f-]{36}; path=\/; Secure$/);
    expect(await response.json()).toEqual({ services: ['platform', 'namespace'], timeout_absolute: 14400, timeout_inactive: 900, username: 'admin' });
    expect(sim.stats().onefs.logins).toBe(1);
  });

  it('refuses a wrong password with 401 and a top-level message', async () => {
    const response = await fetch(`${sim.baseUrl}/session/1/session`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'nope', services: ['platform'] }) });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('{"message":"Unable to create session."}\n');
    expect(sim.stats().onefs).toMatchObject({ logins: 0, failedLogins: 1 });
  });

  it('refuses a wrong password with the auth-layer 401 instead when loginRefusalBody is "auth-layer"', async () => {
    sim.onefs.setOptions({ loginRefusalBody: 'auth-layer', unauthorizedBody: 'html' });
    const response = await fetch(`${sim.baseUrl}/session/1/session`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'nope', services: ['platform'] }) });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('text/html; charset=iso-8859-1');
  });

  it('answers 404 to a login POST with a trailing slash, as OneFS 9.5.0.1 did', async () => {
    const response = await fetch(`${sim.baseUrl}/session/1/session/`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'pa"ss\\word' }) });
    expect(response.status).toBe(404);
  });

  it('refuses logins beyond the concurrent session limit', async () => {
    sim.onefs.setOptions({ maxSessions: 1 });
    await sim.login();
    await expect(sim.login()).rejects.toThrow(/HTTP 401/);
  });
});

describe('auth layer', () => {
  it('rejects a GET with a valid cookie but no CSRF token with the static 401 body', async () => {
    const session = await sim.login();
    const response = await call('/platform/latest', undefined, { headers: { Cookie: `isisessid=${session.cookie}`, Referer: sim.baseUrl } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"errors":[{"message":"authorization required"}]}');
  });

  it('rejects a wrong CSRF token, a foreign Referer and a missing Referer on every method', async () => {
    const session = await sim.login();
    const variants: Array<Record<string, string>> = [
      { ...session.headers, 'X-CSRF-Token': 'wrong' },
      { ...session.headers, Referer: 'https://evil.test:8080' },
      { Cookie: session.headers.Cookie ?? '', 'X-CSRF-Token': session.csrf },
    ];
    for (const headers of variants) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const response = await fetch(`${sim.baseUrl}${KEYS}/alice`, { method, headers });
        expect(response.status, `${method} ${JSON.stringify(Object.keys(headers))}`).toBe(401);
      }
    }
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
  });

  it('accepts Origin in place of Referer', async () => {
    const session = await sim.login();
    const response = await call('/platform/latest', undefined, { headers: { Cookie: `isisessid=${session.cookie}`, 'X-CSRF-Token': session.csrf, Origin: sim.baseUrl } });
    expect(response.status).toBe(200);
  });

  it('answers 401 as an HTML page when switched to the OneFS 9.5 form', async () => {
    sim.onefs.setOptions({ unauthorizedBody: 'html' });
    const response = await call('/platform/latest', undefined);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<h1>Unauthorized</h1>');
  });
});

describe('session lifetime', () => {
  it('hands out a replacement cookie once at most 450 s of idle budget remain, and the old one dies at 900 s', async () => {
    const session = await sim.login();
    sim.clock.advance(400_000);
    const early = await call('/platform/latest', session);
    expect(early.headers.getSetCookie()).toEqual([]);
    sim.clock.advance(60_000);
    const late = await call('/platform/latest', session);
    expect(late.status).toBe(200);
    const replacement = /^isisessid=([^;]+)/.exec(late.headers.getSetCookie()[0] ?? '')?.[1];
    expect(replacement).toBeDefined();
    sim.clock.advance(440_000);
    expect((await call('/platform/latest', session)).status).toBe(401);
    const renewed = { ...session, headers: { ...session.headers, Cookie: `isisessid=${replacement}` } };
    expect((await call('/platform/latest', renewed)).status).toBe(200);
  });

  it('ends every cookie of a session at the absolute timeout', async () => {
    sim.onefs.setOptions({ absoluteTimeoutSeconds: 600 });
    const session = await sim.login();
    sim.clock.advance(599_000);
    expect((await call('/platform/latest', session)).status).toBe(200);
    sim.clock.advance(1_000);
    expect((await call('/platform/latest', session)).status).toBe(401);
  });

  it('reports the remaining absolute time on GET and logs out on DELETE', async () => {
    const session = await sim.login();
    sim.clock.advance(10_000);
    const info = await call('/session/1/session', session);
    const body = (await info.json()) as { timeout_absolute: number };
    expect(body).toEqual({ services: ['platform', 'namespace'], timeout_absolute: body.timeout_absolute, timeout_inactive: 900, username: 'admin' });
    // Real time also passes while the test runs, so allow a second or two of drift.
    expect(body.timeout_absolute).toBeGreaterThanOrEqual(14388);
    expect(body.timeout_absolute).toBeLessThanOrEqual(14390);
    const bye = await call('/session/1/session', session, { method: 'DELETE' });
    expect(bye.status).toBe(204);
    expect(bye.headers.getSetCookie()[0]).toMatch(/^isisessid=deleted;/);
    expect((await call('/platform/latest', session)).status).toBe(401);
  });

  it('kills all sessions on expireSessions()', async () => {
    const session = await sim.login();
    expect(sim.onefs.expireSessions()).toBe(1);
    expect((await call('/platform/latest', session)).status).toBe(401);
  });
});

describe('platform plumbing', () => {
  it('answers Path not found for versions before S3 existed and after the latest', async () => {
    const session = await sim.login();
    for (const version of ['9', '17']) {
      const response = await call(`/platform/${version}/protocols/s3/keys/alice`, session);
      expect(response.status).toBe(404);
      expect(await errorsOf(response)).toEqual([{ code: 'AEC_NOT_FOUND', message: `Path not found: /${version}/protocols/s3/keys/alice.` }]);
    }
    const unknown = await call('/platform/16/no/such/thing', session);
    expect(await errorsOf(unknown)).toEqual([{ code: 'AEC_NOT_FOUND', message: 'Path not found: /16/no/such/thing.' }]);
  });

  it('answers 405 with Allow for a method the resource lacks', async () => {
    const session = await sim.login();
    const response = await call(`${KEYS}/alice`, session, { method: 'PUT', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, DELETE, HEAD');
    expect(await errorsOf(response)).toEqual([{ code: 'AEC_METHOD_NOT_ALLOWED', message: 'Only methods GET, POST, DELETE, HEAD are allowed for this resource.' }]);
  });
});

describe('traffic layer', () => {
  it('fails the next matching request with an injected 503 in the OneFS envelope, then recovers', async () => {
    const session = await sim.login();
    sim.fault({ service: 'onefs', method: 'GET', path: '/protocols/s3/keys/', count: 1, status: 503 });
    const failed = await call(`${KEYS}/alice`, session);
    expect(failed.status).toBe(503);
    expect(await errorsOf(failed)).toEqual([{ code: 'AEC_SERVICE_UNAVAILABLE', message: 'OneFS API is temporarily unavailable. Try your request again.' }]);
    expect((await call(`${KEYS}/alice`, session)).status).toBe(200);
  });

  it('drops the connection for a drop fault', async () => {
    const session = await sim.login();
    sim.fault({ path: '/^\\/platform\\/latest$/', drop: true });
    await expect(call('/platform/latest', session)).rejects.toThrow();
    expect((await call('/platform/latest', session)).status).toBe(200);
  });

  it('counts requests by method and route pattern', async () => {
    const session = await sim.login();
    await call(`${KEYS}/alice?force=true`, session, { method: 'POST' });
    await call(`${KEYS}/bob?force=true`, session, { method: 'POST' });
    const stats = sim.stats();
    expect(stats.onefs.routes).toEqual({ 'POST /session/1/session': 1, 'POST /platform/10/protocols/s3/keys/{user}': 2 });
    expect(stats.onefs).toMatchObject({ requests: 3, logins: 1, activeSessions: 1 });
  });
});

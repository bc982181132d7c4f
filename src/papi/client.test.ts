import { inspect } from 'node:util';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PapiClient, createPapiClient, type PapiClientOptions } from './client';
import { ClusterConnection } from './connection';
import { PapiAuthenticationError, PapiError } from './errors';
import type { PapiLogFields, PapiLogger } from './logger';
import { FakeCluster, type UnauthorizedBody } from './testing/fake-cluster';

// Quotes, a backslash, non-ASCII and an emoji: the login body must be real JSON encoding.
const CANARY = 'c4n4ry"pa\\ss\'wörd-🔑-ZX81';
const ORIGIN = 'https://cluster.test:8080';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

class CapturingLogger implements PapiLogger {
  readonly lines: string[] = [];
  debug(message: string, fields?: PapiLogFields): void {
    this.lines.push(`debug ${message} ${JSON.stringify(fields ?? {})}`);
  }
  warn(message: string, fields?: PapiLogFields): void {
    this.lines.push(`warn ${message} ${JSON.stringify(fields ?? {})}`);
  }
}

interface Setup {
  cluster: FakeCluster;
  client: PapiClient;
  logger: CapturingLogger;
}

function setup(options: PapiClientOptions = {}, password = CANARY): Setup {
  const cluster = new FakeCluster({ origin: ORIGIN, password: CANARY });
  server.use(...cluster.handlers);
  const logger = new CapturingLogger();
  const connection = new ClusterConnection({ host: 'cluster.test', username: 'admin', password });
  // No fetch injected: the default transport (global fetch over an undici Agent) is what msw answers.
  const client = new PapiClient(connection, {
    logger,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  return { cluster, client, logger };
}

async function rejection(promise: Promise<unknown>): Promise<PapiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PapiError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('PapiClient sessions', () => {
  it('does not log in until the first request', async () => {
    const { cluster, client } = setup();
    expect(cluster.requests).toHaveLength(0);
    await client.get('/platform/1/cluster/config');
    expect(cluster.logins).toBe(1);
  });

  it('logs in with a JSON body that carries a password holding quotes, a backslash and unicode', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/cluster/config');
    const login = cluster.requests[0];
    expect(login?.method).toBe('POST');
    expect(login?.contentType).toMatch(/^application\/json/);
    expect(cluster.loginBodies).toEqual([{ username: 'admin', password: CANARY, services: ['platform', 'namespace'] }]);
  });

  it('sends the session cookie, X-CSRF-Token and Referer on every request, with one login for all', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/cluster/config');
    await client.post('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System', force: true }, json: { existing_key_expiry_time: 0 } });
    await client.put('/platform/1/thing', { json: { a: 1 } });
    await client.delete('/platform/10/protocols/s3/keys/alice');
    expect(cluster.logins).toBe(1);
    const platform = cluster.platformRequests();
    expect(platform.map((r) => r.method)).toEqual(['GET', 'POST', 'PUT', 'DELETE']);
    for (const request of platform) {
      expect(request.sessionId).toMatch(/^sess-/);
      expect(request.csrfHeader).toMatch(/^csrf-/);
      expect(request.referer).toBe(ORIGIN);
    }
    expect(platform[1]?.query).toBe('?zone=System&force=true');
    expect(JSON.parse(platform[1]?.body ?? '')).toEqual({ existing_key_expiry_time: 0 });
  });

  it('omits X-CSRF-Token on a cluster that issues no isicsrf cookie', async () => {
    const { cluster, client } = setup();
    cluster.issueCsrf = false;
    await client.get('/platform/1/cluster/config');
    expect(cluster.platformRequests()[0]?.csrfHeader).toBeNull();
  });

  it('adopts a replacement isisessid from any response (OneFS 9.3+)', async () => {
    const { cluster, client } = setup();
    cluster.rotateCookies = true;
    for (let i = 0; i < 4; i++) await client.get('/platform/1/cluster/config');
    // The fake forgets each cookie as it replaces it: only adopting the new one avoids a 401.
    expect(cluster.logins).toBe(1);
    const ids = cluster.platformRequests().map((r) => r.sessionId);
    expect(new Set(ids).size).toBe(4);
  });

  it('retries on a cookie the cluster replaced while the request was in flight, without a login', async () => {
    const { cluster, client } = setup();
    cluster.rotateCookies = true;
    await client.get('/platform/1/warm-up');
    cluster.fault({ method: 'GET', path: '/platform/1/slow', count: 1, delayMs: 300 });
    const slow = client.get('/platform/1/slow');
    // Answered first: its response replaces (and so ends) the cookie the slow request carries.
    await client.get('/platform/1/fast');
    await expect(slow).resolves.toMatchObject({ path: '/platform/1/slow' });
    expect(cluster.logins).toBe(1);
    expect(cluster.platformRequests().filter((r) => r.path === '/platform/1/slow')).toHaveLength(2);
  });

  it('does not log in again when a request in flight is refused after close', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/warm-up');
    cluster.fault({ method: 'GET', path: '/platform/1/slow', count: 1, delayMs: 300 });
    const slow = client.get('/platform/1/slow');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.close();
    await expect(slow).rejects.toMatchObject({ code: 'CLIENT_CLOSED', path: '/platform/1/slow' });
    expect(cluster.logins).toBe(1);
    expect(cluster.activeSessions).toBe(0);
  });

  it.each<UnauthorizedBody>(['json-envelope', 'aec-envelope', 'top-level-message', 'html', 'empty'])(
    're-logs in once and retries when an expired session is refused with a %s 401',
    async (form) => {
      const { cluster, client } = setup();
      cluster.unauthorizedBody = form;
      await client.get('/platform/1/cluster/config');
      cluster.expireSessions();
      await expect(client.get('/platform/1/cluster/config')).resolves.toMatchObject({ path: '/platform/1/cluster/config' });
      expect(cluster.logins).toBe(2);
      expect(cluster.platformRequests()).toHaveLength(3);
    },
  );

  it('re-logs in and retries a POST once on 401 (the refused POST never reached PAPI)', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/cluster/config');
    cluster.expireSessions();
    await client.post('/platform/1/things', { json: {} });
    expect(cluster.logins).toBe(2);
    expect(cluster.platformRequests().filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('fails with the 401 instead of looping when the retried request is refused again', async () => {
    const { cluster, client } = setup();
    cluster.unauthorizedBody = 'html';
    cluster.fault({ path: '/platform/1/cluster/config', count: 5, status: 401, body: '<html>no</html>', contentType: 'text/html' });
    // Faults apply after the session check, so each attempt is a 401 from an otherwise valid session.
    const error = await rejection(client.get('/platform/1/cluster/config'));
    expect(error).toMatchObject({ status: 401, code: undefined, message: 'HTTP 401 Unauthorized', method: 'GET', path: '/platform/1/cluster/config' });
    expect(cluster.logins).toBe(2);
    expect(cluster.platformRequests()).toHaveLength(2);
  });

  it('re-logs in once when ten requests see an expired session together', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/cluster/config');
    cluster.expireSessions();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.get<{ path: string }>(`/platform/1/item/${i}`)));
    expect(results.map((r) => r.path)).toEqual(Array.from({ length: 10 }, (_, i) => `/platform/1/item/${i}`));
    expect(cluster.logins).toBe(2);
    expect(cluster.activeSessions).toBe(1);
  });

  it('logs in once when ten first requests start together', async () => {
    const { cluster, client } = setup();
    await Promise.all(Array.from({ length: 10 }, () => client.get('/platform/1/cluster/config')));
    expect(cluster.logins).toBe(1);
  });

  it('fails a refused login with one clear authentication error and no retry', async () => {
    const { cluster, client } = setup({}, 'wrong-password');
    const error = await rejection(client.get('/platform/1/cluster/config'));
    expect(error).toBeInstanceOf(PapiAuthenticationError);
    expect(error).toMatchObject({ name: 'PapiAuthenticationError', status: 401, method: 'POST', path: '/session/1/session' });
    expect(error.message).toMatch(/^authentication failed \(Unable to create session\.\)/);
    expect(cluster.logins).toBe(1);
    expect(cluster.platformRequests()).toHaveLength(0);
  });

  it('makes one login attempt when ten requests start with a wrong password', async () => {
    const { cluster, client } = setup({}, 'wrong-password');
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => client.get('/platform/1/cluster/config')));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof PapiAuthenticationError)).toBe(true);
    expect(cluster.logins).toBe(1);
  });

  it('fails with an authentication error, not a loop, when the re-login after a 401 is refused', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/cluster/config');
    cluster.expireSessions();
    cluster.password = 'rotated-elsewhere';
    const error = await rejection(client.get('/platform/1/cluster/config'));
    expect(error).toBeInstanceOf(PapiAuthenticationError);
    expect(cluster.logins).toBe(2);
  });

  it('fails when a successful login sets no session cookie', async () => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'POST', path: '/session/1/session', status: 201, body: '{}' });
    const error = await rejection(client.get('/platform/1/cluster/config'));
    expect(error).toMatchObject({ status: 201, code: 'NO_SESSION_COOKIE', path: '/session/1/session' });
  });

  it('logs out on close and refuses requests afterwards', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/cluster/config');
    await client.close();
    expect(cluster.logouts).toBe(1);
    expect(cluster.activeSessions).toBe(0);
    const logout = cluster.requests.at(-1);
    expect(logout).toMatchObject({ method: 'DELETE', path: '/session/1/session', referer: ORIGIN });
    expect(logout?.csrfHeader).toMatch(/^csrf-/);
    await expect(client.get('/platform/1/cluster/config')).rejects.toMatchObject({ status: 0, code: 'CLIENT_CLOSED' });
    await client.close();
    expect(cluster.logouts).toBe(1);
  });

  it('closes without any request when it never logged in', async () => {
    const { cluster, client } = setup();
    await client.close();
    expect(cluster.requests).toHaveLength(0);
  });
});

describe('PapiClient retries', () => {
  it.each(['GET', 'PUT', 'DELETE'] as const)('repeats a %s after an injected 503 and succeeds', async (method) => {
    const { cluster, client, logger } = setup();
    cluster.fault({ method, path: '/platform/1/thing', count: 2, status: 503, body: '{"errors":[{"code":"AEC_SERVICE_UNAVAILABLE","message":"busy"}]}' });
    const call = method === 'GET' ? client.get('/platform/1/thing') : method === 'PUT' ? client.put('/platform/1/thing', { json: {} }) : client.delete('/platform/1/thing');
    await call;
    expect(cluster.platformRequests().filter((r) => r.method === method)).toHaveLength(3);
    expect(logger.lines.filter((l) => l.startsWith('warn PAPI request failed transiently'))).toHaveLength(2);
  });

  it.each([502, 504])('repeats a GET after a %i', async (status) => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'GET', count: 1, status, body: '<html>gateway</html>', contentType: 'text/html' });
    await client.get('/platform/1/thing');
    expect(cluster.platformRequests()).toHaveLength(2);
  });

  it('repeats a GET after OneFS says it is temporarily unavailable, whatever the status', async () => {
    const { cluster, client } = setup();
    const body = '{"errors":[{"code":"AEC_EXCEPTION","message":"OneFS API is temporarily unavailable. Try your request again."}]}';
    cluster.fault({ method: 'GET', count: 1, status: 500, body });
    cluster.fault({ method: 'GET', count: 1, status: 400, body });
    await client.get('/platform/1/thing');
    expect(cluster.platformRequests()).toHaveLength(3);
  });

  it('repeats a GET after a dropped connection', async () => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'GET', count: 2, drop: true });
    await expect(client.get('/platform/1/thing')).resolves.toMatchObject({ path: '/platform/1/thing' });
    expect(cluster.platformRequests()).toHaveLength(3);
  });

  it('gives up after the retry limit with the last error', async () => {
    const { cluster, client } = setup({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    cluster.fault({ method: 'GET', count: 10, status: 503, body: '{"errors":[{"code":"AEC_SERVICE_UNAVAILABLE","message":"busy"}]}' });
    const error = await rejection(client.get('/platform/1/thing'));
    expect(error).toMatchObject({ status: 503, code: 'AEC_SERVICE_UNAVAILABLE', message: 'busy' });
    expect(cluster.platformRequests()).toHaveLength(3);
  });

  it('does not repeat a POST after a 503', async () => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'POST', path: '/platform/1/things', count: 5, status: 503, body: '' });
    const error = await rejection(client.post('/platform/1/things', { json: {} }));
    expect(error).toMatchObject({ status: 503, code: undefined, message: 'HTTP 503 Service Unavailable', method: 'POST' });
    expect(cluster.platformRequests()).toHaveLength(1);
  });

  it('does not repeat a POST after a dropped connection', async () => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'POST', path: '/platform/1/things', count: 5, drop: true });
    const error = await rejection(client.post('/platform/1/things', { json: {} }));
    expect(error).toMatchObject({ status: 0, code: 'NETWORK', method: 'POST', path: '/platform/1/things' });
    expect(cluster.platformRequests()).toHaveLength(1);
  });

  it('repeats the login after a dropped connection', async () => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'POST', path: '/session/1/session', count: 1, drop: true });
    await client.get('/platform/1/thing');
    expect(cluster.logins).toBe(1);
    expect(cluster.requests.filter((r) => r.path === '/session/1/session')).toHaveLength(2);
  });

  it('does not repeat a 404, a 409 or a 500 without the transient message', async () => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'GET', count: 1, status: 404, body: '{"errors":[{"code":"AEC_NOT_FOUND","message":"gone"}]}' });
    cluster.fault({ method: 'PUT', count: 1, status: 409, body: '{"errors":[{"code":"AEC_CONFLICT","message":"busy"}]}' });
    cluster.fault({ method: 'DELETE', count: 1, status: 500, body: '{"errors":[{"code":"AEC_EXCEPTION","message":"boom"}]}' });
    await expect(client.get('/platform/1/a')).rejects.toMatchObject({ status: 404 });
    await expect(client.put('/platform/1/a', { json: {} })).rejects.toMatchObject({ status: 409 });
    await expect(client.delete('/platform/1/a')).rejects.toMatchObject({ status: 500 });
    expect(cluster.platformRequests()).toHaveLength(3);
  });

  it('repeats a GET that timed out and fails with TIMEOUT once the retries are used up', async () => {
    const { cluster, client } = setup({ timeoutMs: 100 });
    await client.get('/platform/1/warm-up');
    cluster.fault({ method: 'GET', path: '/platform/1/slow', count: 10, delayMs: 2_000, status: 200, body: '{}' });
    const error = await rejection(client.get('/platform/1/slow'));
    expect(error).toMatchObject({ status: 0, code: 'TIMEOUT', method: 'GET', path: '/platform/1/slow' });
    // The first attempt plus the default retry limit of 3.
    expect(cluster.platformRequests().filter((r) => r.path === '/platform/1/slow')).toHaveLength(4);
  });

  it('recovers when only the first GET times out', async () => {
    const { cluster, client } = setup({ timeoutMs: 100 });
    await client.get('/platform/1/warm-up');
    cluster.fault({ method: 'GET', path: '/platform/1/slow', count: 1, delayMs: 2_000, status: 200, body: '{}' });
    await expect(client.get('/platform/1/slow')).resolves.toBeDefined();
    expect(cluster.platformRequests().filter((r) => r.path === '/platform/1/slow')).toHaveLength(2);
  });

  it('never repeats a POST that timed out', async () => {
    const { cluster, client } = setup({ timeoutMs: 100 });
    await client.get('/platform/1/warm-up');
    cluster.fault({ method: 'POST', path: '/platform/1/slow', count: 5, delayMs: 2_000, status: 201, body: '{}' });
    const error = await rejection(client.post('/platform/1/slow', { json: {} }));
    expect(error).toMatchObject({ status: 0, code: 'TIMEOUT', method: 'POST', path: '/platform/1/slow' });
    expect(cluster.platformRequests().filter((r) => r.path === '/platform/1/slow')).toHaveLength(1);
  });

  it('fails with ABORTED when the caller cancels', async () => {
    const { cluster, client } = setup();
    await client.get('/platform/1/warm-up');
    cluster.fault({ method: 'GET', path: '/platform/1/slow', count: 1, delayMs: 2_000, status: 200, body: '{}' });
    const controller = new AbortController();
    const pending = client.get('/platform/1/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ status: 0, code: 'ABORTED', path: '/platform/1/slow' });
  });
});

describe('PapiClient responses', () => {
  it('parses JSON, returns undefined for an empty 204 and the Response when raw', async () => {
    const { client } = setup();
    await expect(client.get('/platform/1/x', { query: { a: 'b', skip: undefined } })).resolves.toEqual({ method: 'GET', path: '/platform/1/x', query: '?a=b' });
    await expect(client.put('/platform/1/x', { json: { a: 1 } })).resolves.toBeUndefined();
    const raw = await client.get<Response>('/platform/1/x', { raw: true });
    expect(raw.status).toBe(200);
    await expect(raw.json()).resolves.toMatchObject({ path: '/platform/1/x' });
  });

  it('fails with INVALID_RESPONSE when a success body is not JSON', async () => {
    const { cluster, client } = setup();
    cluster.fault({ method: 'GET', count: 1, status: 200, body: 'not json', contentType: 'text/plain' });
    await expect(client.get('/platform/1/x')).rejects.toMatchObject({ status: 200, code: 'INVALID_RESPONSE' });
  });

  it('throws a PapiError with status, AEC code, message, method and path and nothing else', async () => {
    const { cluster, client } = setup();
    cluster.fault({
      method: 'GET',
      count: 1,
      status: 404,
      body: '{\n"errors" :\n[\n\n{\n"code" : "AEC_NOT_FOUND",\n"message" : "Failed to find user for \'USER:gavagai\': No such user"\n}\n]\n}\r\n',
    });
    const error = await rejection(client.get('/platform/1/auth/users/USER:gavagai', { query: { zone: 'secret-zone-query' } }));
    expect(error.toJSON()).toEqual({
      name: 'PapiError',
      status: 404,
      code: 'AEC_NOT_FOUND',
      message: "Failed to find user for 'USER:gavagai': No such user",
      method: 'GET',
      path: '/platform/1/auth/users/USER:gavagai',
    });
    expect(error.cause).toBeUndefined();
    const renderings = [String(error), JSON.stringify(error), inspect(error), error.stack ?? ''];
    for (const text of renderings) {
      expect(text).not.toContain('cluster.test');
      expect(text).not.toContain('secret-zone-query');
      expect(text).not.toContain('sess-');
      expect(text).not.toContain('csrf-');
    }
  });

  it('rejects a path with a query string, without echoing it', async () => {
    const { client } = setup();
    await expect(client.get('/platform/1/x?zone=abc')).rejects.toThrow(TypeError);
    await expect(client.get('platform/1/x')).rejects.not.toThrow(/platform/);
  });
});

describe('PapiClient secrets', () => {
  it('never shows the canary password in errors, log lines or serialisations of the client', async () => {
    const { cluster, client, logger } = setup();
    const outputs: string[] = [];
    const collect = (error: unknown): void => {
      outputs.push(String(error), JSON.stringify(error), inspect(error), error instanceof Error ? (error.stack ?? '') : '');
    };
    // A cluster that echoes the password in an error message is redacted too.
    cluster.fault({ method: 'GET', path: '/platform/1/echo', count: 1, status: 400, body: JSON.stringify({ errors: [{ code: 'AEC_BAD_REQUEST', message: `bad ${CANARY}` }] }) });
    await client.get('/platform/1/cluster/config');
    await client.get('/platform/1/echo').catch(collect);
    cluster.expireSessions();
    cluster.unauthorizedBody = 'html';
    await client.get('/platform/1/cluster/config');
    cluster.fault({ method: 'GET', count: 4, status: 503, body: '' });
    await client.get('/platform/1/x').catch(collect);
    cluster.fault({ method: 'POST', path: '/platform/1/x', count: 1, drop: true });
    await client.post('/platform/1/x', { json: {} }).catch(collect);
    cluster.password = 'other';
    cluster.expireSessions();
    await client.get('/platform/1/x').catch(collect);
    await client.close();
    outputs.push(JSON.stringify(client), inspect(client), inspect(client, { showHidden: true, depth: 10 }), JSON.stringify(client.connection), inspect(client.connection, { showHidden: true }));
    outputs.push(...logger.lines);
    expect(outputs.length).toBeGreaterThan(20);
    const needles = [CANARY, JSON.stringify(CANARY).slice(1, -1), 'c4n4ry'];
    for (const text of outputs) for (const needle of needles) expect(text).not.toContain(needle);
    expect(outputs.join('\n')).toContain('[REDACTED]');
  });

  it('logs no cookie, CSRF token or query string', async () => {
    const { cluster, client, logger } = setup();
    cluster.rotateCookies = true;
    await client.get('/platform/1/x', { query: { zone: 'q-zone-value' } });
    cluster.expireSessions();
    await client.get('/platform/1/x', { query: { zone: 'q-zone-value' } });
    const logs = logger.lines.join('\n');
    expect(logs).toContain('PAPI session refused');
    expect(logs).not.toMatch(/sess-|csrf-|q-zone-value/);
  });

  it('builds a client from the provider configuration', async () => {
    const cluster = new FakeCluster({ origin: ORIGIN, password: CANARY });
    server.use(...cluster.handlers);
    const client = createPapiClient({ endpoint: 'https://cluster.test', username: 'admin', password: CANARY, timeoutSeconds: 7 });
    expect(client.toJSON()).toMatchObject({ cluster: { host: 'cluster.test', port: 8080, verifyTls: true }, timeoutMs: 7000 });
    await client.get('/platform/1/cluster/config');
    expect(cluster.logins).toBe(1);
    await client.close();
  });

  it('sends every request through an injected fetch when one is given', async () => {
    const cluster = new FakeCluster({ origin: ORIGIN, password: CANARY });
    server.use(...cluster.handlers);
    const seen: string[] = [];
    const connection = new ClusterConnection({ host: 'cluster.test', username: 'admin', password: CANARY });
    const client = new PapiClient(connection, {
      fetch: (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });
    await client.get('/platform/1/cluster/config');
    await client.close();
    expect(seen).toEqual(['POST /session/1/session', 'GET /platform/1/cluster/config', 'DELETE /session/1/session']);
  });
});

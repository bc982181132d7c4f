/**
 * The PAPI client against the real simulator executable over HTTPS (run `npm run build` first):
 * real TLS verification with the simulator's CA, real sockets that can drop, and the simulator's
 * `/stats` as the witness of how many logins and requests the client made.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPapiClient, PapiAuthenticationError, PapiError, type PapiClient, type PapiClientConfig, type PapiClientOptions, type PapiLogFields } from '../../src/papi';
import { startSimulator, type StartedSimulator } from '../helpers/simulator';

// Quotes, a backslash, non-ASCII and an emoji: a wrong password that must survive JSON encoding
// and never show up anywhere.
const WRONG_CANARY = 'wr0ng"c4n4ry\\pässwörd-🔑';
const CONFIG = '/platform/3/cluster/config';
const KEY = '/platform/10/protocols/s3/keys/alice';
const SYSTEM = { zone: 'System' };

let sim: StartedSimulator;
const logLines: string[] = [];
const logger = {
  debug: (message: string, fields?: PapiLogFields) => logLines.push(`debug ${message} ${JSON.stringify(fields)}`),
  warn: (message: string, fields?: PapiLogFields) => logLines.push(`warn ${message} ${JSON.stringify(fields)}`),
};
const clients: PapiClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({ users: ['alice'] });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim.control.reset();
});
afterAll(async () => {
  await sim?.stop();
});

function client(config: Partial<PapiClientConfig> = {}, options: PapiClientOptions = {}): PapiClient {
  const papi = createPapiClient(
    { endpoint: sim.info.onefs.endpoint, username: sim.info.onefs.username, password: sim.password(), caCertFile: sim.info.onefs.caCertFile, ...config },
    { retry: { baseDelayMs: 5, maxDelayMs: 20 }, logger, ...options },
  );
  clients.push(papi);
  return papi;
}

async function failure(promise: Promise<unknown>): Promise<PapiError> {
  const outcome: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
  if (outcome instanceof PapiError) return outcome;
  throw outcome;
}

describe('PapiClient over HTTPS against the simulator', () => {
  it('verifies the certificate with the CA bundle and uses one session for GET, POST and DELETE', async () => {
    const papi = client();
    await expect(papi.get<{ guid: string }>(CONFIG)).resolves.toMatchObject({ guid: expect.stringMatching(/^[0-9a-f]{36}$/) });
    const created = await papi.post<{ keys: { access_id: string } }>(KEY, { query: { ...SYSTEM, force: true }, json: { existing_key_expiry_time: 0 } });
    await expect(papi.get(KEY, { query: SYSTEM })).resolves.toMatchObject({ keys: { access_id: created.keys.access_id } });
    await expect(papi.delete(KEY, { query: SYSTEM })).resolves.toBeUndefined();
    // The simulator checks isisessid, X-CSRF-Token and an exact-origin Referer on every request.
    const stats = await sim.control.stats();
    expect(stats.onefs).toMatchObject({ logins: 1, failedLogins: 0, activeSessions: 1 });
    expect(stats.onefs.routes).toMatchObject({
      'POST /session/1/session': 1,
      'GET /platform/3/cluster/config': 1,
      'POST /platform/10/protocols/s3/keys/{user}': 1,
      'GET /platform/10/protocols/s3/keys/{user}': 1,
      'DELETE /platform/10/protocols/s3/keys/{user}': 1,
    });
  });

  it('logs out on close', async () => {
    const papi = client();
    await papi.get(CONFIG);
    await papi.close();
    expect((await sim.control.stats()).onefs.activeSessions).toBe(0);
  });

  it('rejects the self-signed certificate without the CA bundle, without retrying', async () => {
    const papi = client({ caCertFile: undefined });
    const error = await failure(papi.get(CONFIG));
    expect(error).toMatchObject({ status: 0, method: 'POST', path: '/session/1/session' });
    expect(error.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    expect((await sim.control.stats()).onefs.requests).toBe(0);
  });

  it('accepts any certificate when insecure', async () => {
    const papi = client({ caCertFile: undefined, insecure: true });
    await expect(papi.get(CONFIG)).resolves.toMatchObject({ guid: expect.any(String) });
  });

  it('fails with CA_CERT_UNREADABLE, before any connection, when the CA bundle is missing', async () => {
    const papi = client({ caCertFile: `${sim.dir}/no-such-ca.pem` });
    // The login is the first request, so the error names it.
    await expect(papi.get(CONFIG)).rejects.toMatchObject({ status: 0, code: 'CA_CERT_UNREADABLE', method: 'POST', path: '/session/1/session' });
    expect((await sim.control.stats()).onefs.requests).toBe(0);
  });

  it.each(['json', 'html'] as const)('re-logs in exactly once when ten requests find the session expired (%s 401)', async (form) => {
    await sim.control.setOneFsOptions({ unauthorizedBody: form });
    const papi = client();
    await papi.get(CONFIG);
    expect(await sim.control.expireSessions()).toBe(1);
    const results = await Promise.all(Array.from({ length: 10 }, () => papi.get<{ guid: string }>(CONFIG)));
    expect(results).toHaveLength(10);
    const stats = await sim.control.stats();
    expect(stats.onefs.logins).toBe(2);
    expect(stats.onefs.routes['POST /session/1/session']).toBe(2);
    expect(stats.onefs.routes['GET /platform/3/cluster/config']).toBe(1 + 10 + 10);
    expect(stats.onefs.activeSessions).toBe(1);
  });

  it.each(['9.5', '9.5.0.3'] as const)('on OneFS %s (HTML 401; 9.5.0.3 reports timeout_inactive 0) an expired session costs exactly one re-login', async (release) => {
    await sim.control.setRelease(release);
    const papi = client();
    const keyOf = () => papi.get(KEY, { query: SYSTEM });
    await keyOf();
    await sim.control.advanceClock(60_000);
    await keyOf();
    expect((await sim.control.stats()).onefs.logins).toBe(1);
    expect(await sim.control.expireSessions()).toBe(1);
    await Promise.all(Array.from({ length: 5 }, keyOf));
    const stats = await sim.control.stats();
    expect(stats.onefs.logins).toBe(2);
    // 2 + 5 answered, plus the 5 refused with the HTML page before the one re-login.
    expect(stats.onefs.routes['GET /platform/10/protocols/s3/keys/{user}']).toBe(2 + 5 + 5);
  });

  it('keeps the session through replacement cookies as simulated time passes', async () => {
    const papi = client();
    await papi.get(CONFIG);
    await sim.control.advanceClock(500_000);
    await papi.get(CONFIG);
    await sim.control.advanceClock(500_000);
    await papi.get(CONFIG);
    expect((await sim.control.stats()).onefs.logins).toBe(1);
  });

  it('fails a wrong password with one clear authentication error and a single login attempt', async () => {
    const papi = client({ password: WRONG_CANARY });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => papi.get(CONFIG)));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(PapiAuthenticationError);
    }
    const stats = await sim.control.stats();
    expect(stats.onefs).toMatchObject({ logins: 0, failedLogins: 1 });
    expect(stats.onefs.routes['GET /platform/3/cluster/config']).toBeUndefined();
  });

  it('retries a GET through injected 503s and a dropped connection', async () => {
    const papi = client();
    await papi.get(CONFIG);
    await sim.control.fault({ service: 'onefs', method: 'GET', path: 'cluster/config', count: 2, status: 503 });
    await sim.control.fault({ service: 'onefs', method: 'GET', path: 'cluster/config', count: 1, drop: true });
    await expect(papi.get(CONFIG)).resolves.toMatchObject({ guid: expect.any(String) });
    expect((await sim.control.stats()).onefs.routes['GET /platform/3/cluster/config']).toBe(1 + 4);
  });

  it('retries a DELETE through an injected 503', async () => {
    const papi = client();
    await papi.post(KEY, { query: { ...SYSTEM, force: true }, json: {} });
    await sim.control.fault({ service: 'onefs', method: 'DELETE', path: 'keys/alice', count: 1, status: 503 });
    await papi.delete(KEY, { query: SYSTEM });
    expect((await sim.control.stats()).onefs.routes['DELETE /platform/10/protocols/s3/keys/{user}']).toBe(2);
    expect(await sim.control.getKey('System', 'alice')).toBeUndefined();
  });

  it('does not retry a POST after an injected 503 or a dropped connection', async () => {
    const papi = client();
    await papi.get(CONFIG);
    await sim.control.fault({ service: 'onefs', method: 'POST', path: 'keys/alice', count: 1, status: 503 });
    expect(await failure(papi.post(KEY, { query: { ...SYSTEM, force: true }, json: {} }))).toMatchObject({ status: 503, method: 'POST', path: KEY });
    await sim.control.fault({ service: 'onefs', method: 'POST', path: 'keys/alice', count: 1, drop: true });
    const dropped = await failure(papi.post(KEY, { query: { ...SYSTEM, force: true }, json: {} }));
    expect(dropped).toMatchObject({ status: 0, method: 'POST', path: KEY });
    expect(dropped.code).toMatch(/^(ECONNRESET|UND_ERR_SOCKET|EPIPE|NETWORK)$/);
    expect((await sim.control.stats()).onefs.routes['POST /platform/10/protocols/s3/keys/{user}']).toBe(2);
    expect(await sim.control.getKey('System', 'alice')).toBeUndefined();
  });

  it('repeats a GET the cluster is too slow to answer, and recovers when the next attempt is answered', async () => {
    const papi = client({ timeoutSeconds: 2 });
    await papi.get(CONFIG);
    await sim.control.fault({ service: 'onefs', method: 'GET', path: 'cluster/config', count: 1, delayMs: 10_000 });
    await expect(papi.get(CONFIG)).resolves.toBeDefined();
    // The warm-up, the slow attempt and its repetition.
    expect((await sim.control.stats()).onefs.routes['GET /platform/3/cluster/config']).toBe(3);
  });

  it('fails with TIMEOUT once every attempt of a GET is too slow', async () => {
    const papi = client({ timeoutSeconds: 1 });
    await papi.get(CONFIG);
    const before = (await sim.control.stats()).onefs.routes['GET /platform/3/cluster/config'] ?? 0;
    await sim.control.fault({ service: 'onefs', method: 'GET', path: 'cluster/config', count: 10, delayMs: 5_000 });
    expect(await failure(papi.get(CONFIG))).toMatchObject({ status: 0, code: 'TIMEOUT', method: 'GET', path: CONFIG });
    // The first attempt plus the default limit of 3 retries.
    expect((await sim.control.stats()).onefs.routes['GET /platform/3/cluster/config']).toBe(before + 4);
    await sim.control.clearFaults();
  });

  it('never repeats a POST the cluster is too slow to answer', async () => {
    const papi = client({ timeoutSeconds: 1 });
    await papi.get(CONFIG);
    await sim.control.fault({ service: 'onefs', method: 'POST', path: 's3/keys/', count: 5, delayMs: 5_000 });
    expect(await failure(papi.post('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System', force: true }, json: {} }))).toMatchObject({ status: 0, code: 'TIMEOUT', method: 'POST' });
    expect((await sim.control.stats()).onefs.routes['POST /platform/10/protocols/s3/keys/{user}']).toBe(1);
    await sim.control.clearFaults();
  });

  it('reports a OneFS error with status, AEC code, message, method and path only', async () => {
    const papi = client();
    const error = await failure(papi.get('/platform/10/protocols/s3/keys/nobody', { query: { zone: 'NoSuchZone' } }));
    expect(error.status).toBe(404);
    expect(error.code).toBe('AEC_NOT_FOUND');
    expect(Object.keys(error.toJSON()).sort()).toEqual(['code', 'message', 'method', 'name', 'path', 'status']);
    const rendered = [String(error), JSON.stringify(error), inspect(error)].join('\n');
    expect(rendered).not.toContain('127.0.0.1');
    expect(rendered).not.toContain('zone=');
  });

  it('never shows the passwords in errors, log lines or serialisations of the client', async () => {
    logLines.length = 0;
    const errors: unknown[] = [];
    const good = client();
    const bad = client({ password: WRONG_CANARY });
    await good.get(CONFIG);
    await sim.control.expireSessions();
    await good.get(CONFIG);
    await sim.control.fault({ service: 'onefs', method: 'GET', path: 'cluster/config', count: 10, status: 503 });
    errors.push(await good.get(CONFIG).catch((e: unknown) => e));
    errors.push(await bad.get(CONFIG).catch((e: unknown) => e));
    errors.push(await client({ caCertFile: undefined }).get(CONFIG).catch((e: unknown) => e));
    expect(errors.every((e) => e instanceof PapiError)).toBe(true);
    const outputs = [
      ...logLines,
      ...errors.flatMap((e) => [String(e), JSON.stringify(e), inspect(e), e instanceof Error ? (e.stack ?? '') : '']),
      ...[good, bad].flatMap((c) => [JSON.stringify(c), inspect(c, { showHidden: true, depth: 10 }), JSON.stringify(c.connection), inspect(c.connection)]),
    ];
    expect(logLines.length).toBeGreaterThan(5);
    const password = sim.password();
    for (const text of outputs) {
      expect(text).not.toContain(password);
      expect(text).not.toContain('c4n4ry');
    }
  });
});

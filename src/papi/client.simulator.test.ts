/**
 * The client against the OneFS simulator's own handlers, in-process: the simulator enforces the
 * session, CSRF and Referer rules, so every success here proves the client sends them. Fault paths
 * are written without a leading slash: the simulator reads `/x/y` as a regular expression `/x/` + flags.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../simulator/testing';
import { createPapiClient, type PapiClient, type PapiClientOptions } from './client';
import { PapiAuthenticationError, PapiError } from './errors';
import type { PapiLogFields } from './logger';

const CANARY = 'c4n4ry"pa\\ss\'wörd-🔑-sim';
const sim = useOneFsSimulator({ password: CANARY, users: ['alice'] });

// Built exactly as the provider builds it; the default transport is the global fetch, which msw answers.
function client(options: PapiClientOptions = {}, password = sim.credentials.password): PapiClient {
  return createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
}

interface KeysBody {
  keys: { access_id: string | null; secret_key?: string };
}

describe('PapiClient against the in-process simulator', () => {
  it('logs in once and passes the session, CSRF and Referer checks on every method', async () => {
    const papi = client();
    const config = await papi.get<{ guid: string; name: string }>('/platform/3/cluster/config');
    expect(config.guid).toMatch(/^[0-9a-f]{36}$/);
    const created = await papi.post<KeysBody>('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System', force: true }, json: { existing_key_expiry_time: 0 } });
    expect(created.keys.access_id).toEqual(expect.any(String));
    const read = await papi.get<KeysBody>('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System' } });
    expect(read.keys.access_id).toBe(created.keys.access_id);
    await expect(papi.delete('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System' } })).resolves.toBeUndefined();
    expect(sim.stats().onefs).toMatchObject({ logins: 1, failedLogins: 0, activeSessions: 1 });
    await papi.close();
    expect(sim.stats().onefs.activeSessions).toBe(0);
  });

  it('turns a OneFS not-found into a PapiError with the AEC code', async () => {
    const papi = client();
    await papi.get('/platform/3/cluster/config');
    const error: unknown = await papi.delete('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PapiError);
    expect(error).toMatchObject({ status: 404, code: 'AEC_NOT_FOUND', method: 'DELETE', path: '/platform/10/protocols/s3/keys/alice' });
    expect(JSON.stringify(error)).not.toContain('zone');
    await papi.close();
  });

  it.each(['json', 'html'] as const)('re-logs in once when ten requests see an expired session (%s 401)', async (form) => {
    sim.onefs.setOptions({ unauthorizedBody: form });
    const papi = client();
    await papi.get('/platform/3/cluster/config');
    expect(sim.onefs.expireSessions()).toBe(1);
    const results = await Promise.all(Array.from({ length: 10 }, () => papi.get<{ guid: string }>('/platform/3/cluster/config')));
    expect(new Set(results.map((r) => r.guid)).size).toBe(1);
    const stats = sim.stats().onefs;
    expect(stats.logins).toBe(2);
    expect(stats.routes['POST /session/1/session']).toBe(2);
    expect(stats.routes['GET /platform/3/cluster/config']).toBe(21);
    await papi.close();
  });

  it('keeps its session alive through replacement cookies instead of logging in again', async () => {
    const papi = client();
    await papi.get('/platform/3/cluster/config');
    // Into the replacement window (<= 450 s of 900 s idle budget left): the response carries a new cookie...
    sim.clock.advance(500_000);
    await papi.get('/platform/3/cluster/config');
    // ...and the original cookie expires 900 s after login; only the replacement still works.
    sim.clock.advance(500_000);
    await papi.get('/platform/3/cluster/config');
    expect(sim.stats().onefs.logins).toBe(1);
    await papi.close();
  });

  it('fails a wrong password with one authentication error and one login attempt', async () => {
    const papi = client({}, 'not-the-password');
    const error: unknown = await papi.get('/platform/3/cluster/config').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PapiAuthenticationError);
    expect(error).toMatchObject({ status: 401, method: 'POST', path: '/session/1/session' });
    expect(sim.stats().onefs).toMatchObject({ logins: 0, failedLogins: 1 });
  });

  it('retries a GET through injected 503s and dropped connections', async () => {
    const papi = client();
    await papi.get('/platform/3/cluster/config');
    sim.fault({ service: 'onefs', method: 'GET', path: 'platform/3/cluster/config', count: 2, status: 503 });
    sim.fault({ service: 'onefs', method: 'GET', path: 'platform/3/cluster/config', count: 1, drop: true });
    await papi.get('/platform/3/cluster/config');
    expect(sim.stats().onefs.routes['GET /platform/3/cluster/config']).toBe(5);
    await papi.close();
  });

  it('does not retry a POST after an injected 503 or a dropped connection', async () => {
    const papi = client();
    await papi.get('/platform/3/cluster/config');
    sim.fault({ service: 'onefs', method: 'POST', path: 'keys/alice', count: 1, status: 503 });
    await expect(papi.post('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System', force: true }, json: {} })).rejects.toMatchObject({ status: 503 });
    sim.fault({ service: 'onefs', method: 'POST', path: 'keys/alice', count: 1, drop: true });
    await expect(papi.post('/platform/10/protocols/s3/keys/alice', { query: { zone: 'System', force: true }, json: {} })).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    expect(sim.stats().onefs.routes['POST /platform/10/protocols/s3/keys/{user}']).toBe(2);
    expect(sim.model.getKey('System', 'alice')).toBeUndefined();
    await papi.close();
  });

  it('never shows the canary password in errors, logs or serialisations', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: PapiLogFields) => lines.push(`${m} ${JSON.stringify(f)}`),
      warn: (m: string, f?: PapiLogFields) => lines.push(`${m} ${JSON.stringify(f)}`),
    };
    const papi = client({ logger });
    const failures: unknown[] = [];
    await papi.get('/platform/3/cluster/config');
    sim.onefs.expireSessions();
    await papi.get('/platform/3/cluster/config');
    sim.fault({ service: 'onefs', method: 'GET', count: 10, status: 503 });
    failures.push(await papi.get('/platform/3/cluster/config').catch((e: unknown) => e));
    failures.push(await papi.get('/platform/99/nothing').catch((e: unknown) => e));
    const wrong = client({ logger }, `${CANARY}-wrong`);
    failures.push(await wrong.get('/platform/3/cluster/config').catch((e: unknown) => e));
    await papi.close();
    const outputs = [...lines, ...failures.flatMap((e) => [String(e), JSON.stringify(e), inspect(e)]), JSON.stringify(papi), inspect(papi), JSON.stringify(wrong), inspect(wrong)];
    expect(failures.every((e) => e instanceof PapiError)).toBe(true);
    for (const text of outputs) expect(text).not.toContain('c4n4ry');
  });
});

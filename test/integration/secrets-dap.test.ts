/**
 * The DAP secret store against the real `cdktf-powerscale simulator` over HTTPS: TLS verification
 * with the simulator's CA, the credentials file it writes, the 409/404 semantics, the 4.2 manager
 * path, retries of injected 503s, and the canary rule for errors and logs.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore, SecretStoreError, type SecretStore, type SecretStoreConfig } from '../../src/secrets';
import { startSimulator, type StartedSimulator } from '../helpers/simulator';

const CANARY_VALUE = JSON.stringify({ access_id: 'AKIDINTEGRATION', secret_key: 'canary-secret-key-it-4f0b9a' });
let sim: StartedSimulator;
let token: string;
const logLines: string[] = [];
const stores: SecretStore[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  token = (JSON.parse(readFileSync(sim.info.dap.credentialsFile, 'utf8')) as { token: string }).token;
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  logLines.length = 0;
  await sim.control.reset();
});
afterAll(() => sim?.stop());

function config(overrides: Partial<SecretStoreConfig> = {}): SecretStoreConfig {
  return { type: 'dap', url: sim.info.dap.url, tenant: sim.info.dap.tenant, credentialsFile: sim.info.dap.credentialsFile, caCertFile: sim.info.dap.caCertFile, ...overrides };
}

function open(overrides: Partial<SecretStoreConfig> = {}): SecretStore {
  const store = createSecretStore(config(overrides), {
    retry: { limit: 3, baseDelayMs: 5, maxDelayMs: 20 },
    log: (level, message, fields) => logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
  });
  stores.push(store);
  return store;
}

async function caught(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

/** Raw API call with the simulator's token (for setting up what the store itself never sends). */
async function rawPut(key: string, body: unknown): Promise<number> {
  const res = await sim.https(`${sim.info.dap.url}/api/v3.1/secrets/${key}`, {
    method: 'PUT',
    headers: { 'Authentication-Token': token, Tenant: sim.info.dap.tenant, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

function expectNoCanary(text: string): void {
  expect(text).not.toContain(token);
  expect(text).not.toContain('canary-secret-key-it');
}

describe('DAP secret store over HTTPS', () => {
  it('creates a new key, reads it back and sees it exist', async () => {
    const store = open();
    await store.createOrUpdate('s3_System_alice', CANARY_VALUE);
    expect(await sim.control.dapSecret('s3_System_alice')).toBe(CANARY_VALUE);
    expect(await store.get('s3_System_alice')).toBe(CANARY_VALUE);
    expect(await store.exists('s3_System_alice')).toBe(true);
    expect(await store.exists('s3_System_bob')).toBe(false);
  });

  it('updates an existing key with one upsert PUT', async () => {
    expect(await rawPut('k1', { value: 'old' })).toBe(200);
    await open().createOrUpdate('k1', 'new');
    expect(await sim.control.dapSecret('k1')).toBe('new');
    const stats = await sim.control.stats();
    expect(Object.entries(stats.dap.routes).filter(([route]) => /^(PUT|PATCH) /.test(route))).toEqual([[expect.stringMatching(/^PUT /) as unknown, 2]]);
  });

  it('works with a manager 4.2 that has no upsert and drops visibility and is_hidden_value, and warns', async () => {
    await sim.control.setDapOptions({ version: '4.2' });
    const store = open();
    await store.createOrUpdate('k1', 'first');
    await store.createOrUpdate('k1', 'second');
    expect(await sim.control.dapSecret('k1')).toBe('second');
    expect(logLines.some((l) => l.startsWith('warn ') && l.includes('ignored visibility and is_hidden_value'))).toBe(true);
  });

  it('reports a schema 409 as an error and keeps the stored value', async () => {
    await sim.control.setDapOptions({ version: '4.2' });
    expect(await rawPut('k1', { value: 'old' })).toBe(200);
    await sim.control.fault({ service: 'dap', method: 'PATCH', count: 1, status: 409 });
    const error = await caught(open().createOrUpdate('k1', CANARY_VALUE));
    expect(error.status).toBe(409);
    expect(error.errorCode).toBe('conflict_error');
    expect(error.message).toContain('JSON schema');
    expectNoCanary(`${error.message} ${JSON.stringify(error)} ${inspect(error)} ${error.stack ?? ''}`);
    expect(await sim.control.dapSecret('k1')).toBe('old');
  });

  it('deletes, and deleting a missing key succeeds (both DELETE forms)', async () => {
    const store = open();
    await store.createOrUpdate('k1', 'v');
    await store.delete('k1');
    expect(await sim.control.dapSecret('k1')).toBeUndefined();
    await store.delete('k1');
    await sim.control.setDapOptions({ deleteReturnsBody: true });
    await store.createOrUpdate('k2', 'v');
    await store.delete('k2');
    expect(await store.exists('k2')).toBe(false);
  });

  it('gives a clear error for a wrong token, without the token', async () => {
    const wrong = join(sim.dir, 'wrong-token.json');
    writeFileSync(wrong, JSON.stringify({ token: `${token}x` }), { mode: 0o600 });
    const error = await caught(open({ credentialsFile: wrong }).get('k1'));
    expect(error.status).toBe(401);
    expect(error.message).toContain('credentials_file');
    expectNoCanary(`${error.message} ${JSON.stringify(error)} ${inspect(error)}`);
  });

  it('gives a clear error for a wrong tenant (403, as a real manager answers)', async () => {
    const error = await caught(open({ tenant: 'nobody_tenant' }).createOrUpdate('k1', CANARY_VALUE));
    expect(error.status).toBe(403);
    expect(error.message).not.toContain('invalid tenant name');
    expect(error.message).toContain("tenant 'nobody_tenant' (secret_store.tenant) exists");
    expectNoCanary(inspect(error));
  });

  it('refuses a credentials file that others can read', async () => {
    const loose = join(sim.dir, 'loose.json');
    writeFileSync(loose, JSON.stringify({ token }), { mode: 0o600 });
    chmodSync(loose, 0o644);
    const error = await caught(open({ credentialsFile: loose }).exists('k1'));
    expect(error.errorCode).toBe('credentials_file');
    expect(error.message).toContain('readable only by its owner');
    expectNoCanary(inspect(error));
  });

  it('verifies TLS: without the CA the connection is refused with a hint', async () => {
    const error = await caught(open({ caCertFile: undefined }).get('k1'));
    expect(error.errorCode).toBe('tls_error');
    expect(error.message).toContain('ca_cert_file');
    const stats = await sim.control.stats();
    expect(stats.dap.requests).toBe(0);
  });

  it('retries injected 503s on create, read and delete', async () => {
    const store = open();
    await sim.control.fault({ service: 'dap', method: 'PUT', count: 2, status: 503 });
    await store.createOrUpdate('k1', CANARY_VALUE);
    await sim.control.fault({ service: 'dap', method: 'GET', count: 1, status: 503 });
    expect(await store.get('k1')).toBe(CANARY_VALUE);
    await sim.control.fault({ service: 'dap', method: 'DELETE', count: 1, status: 503 });
    await store.delete('k1');
    const stats = await sim.control.stats();
    expect(stats.dap.requests).toBe(7);
    expect(logLines.filter((l) => l.includes('retrying'))).toHaveLength(4);
    expectNoCanary(logLines.join('\n'));
  });

  it('retries a dropped connection', async () => {
    const store = open();
    await sim.control.fault({ service: 'dap', method: 'GET', count: 1, drop: true });
    expect(await store.exists('k1')).toBe(false);
    expect((await sim.control.stats()).dap.requests).toBe(2);
  });

  it('gives up after the retry limit with a retryable error', async () => {
    await sim.control.fault({ service: 'dap', count: 10, status: 503 });
    const error = await caught(open().createOrUpdate('k1', CANARY_VALUE));
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect((await sim.control.stats()).dap.requests).toBe(4);
    expectNoCanary(`${inspect(error)} ${logLines.join('\n')}`);
  });
});

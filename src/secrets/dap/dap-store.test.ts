import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDapSimulator } from '../../simulator/dap';
import { SecretStoreError } from '../errors';
import type { SecretStoreLogFields } from '../log';
import type { DapCredentials } from './credentials';
import { DapSecretStore } from './dap-store';
import type { FetchLike } from './http';

const CANARY_TOKEN = 'canary-token-5b1d8e0f7a';
const CANARY_PASSWORD = 'canary-password-91c3aa';
const CANARY_VALUE = JSON.stringify({ access_id: 'AKIDEXAMPLE', secret_key: 'canary-secret-key-e2c77d0b' });
const URL_BASE = 'https://dap.test';

const sim = createDapSimulator({ token: CANARY_TOKEN, password: CANARY_PASSWORD, extraTenants: ['other_tenant'] });
const server = setupServer(...sim.handlers);

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}
const seen: Seen[] = [];
const logLines: string[] = [];

// Recorded synchronously (order matters); the body is filled in when it has been read.
server.events.on('request:start', ({ request }) => {
  const entry: Seen = { method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: undefined };
  seen.push(entry);
  void request
    .clone()
    .text()
    .then((text) => {
      entry.body = text ? (JSON.parse(text) as unknown) : undefined;
    });
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sim.reset();
  seen.length = 0;
  logLines.length = 0;
});
afterAll(() => server.close());

/** msw patches the global fetch at listen(); look it up per call. */
const viaMsw: FetchLike = (input, init) => globalThis.fetch(input, init);

function store(overrides: { credentials?: DapCredentials; tenant?: string; limit?: number } = {}): DapSecretStore {
  return new DapSecretStore({
    url: URL_BASE,
    tenant: overrides.tenant ?? 'default_tenant',
    credentials: overrides.credentials ?? { kind: 'token', token: CANARY_TOKEN },
    fetch: viaMsw,
    retry: { limit: overrides.limit ?? 2, baseDelayMs: 1, maxDelayMs: 5 },
    log: (level, message, fields?: SecretStoreLogFields) => logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
  });
}

async function caught(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

function expectNoCanary(text: string): void {
  expect(text).not.toContain(CANARY_TOKEN);
  expect(text).not.toContain(CANARY_PASSWORD);
  expect(text).not.toContain('canary-secret-key');
  expect(text).not.toContain(Buffer.from(`admin:${CANARY_PASSWORD}`).toString('base64'));
}

describe('DapSecretStore.createOrUpdate', () => {
  it('creates a new key hidden and tenant-visible with an upsert PUT', async () => {
    await store().createOrUpdate('s3_System_alice', CANARY_VALUE);
    expect(sim.peek('s3_System_alice')).toBe(CANARY_VALUE);
    expect(sim.describe('s3_System_alice')).toEqual({ visibility: 'tenant', isHiddenValue: true, createdBy: 'admin', hasSchema: false });
    expect(seen.map((r) => r.method)).toEqual(['PUT']);
    expect(seen[0]?.body).toEqual({ value: CANARY_VALUE, update_if_exists: true, is_hidden_value: true, visibility: 'tenant' });
    expect(seen[0]?.url).toBe(`${URL_BASE}/api/v3.1/secrets/s3_System_alice`);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends the token and tenant headers and keeps credentials out of the URL', async () => {
    await store().createOrUpdate('k1', 'v1');
    expect(seen[0]?.headers['authentication-token']).toBe(CANARY_TOKEN);
    expect(seen[0]?.headers.tenant).toBe('default_tenant');
    expect(seen[0]?.url).not.toContain(CANARY_TOKEN);
  });

  it('updates an existing key with the one upsert PUT, even one another member created hidden', async () => {
    sim.seed({ key: 'k1', value: 'old', createdBy: 'reader', isHiddenValue: true });
    await store().createOrUpdate('k1', 'new-value');
    expect(sim.peek('k1')).toBe('new-value');
    expect(seen.map((r) => r.method)).toEqual(['PUT']);
    const reader = store({ credentials: { kind: 'token', token: sim.credentials.readerToken } });
    sim.seed({ key: 'k2', value: 'old', createdBy: 'ci', isHiddenValue: true });
    await reader.createOrUpdate('k2', 'by-reader');
    expect(sim.peek('k2')).toBe('by-reader');
  });

  it('against manager 4.2 falls back to PATCH on 409 and warns once that visibility and is_hidden_value were dropped', async () => {
    sim.setOptions({ version: '4.2' });
    const s = store();
    await s.createOrUpdate('k1', 'first');
    await s.createOrUpdate('k1', 'second');
    await s.createOrUpdate('k2', 'third');
    expect(sim.peek('k1')).toBe('second');
    expect(seen.map((r) => `${r.method} ${JSON.stringify(r.body)}`)).toEqual([
      'PUT {"value":"first","update_if_exists":true,"is_hidden_value":true,"visibility":"tenant"}',
      'PUT {"value":"second","update_if_exists":true,"is_hidden_value":true,"visibility":"tenant"}',
      'PATCH {"value":"second"}',
      'PUT {"value":"third","update_if_exists":true,"is_hidden_value":true,"visibility":"tenant"}',
    ]);
    const warnings = logLines.filter((l) => l.startsWith('warn '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ignored visibility and is_hidden_value');
    expect(logLines.join('\n')).not.toContain('first');
  });

  it('against manager 4.4 creates hidden and tenant-visible without a warning', async () => {
    sim.setOptions({ version: '4.4' });
    await store().createOrUpdate('k1', 'first');
    await store().createOrUpdate('k1', 'second');
    expect(sim.peek('k1')).toBe('second');
    expect(sim.describe('k1')).toMatchObject({ visibility: 'tenant', isHiddenValue: true });
    expect(logLines.filter((l) => l.startsWith('warn '))).toEqual([]);
  });

  it('never takes the ciphertext a write answers with for the value', async () => {
    await store().createOrUpdate('k1', CANARY_VALUE);
    expect(await store().get('k1')).toBe(CANARY_VALUE);
    expect(logLines.join('\n')).not.toMatch(/gAAAAA/);
  });

  it('widens a private secret (from an earlier release) to tenant visibility', async () => {
    sim.seed({ key: 'k1', value: 'old', visibility: 'private', isHiddenValue: true });
    await store().createOrUpdate('k1', 'new');
    expect(sim.describe('k1')).toMatchObject({ visibility: 'tenant', isHiddenValue: true });
    expect(seen.map((r) => `${r.method} ${JSON.stringify(r.body)}`)).toEqual(['PUT {"value":"new","update_if_exists":true,"is_hidden_value":true,"visibility":"tenant"}', 'PATCH {"visibility":"tenant"}']);
    expect((await store({ credentials: { kind: 'token', token: sim.credentials.readerToken } }).exists('k1'))).toBe(true);
  });

  it('says a secret is private to another identity when the upsert cannot see it, without blaming the URL', async () => {
    sim.seed({ key: 'k1', value: 'old', visibility: 'private', createdBy: 'ci' });
    const error = await caught(store({ credentials: { kind: 'token', token: sim.credentials.readerToken } }).createOrUpdate('k1', CANARY_VALUE));
    expect(error.status).toBe(404);
    expect(error.errorCode).toBe('not_visible');
    expect(error.message).toContain('private to another identity');
    expect(error.message).not.toContain('does not look like');
    expect(sim.peek('k1')).toBe('old');
  });

  it('lets the upsert replace the value of a secret created with a schema, as the manager does (update_secret skips the check)', async () => {
    sim.seed({ key: 'k1', value: { n: 1 }, schema: { type: 'object' } });
    await store().createOrUpdate('k1', CANARY_VALUE);
    expect(sim.peek('k1')).toBe(CANARY_VALUE);
  });

  it('does not PATCH when the PUT itself answers a schema 409', async () => {
    server.use(http.put('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: `Error validating secret value: '${CANARY_VALUE}' is not of type 'integer'`, error_code: 'conflict_error', server_traceback: null }, { status: 409 })));
    const error = await caught(store().createOrUpdate('k1', CANARY_VALUE));
    expect(error.errorCode).toBe('conflict_error');
    expect(seen.map((r) => r.method)).toEqual(['PUT']);
    expectNoCanary(inspect(error));
  });

  it('settles a 409 with an unknown wording by asking whether the key exists', async () => {
    sim.seed({ key: 'k1', value: 'old' });
    sim.setOptions({ version: '4.2' });
    server.use(http.put('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: 'duplicate', error_code: 'conflict_error', server_traceback: null }, { status: 409 }), { once: true }));
    await store().createOrUpdate('k1', 'new');
    expect(sim.peek('k1')).toBe('new');
    expect(seen.map((r) => r.method)).toEqual(['PUT', 'GET', 'PATCH']);
  });

  it('retries an injected 503 on PUT and succeeds', async () => {
    server.use(http.put('*/api/v3.1/secrets/:key', () => HttpResponse.json(sim.errorBody(503), { status: 503 }), { once: true }));
    await store().createOrUpdate('k1', CANARY_VALUE);
    expect(sim.peek('k1')).toBe(CANARY_VALUE);
    expect(seen.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(logLines.filter((l) => l.includes('retrying'))).toHaveLength(1);
    expectNoCanary(logLines.join('\n'));
  });

  it('converges when a lost PUT response hid a successful create', async () => {
    // The first PUT reaches the model, then the "gateway" answers 504: the retried upsert succeeds.
    let first = true;
    server.use(
      http.put('*/api/v3.1/secrets/:key', ({ params }) => {
        if (!first) return undefined;
        first = false;
        sim.seed({ key: String(params.key), value: 'v', isHiddenValue: true, visibility: 'tenant' });
        return new HttpResponse('gateway timeout', { status: 504 });
      }),
    );
    await store().createOrUpdate('k1', 'v');
    expect(seen.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(sim.peek('k1')).toBe('v');
  });

  it('refuses an empty value without a request (the API would ignore it on PATCH)', async () => {
    const error = await caught(store().createOrUpdate('k1', ''));
    expect(error.errorCode).toBe('bad_value');
    expect(seen).toHaveLength(0);
  });

  it('refuses a name the manager would reject, before any request', async () => {
    const error = await caught(store().createOrUpdate('1bad/name', 'v'));
    expect(error.errorCode).toBe('invalid_key');
    expect(seen).toHaveLength(0);
  });
});

describe('DapSecretStore.delete', () => {
  it('succeeds when the key does not exist (404 not_found_error)', async () => {
    await expect(store().delete('missing')).resolves.toBeUndefined();
    expect(seen.map((r) => r.method)).toEqual(['DELETE']);
  });

  it('deletes with the 204 form', async () => {
    sim.seed({ key: 'k1', value: 'v' });
    await store().delete('k1');
    expect(sim.peek('k1')).toBeUndefined();
  });

  it('deletes with the 200-with-body form of older managers', async () => {
    sim.setOptions({ deleteReturnsBody: true });
    sim.seed({ key: 'k1', value: 'v' });
    await store().delete('k1');
    expect(sim.peek('k1')).toBeUndefined();
  });

  it('treats a bare 404 without the manager envelope as a wrong URL, not as gone', async () => {
    server.use(http.delete('*/api/v3.1/secrets/:key', () => new HttpResponse('<html>not here</html>', { status: 404 })));
    const error = await caught(store().delete('k1'));
    expect(error.status).toBe(404);
    expect(error.message).toContain('does not look like a DAP/Cloudify API');
  });

  it('retries 503 twice and then reports a retryable error', async () => {
    server.use(http.delete('*/api/v3.1/secrets/:key', () => HttpResponse.json(sim.errorBody(503), { status: 503 })));
    const error = await caught(store({ limit: 2 }).delete('k1'));
    expect(seen).toHaveLength(3);
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('after 3 attempts');
  });
});

describe('DapSecretStore.get and exists', () => {
  it('returns undefined and false for a missing key', async () => {
    expect(await store().get('missing')).toBeUndefined();
    expect(await store().exists('missing')).toBe(false);
  });

  it('returns the value its creator stored', async () => {
    await store().createOrUpdate('k1', CANARY_VALUE);
    expect(await store().get('k1')).toBe(CANARY_VALUE);
    expect(await store().exists('k1')).toBe(true);
    expect(seen.at(-1)?.url).toContain('_skip_value=true');
  });

  it('reports a value hidden from a non-creator instead of returning an empty string', async () => {
    await store().createOrUpdate('k1', CANARY_VALUE);
    const reader = store({ credentials: { kind: 'token', token: sim.credentials.readerToken } });
    const error = await caught(reader.get('k1'));
    expect(error.errorCode).toBe('value_hidden');
    expect(await reader.exists('k1')).toBe(true);
    sim.setOptions({ hiddenValueAs: 'null' });
    expect((await caught(reader.get('k1'))).errorCode).toBe('value_hidden');
    expect(error.message).toContain("administrators of tenant 'default_tenant' (the manager role");
  });

  it('lets a tenant manager (a CI identity) see and read what another identity created', async () => {
    await store().createOrUpdate('k1', CANARY_VALUE);
    const ci = store({ credentials: { kind: 'token', token: sim.credentials.ciToken } });
    expect(await ci.exists('k1')).toBe(true);
    expect(await ci.get('k1')).toBe(CANARY_VALUE);
  });

  it('retries an injected 503 and a dropped connection on GET', async () => {
    sim.seed({ key: 'k1', value: 'v' });
    server.use(http.get('*/api/v3.1/secrets/:key', () => HttpResponse.json(sim.errorBody(503), { status: 503 }), { once: true }));
    server.use(http.get('*/api/v3.1/secrets/:key', () => HttpResponse.error(), { once: true }));
    expect(await store().get('k1')).toBe('v');
    expect(seen.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    server.use(http.get('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: 'bad', error_code: 'bad_parameters_error', server_traceback: null }, { status: 400 })));
    const error = await caught(store().get('k1'));
    expect(error.errorCode).toBe('bad_parameters_error');
    expect(seen).toHaveLength(1);
  });
});

describe('DapSecretStore authentication', () => {
  it('works with basic credentials', async () => {
    const s = store({ credentials: { kind: 'basic', username: 'admin', password: CANARY_PASSWORD } });
    await s.createOrUpdate('k1', 'v');
    expect(await s.get('k1')).toBe('v');
    expect(seen[0]?.headers.authorization).toMatch(/^Basic /);
  });

  it('gives a clear error for a wrong token, without the token', async () => {
    const error = await caught(store({ credentials: { kind: 'token', token: `${CANARY_TOKEN}-wrong` } }).get('k1'));
    expect(error.status).toBe(401);
    expect(error.errorCode).toBe('unauthorized_error');
    expect(error.message).toContain('credentials_file');
    expect(seen).toHaveLength(1);
    expectNoCanary(`${error.message} ${JSON.stringify(error)} ${inspect(error)}`);
  });

  it('gives a clear error for a wrong password, without the password', async () => {
    const error = await caught(store({ credentials: { kind: 'basic', username: 'admin', password: `${CANARY_PASSWORD}x` } }).exists('k1'));
    expect(error.status).toBe(401);
    expectNoCanary(`${error.message} ${JSON.stringify(error)} ${inspect(error)}`);
  });

  it('gives a clear error for an unknown tenant (403 forbidden_error, as a real manager answers)', async () => {
    const error = await caught(store({ tenant: 'no_such_tenant' }).createOrUpdate('k1', CANARY_VALUE));
    expect(error.status).toBe(403);
    expect(error.errorCode).toBe('forbidden_error');
    expect(error.message).not.toContain('invalid tenant name');
    expect(error.message).toContain("tenant 'no_such_tenant' (secret_store.tenant) exists");
    expectNoCanary(inspect(error));
  });

  it('keeps tenants apart', async () => {
    await store().createOrUpdate('k1', 'in-default');
    await store({ tenant: 'other_tenant' }).createOrUpdate('k1', 'in-other');
    expect(sim.peek('k1')).toBe('in-default');
    expect(sim.peek('k1', 'other_tenant')).toBe('in-other');
  });
});

describe('DapSecretStore secrecy', () => {
  it('never puts the canary value, token or password in errors or logs', async () => {
    const outputs: string[] = [];
    const record = (e: SecretStoreError): void => {
      outputs.push(e.message, JSON.stringify(e), inspect(e), String(e), e.stack ?? '', JSON.stringify({ wrapped: e }));
    };
    sim.setOptions({ version: '4.2' });
    sim.seed({ key: 'schema_key', value: 'old' });
    server.use(http.patch('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: `Error validating secret value: '${CANARY_VALUE}' is not of type 'object'`, error_code: 'conflict_error', server_traceback: null }, { status: 409 })));
    record(await caught(store().createOrUpdate('schema_key', CANARY_VALUE)));
    sim.setOptions({ version: '7.x' });
    record(await caught(store({ credentials: { kind: 'basic', username: 'admin', password: 'nope' } }).createOrUpdate('k1', CANARY_VALUE)));
    server.use(http.put('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: `echo ${CANARY_VALUE} ${CANARY_TOKEN}`, error_code: 'internal_server_error', server_traceback: `Traceback ${CANARY_VALUE}` }, { status: 503 })));
    record(await caught(store().createOrUpdate('k2', CANARY_VALUE)));
    expect(outputs.join('\n')).not.toContain('echo');
    expectNoCanary(outputs.join('\n'));
    expect(logLines.length).toBeGreaterThan(0);
    expectNoCanary(logLines.join('\n'));
  });
});

describe('DapSecretStore against a server that echoes the request (issue 13)', () => {
  const secretKey = 'canary-secret-key-e2c77d0b';
  /** The request body and the token, quoted the ways a server or a proxy might quote them. */
  const echoes = (body: string): Record<string, string> => ({
    base64: Buffer.from(body).toString('base64'),
    base64url: Buffer.from(body).toString('base64url'),
    'split by a newline': `${body.slice(0, 30)}\n${body.slice(30)}`,
    'truncated to 20 characters': secretKey.slice(0, 20),
    'URL-encoded': encodeURIComponent(body),
    hex: Buffer.from(body).toString('hex'),
    token: Buffer.from(CANARY_TOKEN).toString('base64'),
  });

  it.each([500, 409, 400, 503])('shows status and error code only, never the echo, when a write fails with %i', async (status) => {
    let forms: Record<string, string> = {};
    const echo = async ({ request }: { request: Request }) => {
      forms = echoes(await request.text());
      const message = Object.entries(forms).map(([how, text]) => `${how}: ${text}`).join('; ');
      return HttpResponse.json({ message: `could not store: ${message}`, error_code: 'internal_server_error', server_traceback: message }, { status });
    };
    server.use(http.put('*/api/v3.1/secrets/:key', echo), http.patch('*/api/v3.1/secrets/:key', echo));
    const error = await caught(store({ limit: 0 }).createOrUpdate('k1', CANARY_VALUE));
    expect(error.status).toBe(status);
    expect(error.errorCode).toBe('internal_server_error');
    const shown = `${error.message} ${JSON.stringify(error)} ${inspect(error)} ${logLines.join('\n')}`;
    expect(Object.keys(forms).length).toBe(7);
    for (const [how, text] of Object.entries(forms)) expect(shown, how).not.toContain(text);
    expect(shown).not.toContain('could not store');
    expect(shown).not.toContain(secretKey.slice(0, 16));
  });

  it('does not let an error code carry text', async () => {
    server.use(http.get('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: 'x', error_code: `bad ${CANARY_TOKEN}`, server_traceback: null }, { status: 400 })));
    const error = await caught(store().get('k1'));
    expect(error.errorCode).toBe('http_400');
    expectNoCanary(`${error.message} ${inspect(error)}`);
  });
});

describe("DapSecretStore advice a real manager's answers call for (issue 23 item 7)", () => {
  it('does not call the URL wrong when the manager itself says not_found_error', async () => {
    server.use(
      http.put('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: 'already exists', error_code: 'conflict_error', server_traceback: null }, { status: 409 })),
      http.patch('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: 'Requested `Secret` with ID `k1` was not found', error_code: 'not_found_error', server_traceback: null }, { status: 404 })),
    );
    const error = await caught(store().createOrUpdate('k1', CANARY_VALUE));
    expect(error.status).toBe(404);
    expect(error.errorCode).toBe('not_found_error');
    expect(error.message).not.toContain('does not look like');
    expect(error.message).toContain("may be private to another identity of tenant 'default_tenant'");
  });

  it('still calls the URL wrong for a 404 without the manager\'s error body', async () => {
    server.use(http.delete('*/api/v3.1/secrets/:key', () => new HttpResponse('not here', { status: 404 })));
    const error = await caught(store().delete('k1'));
    expect(error.message).toContain('secret_store.url does not look like a DAP/Cloudify API');
  });

  it('says what to check about the tenant on a 403 forbidden_error', async () => {
    server.use(http.get('*/api/v3.1/secrets/:key', () => HttpResponse.json({ message: 'User is not a member of tenant', error_code: 'forbidden_error', server_traceback: null }, { status: 403 })));
    const error = await caught(store({ tenant: 'team_a' }).get('k1'));
    expect(error.errorCode).toBe('forbidden_error');
    expect(error.message).toContain("tenant 'team_a' (secret_store.tenant) exists");
    expect(error.message).toContain('is a member of it');
  });

  it('says who may change a hidden secret when DELETE is refused for it', async () => {
    await store({ credentials: { kind: 'token', token: sim.credentials.ciToken } }).createOrUpdate('k1', CANARY_VALUE);
    const error = await caught(store({ credentials: { kind: 'token', token: sim.credentials.readerToken } }).delete('k1'));
    expect(error.status).toBe(403);
    expect(error.message).toContain("Only the identity that created the hidden secret 'k1'");
    expect(error.message).not.toContain('is a member of it');
    expect(sim.peek('k1')).toBe(CANARY_VALUE);
  });
});

describe('DapSecretStore against something that is not the secrets API', () => {
  it('does not read a 200 web page as "the key exists"', async () => {
    server.use(http.get('*/api/v3.1/secrets/:key', () => new HttpResponse('<html>portal</html>', { status: 200, headers: { 'content-type': 'text/html' } })));
    const error = await caught(store().exists('k1'));
    expect(error.errorCode).toBe('bad_response');
    expect(error.message).toContain('secret_store.url');
  });
});

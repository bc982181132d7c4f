import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDapSimulator } from './simulator';

const sim = createDapSimulator({ extraTenants: ['team_b'] });
const server = setupServer(...sim.handlers);
const ORIGIN = 'http://dap.sim';

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => sim.reset());
afterAll(() => server.close());

interface Call {
  method?: string;
  contentType?: string;
  api?: string;
  body?: unknown;
  token?: string;
  basic?: [string, string];
  tenant?: string | null;
  query?: string;
}

async function call(key: string | undefined, { method = 'GET', body, token = sim.credentials.token, basic, tenant = 'default_tenant', query = '', contentType = 'application/json', api = 'v3.1' }: Call = {}): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}`;
  else headers['authentication-token'] = token;
  if (tenant !== null) headers.tenant = tenant;
  const res = await fetch(`${ORIGIN}/api/${api}/secrets${key === undefined ? '' : `/${key}`}${query}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('DAP simulator contract', () => {
  it('creates with PUT, answers with the ciphertext (not the value), and answers a second PUT with 409 "already exists"', async () => {
    const created = await call('k1', { method: 'PUT', body: { value: 'v', is_hidden_value: true, visibility: 'private' } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ key: 'k1', is_hidden_value: true, visibility: 'private', tenant_name: 'default_tenant', created_by: 'admin' });
    expect((created.json as { value: string }).value).toMatch(/^gAAAAA[\w-]+$/);
    expect((await call('k1')).json).toMatchObject({ value: 'v' });
    const again = await call('k1', { method: 'PUT', body: { value: 'w' } });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ message: expect.stringContaining('already exists') as unknown, error_code: 'conflict_error', server_traceback: null });
    expect(sim.peek('k1')).toBe('v');
    const patched = await call('k1', { method: 'PATCH', body: { value: 'w' } });
    expect((patched.json as { value: string }).value).toMatch(/^gAAAAA/);
  });

  it('upserts only the value when update_if_exists is true', async () => {
    await call('k1', { method: 'PUT', body: { value: 'v', is_hidden_value: true, visibility: 'private' } });
    await call('k1', { method: 'PUT', body: { value: 'w', update_if_exists: true, is_hidden_value: false, visibility: 'tenant' } });
    expect(sim.peek('k1')).toBe('w');
    expect(sim.describe('k1')).toMatchObject({ isHiddenValue: true, visibility: 'private' });
  });

  it('answers 404 not_found_error for a missing key on GET, PATCH and DELETE', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await call('nope', { method, ...(method === 'PATCH' ? { body: { value: 'x' } } : {}) });
      expect(res).toEqual({ status: 404, json: { message: 'Requested `Secret` with ID `nope` was not found', error_code: 'not_found_error', server_traceback: null } });
    }
  });

  it('deletes with 204, or 200 and the secret when deleteReturnsBody is set', async () => {
    await call('k1', { method: 'PUT', body: { value: 'v' } });
    expect(await call('k1', { method: 'DELETE' })).toEqual({ status: 204, json: undefined });
    sim.setOptions({ deleteReturnsBody: true });
    await call('k1', { method: 'PUT', body: { value: 'v' } });
    const res = await call('k1', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ key: 'k1' });
  });

  it('rejects a wrong token or password with 401, and every tenant problem with 403 forbidden_error', async () => {
    expect((await call('k1', { token: 'wrong' })).json).toMatchObject({ error_code: 'unauthorized_error' });
    expect((await call('k1', { basic: ['admin', 'wrong'] })).status).toBe(401);
    expect(await call('k1', { tenant: null })).toMatchObject({ status: 403, json: { error_code: 'forbidden_error', message: 'Authorization failed: tenant not provided' } });
    expect(await call('k1', { tenant: null, token: sim.credentials.readerToken })).toMatchObject({ status: 403, json: { error_code: 'forbidden_error', message: 'User `reader` is not permitted to perform the action secret_get' } });
    expect(await call('k1', { tenant: 'ghost' })).toMatchObject({ status: 403, json: { error_code: 'forbidden_error', message: 'Authorization failed: Tried to authenticate with invalid tenant name: ghost' } });
    expect(await call('k1', { token: sim.credentials.readerToken, tenant: 'team_b' })).toMatchObject({ status: 403, json: { error_code: 'forbidden_error', message: 'User `reader` is not permitted to perform the action secret_get in the tenant `team_b`' } });
    expect((await call('k1', { basic: ['admin', sim.credentials.password] })).status).toBe(404);
  });

  it('hides a hidden value from a non-creator as "" (or null), and forbids changing it', async () => {
    await call('k1', { method: 'PUT', body: { value: 'secret', is_hidden_value: true } });
    expect((await call('k1', { token: sim.credentials.readerToken })).json).toMatchObject({ value: '', is_hidden_value: true });
    sim.setOptions({ hiddenValueAs: 'null' });
    expect((await call('k1', { token: sim.credentials.readerToken })).json).toMatchObject({ value: null });
    const patch = await call('k1', { method: 'PATCH', token: sim.credentials.readerToken, body: { value: 'x' } });
    expect(patch.status).toBe(403);
    expect(patch.json).toMatchObject({ error_code: 'forbidden_error' });
    expect((await call('k1')).json).toMatchObject({ value: 'secret' });
  });

  it('lists metadata without values, with pagination', async () => {
    for (const k of ['b', 'a', 'c']) await call(k, { method: 'PUT', body: { value: `v-${k}` } });
    const res = await call(undefined, { query: '?_size=2&_offset=1' });
    expect(res.json).toEqual({ items: [expect.objectContaining({ key: 'b' }), expect.objectContaining({ key: 'c' })], metadata: { pagination: { total: 3, size: 2, offset: 1 } } });
    expect(JSON.stringify(res.json)).not.toContain('v-');
  });

  it('checks values against a schema with a 409 that quotes the value, like jsonschema', async () => {
    const res = await call('k1', { method: 'PUT', body: { value: 'text', schema: { type: 'integer' } } });
    expect(res).toEqual({ status: 409, json: { message: "Error validating secret value: 'text' is not of type 'integer'", error_code: 'conflict_error', server_traceback: null } });
  });

  it('answers bad keys, bad bodies and empty PATCHes with 400', async () => {
    expect((await call('1abc', { method: 'PUT', body: { value: 'v' } })).json).toMatchObject({ error_code: 'bad_parameters_error' });
    expect((await call('k1', { method: 'PUT', body: { value: '' } })).status).toBe(400);
    expect((await call('k1', { method: 'PUT', body: { value: 'v', is_hidden_value: 'yes' } })).status).toBe(400);
    await call('k1', { method: 'PUT', body: { value: 'v' } });
    expect((await call('k1', { method: 'PATCH', body: {} })).json).toMatchObject({ error_code: 'illegal_action_error' });
  });

  it('answers a bad key with 400 bad_parameters_error on GET, PATCH and DELETE too, never 404', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await call('1abc', { method, ...(method === 'PATCH' ? { body: { value: 'x' } } : {}) });
      expect(res, method).toMatchObject({ status: 400, json: { error_code: 'bad_parameters_error' } });
    }
  });

  it('answers a body whose content type is not exactly application/json with 415', async () => {
    for (const contentType of ['text/plain', 'application/json; charset=utf-8']) {
      expect(await call('k1', { method: 'PUT', contentType, body: { value: 'v' } }), contentType).toMatchObject({ status: 415, json: { error_code: 'unsupported_content_type_error' } });
    }
    expect(sim.peek('k1')).toBeUndefined();
  });

  it('refuses a non-string value without a schema: 400 on 4.4, a 500 from encrypt() on 7.x', async () => {
    expect((await call('k1', { method: 'PUT', body: { value: 42 } })).status).toBe(500);
    sim.setOptions({ version: '4.4' });
    expect(await call('k1', { method: 'PUT', body: { value: 42 } })).toMatchObject({ status: 400, json: { error_code: 'bad_parameters_error' } });
    expect(sim.peek('k1')).toBeUndefined();
  });

  it('serves secrets on /api/v3 and /api/v3.1 only', async () => {
    expect((await call('k1', { method: 'PUT', api: 'v3', body: { value: 'v' } })).status).toBe(200);
    expect((await call('k1', { api: 'v3.1' })).json).toMatchObject({ value: 'v' });
    await expect(call('k1', { api: 'v2.1' })).rejects.toThrow();
  });

  it('hides a private secret of someone else as 404 from GET, PATCH and DELETE, but not from a tenant manager', async () => {
    await call('k1', { method: 'PUT', body: { value: 'v', visibility: 'private' } });
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await call('k1', { method, token: sim.credentials.readerToken, ...(method === 'PATCH' ? { body: { value: 'x' } } : {}) });
      expect(res, method).toMatchObject({ status: 404, json: { error_code: 'not_found_error' } });
    }
    expect((await call(undefined, { token: sim.credentials.readerToken })).json).toMatchObject({ items: [] });
    // The upsert sees the key exists (409 path) and then looks it up through the filter: 404.
    expect((await call('k1', { method: 'PUT', token: sim.credentials.readerToken, body: { value: 'x', update_if_exists: true } })).status).toBe(404);
    expect((await call('k1', { method: 'PUT', token: sim.credentials.readerToken, body: { value: 'x' } })).status).toBe(409);
    expect((await call('k1', { token: sim.credentials.ciToken })).json).toMatchObject({ value: 'v' });
    expect(sim.peek('k1')).toBe('v');
  });

  it('shows a tenant-visible hidden secret to every member, its value only to the creator and tenant managers', async () => {
    await call('k1', { method: 'PUT', token: sim.credentials.ciToken, body: { value: 'v', visibility: 'tenant', is_hidden_value: true } });
    expect((await call('k1', { token: sim.credentials.readerToken })).json).toMatchObject({ value: '', is_hidden_value: true });
    expect((await call('k1', { token: sim.credentials.ciToken })).json).toMatchObject({ value: 'v' });
    expect((await call('k1')).json).toMatchObject({ value: 'v' });
    expect((await call('k1', { method: 'DELETE', token: sim.credentials.readerToken })).json).toMatchObject({ error_code: 'forbidden_error' });
    // A non-creator's upsert overwrites it all the same: the PUT path has no modification check.
    expect((await call('k1', { method: 'PUT', token: sim.credentials.readerToken, body: { value: 'w', update_if_exists: true } })).status).toBe(200);
    expect(sim.peek('k1')).toBe('w');
    expect(sim.describe('k1')).toMatchObject({ isHiddenValue: true, visibility: 'tenant', createdBy: 'ci' });
  });

  it('lets PATCH widen visibility but answers narrowing with 400 illegal_action_error', async () => {
    await call('k1', { method: 'PUT', body: { value: 'v', visibility: 'private' } });
    expect((await call('k1', { method: 'PATCH', body: { visibility: 'tenant' } })).status).toBe(200);
    expect(await call('k1', { method: 'PATCH', body: { visibility: 'private' } })).toMatchObject({ status: 400, json: { error_code: 'illegal_action_error' } });
    expect(sim.describe('k1')).toMatchObject({ visibility: 'tenant' });
  });

  it('plays manager 4.2: ignores the newer fields, 409 on any PUT of an existing key, plaintext answers, DELETE with a body', async () => {
    sim.setOptions({ version: '4.2' });
    const created = await call('k1', { method: 'PUT', body: { value: 'v', update_if_exists: true, visibility: 'private', is_hidden_value: true } });
    expect(created.status).toBe(200);
    expect(created.json).not.toHaveProperty('visibility');
    expect(created.json).not.toHaveProperty('is_hidden_value');
    expect(sim.describe('k1')).toMatchObject({ visibility: 'tenant', isHiddenValue: false });
    expect((await call('k1', { method: 'PUT', body: { value: 'w', update_if_exists: true } })).status).toBe(409);
    expect((await call('k1', { method: 'PATCH', body: { value: 'w' } })).status).toBe(200);
    expect(sim.peek('k1')).toBe('w');
    expect((await call('k1', { method: 'DELETE' })).status).toBe(200);
  });

  it('plays manager 4.4: visibility, hidden values and the upsert, but no schema and no _skip_value', async () => {
    sim.setOptions({ version: '4.4' });
    const created = await call('k1', { method: 'PUT', body: { value: 'v', visibility: 'tenant', is_hidden_value: true, schema: { type: 'integer' } } });
    expect(created.json).toMatchObject({ visibility: 'tenant', is_hidden_value: true });
    expect(created.json).not.toHaveProperty('schema');
    expect((await call('k1', { method: 'PUT', body: { value: 'w', update_if_exists: true } })).status).toBe(200);
    expect((await call('k1', { query: '?_skip_value=true' })).json).toMatchObject({ value: 'w' });
  });

  it('refuses unknown options and resets to a clean state', async () => {
    expect(() => sim.setOptions({ versoin: '4.2' })).toThrow(/unknown DAP option/);
    expect(() => sim.setOptions({ version: '5.0' })).toThrow(/"4.2", "4.4", "7.x"/);
    sim.setOptions({ version: '4.2' });
    await call('k1', { method: 'PUT', body: { value: 'v' } });
    sim.reset();
    expect(sim.peek('k1')).toBeUndefined();
    expect((await call('k1', { method: 'PUT', body: { value: 'v', update_if_exists: true } })).json).toHaveProperty('visibility');
  });
});

describe('DAP simulator fault bodies', () => {
  it('answers an injected status with the manager envelope', async () => {
    const res = sim.faultResponse(404);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Requested resource was not found', error_code: 'not_found_error', server_traceback: null });
    expect(sim.errorBody(503)).toMatchObject({ error_code: 'internal_server_error' });
  });
});

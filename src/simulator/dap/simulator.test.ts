import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDapSimulator } from './simulator';

const sim = createDapSimulator({ extraTenants: ['team_b'] });
const server = setupServer(...sim.handlers);
const BASE = 'http://dap.sim/api/v3.1/secrets';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => sim.reset());
afterAll(() => server.close());

interface Call {
  method?: string;
  body?: unknown;
  token?: string;
  basic?: [string, string];
  tenant?: string | null;
  query?: string;
}

async function call(key: string | undefined, { method = 'GET', body, token = sim.credentials.token, basic, tenant = 'default_tenant', query = '' }: Call = {}): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}`;
  else headers['authentication-token'] = token;
  if (tenant !== null) headers.tenant = tenant;
  const res = await fetch(`${BASE}${key === undefined ? '' : `/${key}`}${query}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('DAP simulator contract', () => {
  it('creates with PUT and answers a second PUT with 409 conflict_error "already exists"', async () => {
    const created = await call('k1', { method: 'PUT', body: { value: 'v', is_hidden_value: true, visibility: 'private' } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ key: 'k1', value: 'v', is_hidden_value: true, visibility: 'private', tenant_name: 'default_tenant', created_by: 'admin' });
    const again = await call('k1', { method: 'PUT', body: { value: 'w' } });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ message: expect.stringContaining('already exists') as unknown, error_code: 'conflict_error', server_traceback: null });
    expect(sim.peek('k1')).toBe('v');
  });

  it('upserts only the value when update_if_exists is true', async () => {
    await call('k1', { method: 'PUT', body: { value: 'v', is_hidden_value: true, visibility: 'private' } });
    await call('k1', { method: 'PUT', body: { value: 'w', update_if_exists: true, is_hidden_value: false, visibility: 'tenant' } });
    expect(sim.peek('k1')).toBe('w');
    expect(sim.describe('k1')).toMatchObject({ isHiddenValue: true, visibility: 'private' });
  });

  it('answers 404 not_found_error for a missing key on GET, PATCH and DELETE', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
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

  it('rejects a wrong token, a wrong password, a missing or unknown tenant with 401 unauthorized_error', async () => {
    expect((await call('k1', { token: 'wrong' })).json).toMatchObject({ error_code: 'unauthorized_error', message: 'User unauthorized' });
    expect((await call('k1', { basic: ['admin', 'wrong'] })).status).toBe(401);
    expect((await call('k1', { tenant: null })).json).toMatchObject({ message: 'User unauthorized: a Tenant name was not provided' });
    expect((await call('k1', { tenant: 'ghost' })).json).toMatchObject({ message: 'User unauthorized: Provided tenant name unknown: ghost' });
    expect((await call('k1', { token: sim.credentials.readerToken, tenant: 'team_b' })).json).toMatchObject({ message: expect.stringContaining('is not associated with') as unknown });
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

  it('in old-manager mode refuses update_if_exists and other newer parameters by name', async () => {
    sim.setOptions({ oldManager: true });
    const res = await call('k1', { method: 'PUT', body: { value: 'v', update_if_exists: false } });
    expect(res).toEqual({ status: 400, json: { message: 'Unknown parameters: update_if_exists', error_code: 'bad_parameters_error', server_traceback: null } });
    expect((await call('k1', { method: 'PUT', body: { value: 'v' } })).status).toBe(200);
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

  it('refuses unknown options and resets to a clean state', async () => {
    expect(() => sim.setOptions({ oldManger: true })).toThrow(/unknown DAP option/);
    expect(() => sim.setOptions({ oldManager: 'yes' })).toThrow(/boolean/);
    sim.setOptions({ oldManager: true });
    await call('k1', { method: 'PUT', body: { value: 'v' } });
    sim.reset();
    expect(sim.peek('k1')).toBeUndefined();
    expect((await call('k1', { method: 'PUT', body: { value: 'v', update_if_exists: true } })).status).toBe(200);
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

/**
 * The contract itself: the validator, the route list (every route the simulator serves has a
 * schema check), the strict and record modes, and, when the reference schema file sits beside the
 * repository, that the committed contract is exactly what it yields (CI on a clean clone runs the
 * rest only).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../composite';
import { resourceRoute } from '../platform-resource';
import { contractFromReference } from './convert';
import { EXTRA_OPERATIONS, OPERATIONS, operationKey, PENDING_MISMATCHES, requestProblems, responseProblems, validate, type Shape } from './index';
import { contractChecked, ContractMonitor } from './monitor';
import { PAPI_CONTRACT } from './papi.generated';

describe('the contract validator', () => {
  const shape: Shape = { t: 'object', props: { id: { t: 'integer', range: [0, 10] }, kind: { t: 'string', enum: ['a', 'b'] }, note: { t: 'string' } }, req: ['id', 'kind'] };

  it.each([
    [{ id: 1, kind: 'a' }, []],
    [{ id: 1, kind: 'a', note: null }, []],
    [{ id: null, kind: 'a' }, ['$.id: expected integer, got null']],
    [{ kind: 'c' }, ['$.id: required member missing', '$.kind: not one of "a" | "b"']],
    [{ id: 11, kind: 'a', total: 3 }, ['$.id: integer outside 0..10', '$.total: member not in the schema']],
    [{ id: 1.5, kind: 'a', note: 'secret-value' }, ['$.id: expected integer, got number']],
  ])('checks %j: required members, nullable optional ones, enums, ranges, undeclared members', (value, expected) => {
    expect(validate(shape, value, {})).toEqual(expected);
  });

  it('never quotes a value in a mismatch', () => {
    expect(validate({ t: 'integer' }, 'hunter2-secret', {}).join()).not.toContain('hunter2');
  });
});

describe('the contract of an exchange', () => {
  it('finds the operation of a concrete path, literal segments first', () => {
    expect(operationKey('GET', '/platform/10/protocols/s3/keys/alice')).toBe('GET /platform/N/protocols/s3/keys/{}');
    expect(operationKey('GET', '/platform/3/zones/')).toBe('GET /platform/N/zones');
    expect(operationKey('POST', '/session/1/session')).toBe('POST /session/1/session');
    expect(operationKey('GET', '/platform/3/nothing')).toBeUndefined();
  });

  it('accepts the error envelope, the HTML 401 and the documented silent answers, and nothing else', () => {
    const answer = (method: string, pathname: string, status: number, contentType: string, body: string) => responseProblems({ method, pathname, status, contentType, body });
    expect(answer('GET', '/platform/3/zones/x', 404, 'application/json', '{"errors":[{"code":"AEC_NOT_FOUND","message":"m"}]}')).toEqual([]);
    expect(answer('GET', '/platform/3/zones', 401, 'text/html; charset=iso-8859-1', '<html></html>')).toEqual([]);
    expect(answer('GET', '/platform/3/zones', 401, 'application/json', '{"errors":[{"message":"authorization required"}]}')).toEqual([]);
    expect(answer('POST', '/session/1/session', 401, 'application/json', '{"message":"Unable to create session."}')).toEqual([]);
    expect(answer('GET', '/platform/3/zones', 500, 'application/json', '{"message":"nope"}')).toEqual(['$.errors: required member missing', '$.message: member not in the schema']);
    expect(answer('DELETE', '/platform/10/protocols/s3/keys/a', 200, 'application/json', '{}')).toEqual(['status 200 is not a success status of DELETE /platform/N/protocols/s3/keys/{} (204)', 'body must be empty']);
    expect(answer('GET', '/platform/3/unknown', 200, 'application/json', '{}')).toEqual(['no schema for GET /platform/N/unknown']);
  });

  it('checks request bodies against the request schema', () => {
    expect(requestProblems('POST', '/platform/10/protocols/s3/keys/a', '{"existing_key_expiry_time":30}')).toEqual([]);
    expect(requestProblems('POST', '/platform/10/protocols/s3/keys/a', '{"existing_key_expiry_time":1441}')).toEqual(['$.existing_key_expiry_time: integer outside 0..1440']);
    expect(requestProblems('POST', '/session/1/session', '{"username":"u","password":"p"}')).toEqual(['$.services: required member missing']);
  });
});

describe('the simulator against the contract', () => {
  it('has a schema check for every method of every route it serves', () => {
    const sim = createSimulator({ contract: 'record' });
    const missing: string[] = [];
    let resources = 0;
    for (const handler of sim.onefs.handlers) {
      const route = resourceRoute(handler);
      if (route === undefined) continue;
      resources += 1;
      const concrete = `/platform/${route.since}${route.path.replace(/:[A-Za-z]+/g, 'x')}`;
      for (const method of route.methods) if (operationKey(method, concrete) === undefined) missing.push(`${method} /platform/N${route.path}`);
    }
    // Besides resources: the session routes, /platform/latest and the catch-all 404 (all covered by name).
    expect(sim.onefs.handlers.length - resources).toBe(3);
    for (const key of ['POST /session/1/session', 'GET /session/1/session', 'DELETE /session/1/session', 'GET /platform/latest']) expect(OPERATIONS[key], key).toBeDefined();
    expect(missing).toEqual([]);
  });

  it('still sends every mismatch it waits on another branch to fix (drop an entry once it is fixed)', async () => {
    const sim = createSimulator({ contract: 'record', onefs: { password: 'pw', users: ['alice'] } });
    const login = await getResponse(sim.onefsHandlers, new Request('https://c.test/session/1/session', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'pw', services: ['platform'] }) }));
    const cookies = login?.headers.getSetCookie() ?? [];
    const pick = (name: string) => cookies.map((c) => new RegExp(`^${name}=([^;]*)`).exec(c)?.[1]).find(Boolean) ?? '';
    const headers = { Cookie: `isisessid=${pick('isisessid')}`, 'X-CSRF-Token': pick('isicsrf'), Referer: 'https://c.test' };
    const found: string[] = [];
    for (const path of ['/platform/16/auth/users', '/platform/16/auth/users/alice']) {
      const response = await getResponse(sim.onefsHandlers, new Request(`https://c.test${path}`, { headers }));
      found.push(...responseProblems({ method: 'GET', pathname: path, status: response?.status ?? 0, contentType: 'application/json', body: (await response?.text()) ?? '' }).map((p) => `${operationKey('GET', path)} ${p}`));
    }
    for (const pending of PENDING_MISMATCHES) expect(found.some((f) => f.startsWith(`${pending.route} `) && pending.problem.test(f.slice(pending.route.length + 1))), `${pending.route} ${pending.problem}`).toBe(true);
  });

  it('answers a mismatch with a 500 naming it in strict mode, and only records it in record mode', async () => {
    const bad = [http.get('*/platform/3/zones', () => Response.json({ total: 1, zones: [] }))];
    for (const mode of ['strict', 'record'] as const) {
      const monitor = new ContractMonitor(mode);
      const response = await getResponse([contractChecked(bad, monitor)], new Request('https://c.test/platform/3/zones'));
      expect(response?.status).toBe(mode === 'strict' ? 500 : 200);
      expect(monitor.take()).toEqual([{ method: 'GET', path: '/platform/3/zones', status: 200, side: 'response', problems: ['$.total: member not in the schema'] }]);
    }
  });

  it('checks the request bodies of our own client only', async () => {
    const ok = [http.post('*/platform/10/protocols/s3/keys/:user', () => Response.json({ keys: { access_id: '1_alice_accid', secret_key: 's', secret_key_timestamp: 1 } }, { status: 201 }))];
    const monitor = new ContractMonitor('record');
    const send = (agent: string) =>
      getResponse([contractChecked(ok, monitor)], new Request('https://c.test/platform/10/protocols/s3/keys/alice', { method: 'POST', headers: { 'user-agent': agent }, body: '{"bogus":1}' }));
    await send('curl/8');
    expect(monitor.take()).toEqual([]);
    await send('cdktf-powerscale-papi');
    expect(monitor.take()).toEqual([{ method: 'POST', path: '/platform/10/protocols/s3/keys/alice', status: 201, side: 'request', problems: ['$.bogus: member not in the schema'] }]);
  });

  it('keeps its hand-written extras apart from the generated operations', () => {
    for (const key of Object.keys(EXTRA_OPERATIONS)) expect(PAPI_CONTRACT.operations[key], key).toBeUndefined();
  });
});

// The reference schema file, when the reference material is checked out beside the repository.
const reference = fileURLToPath(new URL('../../../../../shared/reference/onefs-api/onefs-9.5-papi-subset.json', import.meta.url));

describe.runIf(existsSync(reference))('the contract against the reference OneFS 9.5 API schema', () => {
  it('is exactly what npm run contract derives from it', () => {
    expect(PAPI_CONTRACT).toEqual(contractFromReference(JSON.parse(readFileSync(reference, 'utf8'))));
  });
});

describe.skipIf(existsSync(reference))('the contract against the reference OneFS 9.5 API schema', () => {
  it.skip(`is not compared: ${reference} is absent (clean clone); the committed contract is checked as is`, () => {});
});

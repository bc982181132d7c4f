import { getResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from './faults';
import { instrument, routeOf, Traffic } from './traffic';

const handlers = [
  http.get('*/platform/:version/protocols/s3/keys/:user', () => Response.json({ ok: true })),
  http.all('*/api/v3.1/secrets/:key', () => Response.json({ ok: true })),
];

describe('routeOf', () => {
  it('names the route by pattern, keeping the API version literal', () => {
    expect(routeOf(handlers, new Request('https://x/platform/10/protocols/s3/keys/alice?zone=System'))).toBe('GET /platform/10/protocols/s3/keys/{user}');
    expect(routeOf(handlers, new Request('https://x/api/v3.1/secrets/k', { method: 'PUT' }))).toBe('PUT /api/v3.1/secrets/{key}');
    expect(routeOf(handlers, new Request('https://x/platform/10/protocols/s3/keys/alice', { method: 'POST' }))).toBeUndefined();
  });
});

describe('instrument', () => {
  it('counts only its own routes in-process and lets other requests fall through unmatched', async () => {
    const traffic = new Traffic();
    const wrapped = instrument('onefs', handlers, traffic);
    expect(await getResponse(wrapped, new Request('https://x/elsewhere'))).toBeUndefined();
    expect((await getResponse(wrapped, new Request('https://x/platform/10/protocols/s3/keys/a')))?.status).toBe(200);
    expect(traffic.stats.of('onefs')).toEqual({ requests: 1, routes: { 'GET /platform/10/protocols/s3/keys/{user}': 1 } });
  });

  it('counts unmatched requests when the service owns its origin', async () => {
    const traffic = new Traffic();
    const wrapped = instrument('onefs', handlers, traffic, { ownsOrigin: true });
    expect(await getResponse(wrapped, new Request('https://x/elsewhere'))).toBeUndefined();
    expect(traffic.stats.of('onefs').routes).toEqual({ 'GET (unmatched)': 1 });
  });

  it('answers a fault with the given body, or the service default, and only for its service', async () => {
    const traffic = new Traffic();
    const wrapped = instrument('onefs', handlers, traffic, { faultResponse: (status) => new Response('default', { status }) });
    traffic.faults.add(parseFaultSpec({ service: 'dap', status: 500 }));
    traffic.faults.add(parseFaultSpec({ service: 'onefs', status: 409, body: { errors: [] }, count: 1 }));
    traffic.faults.add(parseFaultSpec({ status: 503 }));
    const first = await getResponse(wrapped, new Request('https://x/platform/10/protocols/s3/keys/a'));
    expect([first?.status, await first?.json()]).toEqual([409, { errors: [] }]);
    const second = await getResponse(wrapped, new Request('https://x/platform/10/protocols/s3/keys/a'));
    expect([second?.status, await second?.text()]).toEqual([503, 'default']);
    expect(traffic.faults.list().map((f) => f.service)).toEqual(['dap']);
  });

  it('runs the service before answering with a processed fault: the work happens, the answer is lost', async () => {
    const traffic = new Traffic();
    let served = 0;
    const counting = [http.post('*/platform/:version/auth/users', () => (served++, Response.json({ id: 'x' }, { status: 201 })))];
    const wrapped = instrument('onefs', counting, traffic);
    traffic.faults.add(parseFaultSpec({ method: 'POST', status: 503, count: 1 }));
    traffic.faults.add(parseFaultSpec({ method: 'POST', status: 503, processed: true, count: 1 }));
    traffic.faults.add(parseFaultSpec({ method: 'POST', drop: true, processed: true, count: 1 }));
    const post = () => getResponse(wrapped, new Request('https://x/platform/1/auth/users', { method: 'POST', body: '{}' }));
    expect((await post())?.status).toBe(503);
    expect(served).toBe(0);
    expect((await post())?.status).toBe(503);
    expect(served).toBe(1);
    expect((await post())?.type).toBe('error');
    expect(served).toBe(2);
    expect(() => parseFaultSpec({ delayMs: 5, processed: true })).toThrow(/"processed" needs "status" or "drop"/);
    expect(() => parseFaultSpec({ status: 503, processed: 'yes' })).toThrow(/"processed" must be a boolean/);
  });

  it('turns a drop fault into a network error response', async () => {
    const traffic = new Traffic();
    traffic.faults.add(parseFaultSpec({ drop: true }));
    const response = await getResponse(instrument('onefs', handlers, traffic), new Request('https://x/platform/10/protocols/s3/keys/a'));
    expect(response?.type).toBe('error');
  });
});

import { HttpHandler, matchRequestUrl, type RequestHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import { candidateHandlers } from './candidates';
import { createSimulator } from './composite';
import { controlHandlers } from './control';

const sim = createSimulator({ ownOrigins: true });
const services: Record<string, readonly RequestHandler[]> = {
  onefs: sim.onefsHandlers,
  // The routes behind the front and contract handlers, which run them again (contract/monitor.ts).
  'onefs routes': sim.onefsHandlers.slice(2),
  dap: sim.dapHandlers,
  control: controlHandlers(sim),
};
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** URLs built from every handler's own pattern, plus the variants msw tolerates and paths none has. */
function urls(handlers: readonly RequestHandler[]): string[] {
  const out = new Set<string>();
  for (const h of handlers) {
    if (!(h instanceof HttpHandler) || typeof h.info.path !== 'string') continue;
    const concrete = h.info.path
      .replace(/:version/g, '10')
      .replace(/:[A-Za-z0-9_]+/g, 'x%20y')
      .replace(/^\*/, 'https://cluster.test:8080')
      .replace(/\*/g, 'any/thing');
    const base = concrete.startsWith('http') ? concrete : `https://cluster.test:8080${concrete}`;
    for (const u of [base, `${base}/`, `${base}?zone=System&dir=ASC`, `${base}#frag`, base.toUpperCase(), `${base}/extra`, base.replace(/\/[^/]*$/, '')]) out.add(u);
  }
  for (const u of ['https://cluster.test:8080/', 'https://cluster.test:8080/platform', 'https://cluster.test:8080/platform/latest', 'https://cluster.test:8080/nothing/here', 'http://control.test/stats']) out.add(u);
  return [...out];
}

describe('candidateHandlers', () => {
  for (const [service, handlers] of Object.entries(services)) {
    it(`keeps every ${service} handler whose method and path msw itself would match`, () => {
      let checked = 0;
      for (const url of urls(handlers)) {
        for (const method of METHODS) {
          for (const h of handlers) {
            if (!(h instanceof HttpHandler)) continue;
            const { method: expected, path } = h.info;
            const methodMatches = typeof expected === 'string' ? expected.toUpperCase() === method : expected.test(method);
            if (!methodMatches || typeof path === 'function') continue;
            if (!matchRequestUrl(new URL(url), path).matches) continue;
            checked++;
            // msw would run this one: the filter must keep it.
            expect(candidateHandlers([h], new Request(url, { method })), `${method} ${url} against ${String(path)}`).toEqual([h]);
          }
        }
      }
      expect(checked).toBeGreaterThan(handlers.length);
    });
  }

  it('leaves msw a handful of the OneFS routes for an S3 key read, the front and contract handlers first', () => {
    const all = sim.onefsHandlers;
    const request = new Request('https://cluster.test:8080/platform/10/protocols/s3/keys/alice?zone=System', { method: 'GET' });
    const kept = candidateHandlers(all, request);
    expect(kept.slice(0, 2)).toEqual(all.slice(0, 2));
    expect(kept.length).toBeLessThan(6);
    expect(all.length).toBeGreaterThan(15);
    // A method no route has for the path still reaches the resource, which answers 405 itself.
    expect(candidateHandlers(all, new Request(request.url, { method: 'PATCH' })).length).toBe(kept.length);
  });
});

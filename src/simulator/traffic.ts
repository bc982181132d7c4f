/**
 * The layer in front of each simulated service's handlers: counts requests per route, adds the
 * configured latency, and applies injected faults. It is itself an msw handler placed first, so it
 * works the same in-process and behind the HTTPS server. A dropped connection is
 * `Response.error()`: in-process fetch rejects, and the HTTPS server destroys the socket.
 */
import { delay, getResponse, http, HttpHandler, matchRequestUrl, type RequestHandler } from 'msw';
import { candidateHandlers } from './candidates';
import { FaultBook, type Fault } from './faults';
import { RequestStats } from './stats';

/** Shared traffic state for all services of one simulator instance. */
export class Traffic {
  readonly faults = new FaultBook();
  readonly stats = new RequestStats();
  /** Added to every request of every service (benchmarks). */
  latencyMs = 0;

  /** Clears faults, counters and latency. */
  reset(): void {
    this.faults.clear();
    this.stats.reset();
    this.latencyMs = 0;
  }
}

export interface InstrumentOptions {
  /** The body a fault with a `status` but no `body` answers with. @default `{"message":"injected fault"}` */
  faultResponse?: (status: number) => Response;
  /**
   * Also count (as "<METHOD> (unmatched)") and delay requests no handler of this service matches.
   * Right when the service owns its whole origin (HTTPS server), wrong in-process where several
   * services share one msw server. @default false
   */
  ownsOrigin?: boolean;
}

/**
 * The route pattern of the first handler matching `request`, as `"<METHOD> /path/{param}"`;
 * a `:version` parameter keeps its value because the API version is part of a route's identity.
 */
export function routeOf(handlers: readonly RequestHandler[], request: Request): string | undefined {
  const url = new URL(request.url);
  // candidateHandlers has checked the method already.
  for (const handler of candidateHandlers(handlers, request)) {
    if (!(handler instanceof HttpHandler)) continue;
    const { path } = handler.info;
    if (typeof path === 'function') continue;
    const match = matchRequestUrl(url, path);
    if (!match.matches) continue;
    const pattern = typeof path === 'string' ? path.replace(/^\*/, '') : `/${path.source}/`;
    const version = match.params?.version;
    const route = pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => (name === 'version' && typeof version === 'string' ? version : `{${name}}`));
    return `${request.method} ${route}`;
  }
  return undefined;
}

function defaultFaultResponse(status: number): Response {
  return Response.json({ message: 'injected fault' }, { status });
}

function faultResponse(fault: Fault, fallback: (status: number) => Response): Response {
  const status = fault.status ?? 500;
  if (fault.body === undefined) return fallback(status);
  if (typeof fault.body === 'string') return new Response(fault.body, { status, headers: { 'Content-Type': 'text/plain' } });
  return Response.json(fault.body, { status });
}

/** Returns `[front, ...handlers]` where `front` applies stats, latency and faults for `service`. */
export function instrument(service: string, handlers: readonly RequestHandler[], traffic: Traffic, options: InstrumentOptions = {}): RequestHandler[] {
  const fallback = options.faultResponse ?? defaultFaultResponse;
  const front = http.all(
    ({ request }) => options.ownsOrigin === true || routeOf(handlers, request) !== undefined,
    async ({ request }) => {
      const url = new URL(request.url);
      traffic.stats.record(service, routeOf(handlers, request) ?? `${request.method} (unmatched)`);
      if (traffic.latencyMs > 0) await delay(traffic.latencyMs);
      const fault = traffic.faults.take(service, request.method, url.pathname + url.search);
      if (!fault) return undefined;
      if (fault.delayMs !== undefined) await delay(fault.delayMs);
      // The work happens, the answer is lost: run the service's own handlers and discard their answer.
      if (fault.processed === true) await getResponse(candidateHandlers(handlers, request), request.clone());
      if (fault.drop === true) return Response.error();
      if (fault.status !== undefined) return faultResponse(fault, fallback);
      return undefined;
    },
  );
  return [front, ...handlers];
}

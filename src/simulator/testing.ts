/**
 * In-process simulator for unit tests: the OneFS and DAP handlers (behind the traffic layer) on an
 * msw `setupServer`, with direct access to the model, the clock, faults and stats.
 *
 * ```ts
 * const sim = useOneFsSimulator();            // registers beforeAll/afterEach/afterAll
 * it('mints a key', async () => {
 *   const client = new PapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password });
 *   ...
 *   expect(sim.model.getKey('System', 'alice')).toBeDefined();
 * });
 * ```
 * `setupOneFsSimulator()` is the same without the vitest hooks (call `server.listen()` yourself).
 */
import type { RequestHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SimClock } from './clock';
import { createSimulator, type SimulatorStats } from './composite';
import type { DapSimulator, DapSimulatorOptions } from './dap';
import { parseFaultSpec, type Fault } from './faults';
import type { OneFsCredentials, OneFsModel, OneFsSimulator, OneFsSimulatorOptions } from './onefs';
import type { ContractMonitor } from './onefs/contract/monitor';
import type { Traffic } from './traffic';

export interface InProcessSimulatorOptions extends OneFsSimulatorOptions {
  /** Base URL the OneFS handlers are reached at (any origin works; this one is for your client). @default "https://onefs.test:8080" */
  baseUrl?: string;
  /** Base URL for the DAP secret store. @default "https://dap.test" */
  dapUrl?: string;
  /** DAP simulator options. @default {} */
  dap?: DapSimulatorOptions;
}

/** A logged-in session's credentials, ready to send. */
export interface TestSession {
  cookie: string;
  csrf: string;
  /** `Cookie`, `X-CSRF-Token` and `Referer` headers for an authenticated request. */
  headers: Record<string, string>;
}

export interface InProcessSimulator {
  readonly baseUrl: string;
  readonly dapUrl: string;
  readonly onefs: OneFsSimulator;
  readonly dap: DapSimulator;
  /** Shortcut for `onefs.model`. */
  readonly model: OneFsModel;
  /** Shortcut for `onefs.clock`: `clock.advance(ms)` moves session and key expiry forward. */
  readonly clock: SimClock;
  /** Admin credentials the simulated cluster accepts. */
  readonly credentials: OneFsCredentials;
  readonly traffic: Traffic;
  /** OneFS answers that broke the API contract (see ./onefs/contract/monitor). */
  readonly contract: ContractMonitor;
  /** OneFS + DAP handlers, traffic layer first. */
  readonly handlers: RequestHandler[];
  /** msw server with `handlers`; use `server.use(...)` for one-off overrides. */
  readonly server: SetupServer;
  /** Queues a fault (same spec as the control API's `POST /faults`). */
  fault(spec: unknown): Fault;
  /** Same body as the control API's `GET /stats`. */
  stats(): SimulatorStats;
  /** Fresh cluster, secret store, counters and faults; msw overrides removed. */
  reset(): void;
  /** Logs in as the admin through the handlers, as a client would. */
  login(): Promise<TestSession>;
}

/** Builds the in-process simulator without registering test hooks. */
export function setupOneFsSimulator(options: InProcessSimulatorOptions = {}): InProcessSimulator {
  const { baseUrl = 'https://onefs.test:8080', dapUrl = 'https://dap.test', dap: dapOptions, ...onefsOptions } = options;
  const sim = createSimulator({ onefs: onefsOptions, dap: dapOptions ?? {} });
  const handlers = [...sim.onefsHandlers, ...sim.dapHandlers];
  const server = setupServer(...handlers);
  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    dapUrl: dapUrl.replace(/\/$/, ''),
    onefs: sim.onefs,
    dap: sim.dap,
    model: sim.onefs.model,
    clock: sim.onefs.clock,
    credentials: sim.onefs.credentials,
    traffic: sim.traffic,
    contract: sim.contract,
    handlers,
    server,
    fault: (spec) => sim.traffic.faults.add(parseFaultSpec(spec)),
    stats: () => sim.stats(),
    reset() {
      server.resetHandlers();
      sim.reset();
    },
    async login() {
      const origin = new URL(baseUrl).origin;
      const response = await fetch(`${origin}/session/1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: sim.onefs.credentials.username, password: sim.onefs.credentials.password, services: ['platform', 'namespace'] }),
      });
      if (response.status !== 201) throw new Error(`simulator login failed with HTTP ${response.status}`);
      const cookies = response.headers.getSetCookie();
      const pick = (name: string) => cookies.map((c) => new RegExp(`^${name}=([^;]*)`).exec(c)?.[1]).find((v) => v !== undefined) ?? '';
      const cookie = pick('isisessid');
      const csrf = pick('isicsrf');
      return { cookie, csrf, headers: { Cookie: `isisessid=${cookie}`, 'X-CSRF-Token': csrf, Referer: origin } };
    },
  };
}

/** Throws, listing them, when the simulator saw contract violations since the last check. */
export function assertContractKept(contract: ContractMonitor): void {
  const violations = contract.take();
  if (violations.length === 0) return;
  const lines = violations.map((v) => `${v.side} of ${v.method} ${v.path} (${v.status}): ${v.problems.join('; ')}`);
  throw new Error(`the OneFS simulator broke the API contract:\n${lines.join('\n')}`);
}

/**
 * `setupOneFsSimulator` plus vitest hooks: listen before all tests (unhandled requests are errors),
 * after each test fail it on a contract violation and reset, close after all.
 */
export function useOneFsSimulator(options: InProcessSimulatorOptions = {}): InProcessSimulator {
  const sim = setupOneFsSimulator(options);
  beforeAll(() => sim.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    try {
      assertContractKept(sim.contract);
    } finally {
      sim.reset();
    }
  });
  afterAll(() => sim.server.close());
  return sim;
}

/**
 * One simulator instance = a OneFS cluster + a DAP secret store + the shared traffic layer
 * (faults, latency, stats). Both the in-process test helper (`./testing`) and the HTTPS servers
 * (`./server`) are built from this, so they behave identically.
 */
import type { RequestHandler } from 'msw';
import { createDapSimulator, type DapSimulator, type DapSimulatorOptions } from './dap';
import { createOneFsSimulator, type OneFsCounters, type OneFsSimulator, type OneFsSimulatorOptions } from './onefs';
import type { ServiceRequestCounts } from './stats';
import { instrument, Traffic } from './traffic';

/** `GET /stats` body. */
export interface SimulatorStats {
  onefs: ServiceRequestCounts & OneFsCounters;
  dap: ServiceRequestCounts;
  pendingFaults: number;
  latencyMs: number;
}

export interface SimulatorOptions {
  onefs?: OneFsSimulatorOptions;
  dap?: DapSimulatorOptions;
  /** True when each service gets its own origin (HTTPS server): unmatched requests are counted too. */
  ownOrigins?: boolean;
}

export interface Simulator {
  readonly onefs: OneFsSimulator;
  readonly dap: DapSimulator;
  readonly traffic: Traffic;
  /** OneFS handlers behind the traffic layer. */
  readonly onefsHandlers: RequestHandler[];
  /** DAP handlers behind the traffic layer. */
  readonly dapHandlers: RequestHandler[];
  stats(): SimulatorStats;
  /** Resets both services, the counters, the faults and the latency (control API `POST /reset`). */
  reset(): void;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const onefs = createOneFsSimulator(options.onefs);
  const dap = createDapSimulator(options.dap);
  const traffic = new Traffic();
  const ownsOrigin = options.ownOrigins === true;
  return {
    onefs,
    dap,
    traffic,
    onefsHandlers: instrument('onefs', onefs.handlers, traffic, { ownsOrigin, faultResponse: (status) => onefs.faultResponse(status) }),
    dapHandlers: instrument('dap', dap.handlers, traffic, { ownsOrigin, faultResponse: (status) => dap.faultResponse(status) }),
    stats: () => ({
      onefs: { ...traffic.stats.of('onefs'), ...onefs.counters() },
      dap: traffic.stats.of('dap'),
      pendingFaults: traffic.faults.list().length,
      latencyMs: traffic.latencyMs,
    }),
    reset() {
      onefs.reset();
      dap.reset();
      traffic.reset();
    },
  };
}

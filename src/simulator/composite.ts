/**
 * One simulator instance = a OneFS cluster + a DAP secret store + the shared traffic layer
 * (faults, latency, stats). Both the in-process test helper (`./testing`) and the HTTPS servers
 * (`./server`) are built from this, so they behave identically.
 */
import type { RequestHandler } from 'msw';
import { createDapSimulator, type DapSimulator, type DapSimulatorOptions } from './dap';
import { createOneFsSimulator, type OneFsCounters, type OneFsSimulator, type OneFsSimulatorOptions } from './onefs';
import { contractChecked, ContractMonitor, type ContractMode } from './onefs/contract/monitor';
import type { ServiceRequestCounts } from './stats';
import { instrument, Traffic } from './traffic';

/** `GET /stats` body. */
export interface SimulatorStats {
  onefs: ServiceRequestCounts & OneFsCounters & { contractViolations: number };
  dap: ServiceRequestCounts;
  pendingFaults: number;
  latencyMs: number;
}

export interface SimulatorOptions {
  onefs?: OneFsSimulatorOptions;
  dap?: DapSimulatorOptions;
  /** True when each service gets its own origin (HTTPS server): unmatched requests are counted too. */
  ownOrigins?: boolean;
  /** How OneFS answers are held to the API contract. @default - CDKTF_POWERSCALE_SIM_CONTRACT, else "record" */
  contract?: ContractMode;
}

export interface Simulator {
  readonly onefs: OneFsSimulator;
  readonly dap: DapSimulator;
  readonly traffic: Traffic;
  /** The OneFS answers (and our client's requests) that broke the API contract. */
  readonly contract: ContractMonitor;
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
  const contract = new ContractMonitor(options.contract);
  // Traffic first (faults are shaped by tests on purpose), then the contract check, then the routes
  // themselves (reached directly when the check is off).
  const [front, ...routes] = instrument('onefs', onefs.handlers, traffic, { ownsOrigin, faultResponse: (status) => onefs.faultResponse(status) });
  return {
    onefs,
    dap,
    traffic,
    contract,
    onefsHandlers: [...(front ? [front] : []), contractChecked(routes, contract), ...routes],
    dapHandlers: instrument('dap', dap.handlers, traffic, { ownsOrigin, faultResponse: (status) => dap.faultResponse(status) }),
    stats: () => ({
      onefs: { ...traffic.stats.of('onefs'), ...onefs.counters(), contractViolations: contract.list().length },
      dap: traffic.stats.of('dap'),
      pendingFaults: traffic.faults.list().length,
      latencyMs: traffic.latencyMs,
    }),
    reset() {
      onefs.reset();
      dap.reset();
      traffic.reset();
      contract.take();
    },
  };
}

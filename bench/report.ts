/**
 * The bench's report: the JSON shape written to bench-results/ and the table printed from it. The
 * targets of issue 8 are shown next to the figures; they never change the exit code.
 */
import { isFigure, ratio, type Ratio, type Result, type Unavailable } from './summary';
import type { SpawnRow } from './spawn';

export interface LoginsRow {
  command: string;
  expectation: string;
  processes?: number;
  /** CPU ms of each provider process, in start order. */
  cpuMs?: number[];
  logins?: number;
  papiRequests?: number;
  dapRequests?: number;
  unavailable?: string;
}

export interface LatencyReport {
  latencyMs: number;
  n: number;
  /** terraform plan wall time: s3One/s3N with keys in state (refresh), dataOne/dataN the terraform_data baselines. */
  plan: { s3One?: Result; dataOne?: Result; s3N?: Result; dataN?: Result };
  applyN?: Result;
  stats: {
    papiPerRefreshedKey?: Result;
    papiPerRefreshedKeyN1?: Result;
    dapPerRefreshedKey?: Result;
    dapReadsPerRefreshedKey?: Result;
    planLogins?: Result;
    /** CPU ms the simulator spent per refreshed key (it competes with terraform and the provider for the cores). */
    simulatorCpuPerRefreshedKey?: Result;
    applyLogins?: Result;
    applyPapiPerKey?: Result;
    applyDapPerKey?: Result;
    planRoutes?: Record<string, number>;
  };
  logins?: LoginsRow[];
  notes: string[];
  unavailable?: string;
}

export interface RssReport {
  n: number;
  latencyMs: number;
  apply?: { durationMs: number; processes: number; peakRssMb?: number; cpuMs?: number[] };
  plan?: { durationMs: number; processes: number; peakRssMb?: number; cpuMs?: number[]; papiPerKey?: number; logins?: number; simulatorCpuMs?: number };
  unavailable?: string;
}

export interface BenchReport {
  startedAt: string;
  machine: { node: string; terraform: string; cpus: number; cpuModel: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[]; nodeExtraCaCerts: boolean };
  options: Record<string, unknown>;
  spawn: SpawnRow[];
  latencies: LatencyReport[];
  rss?: RssReport;
  simulatorUnavailable?: string;
  durationSeconds: number;
}

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

function cells(r: Result | undefined, digits = 0): string[] {
  if (r === undefined) return ['-', '-', '-', '-'];
  if (!isFigure(r)) return [`unavailable: ${r.unavailable}`];
  return [fmt(r.median, digits), fmt(r.min, digits), fmt(r.max, digits), String(r.runs)];
}

function ratioText(r: Ratio | Unavailable): string {
  return 'unavailable' in r ? `unavailable: ${r.unavailable}` : `${r.median.toFixed(2)}x (mins: ${r.ofMins.toFixed(2)}x)`;
}

/** Left-aligned first column, right-aligned numbers; a row with one cell after the label spans the rest. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length === header.length).map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.length === header.length || r.length > 2
      ? r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
      : `${(r[0] ?? '').padEnd(widths[0] ?? 0)}  ${r[1] ?? ''}`;
  return [line(header), ...rows.map(line)].map((l) => `  ${l.trimEnd()}`).join('\n');
}

function countText(r: Result | undefined, digits = 2): string {
  if (r === undefined) return '-';
  if (!isFigure(r)) return `unavailable: ${r.unavailable}`;
  return r.min === r.max ? fmt(r.median, digits) : `${fmt(r.median, digits)} (${fmt(r.min, digits)}-${fmt(r.max, digits)})`;
}

/** The printed table. */
export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(`cdktf-powerscale bench, ${report.startedAt}`);
  out.push(`node ${m.node}, terraform ${m.terraform}, ${m.cpus} x ${m.cpuModel}; load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd?.join(' ') ?? '-'} at end; ${report.durationSeconds} s`);
  out.push('Wall-clock milliseconds: median, min, max over the runs. A busy machine moves medians; the mins are the steadier figure.');
  out.push('');

  // 1. spawn
  out.push('1. Spawn -> handshake line (Terraform\'s environment; rounds interleaved; cpu = CPU ms of all threads until the line)');
  if (report.spawn.length === 0) out.push('  skipped');
  else {
    out.push(table(['variant', 'median', 'min', 'max', 'runs', 'cpu median'], report.spawn.map((r) => [r.label, ...cells(r.wall), ...(isFigure(r.wall) ? [isFigure(r.cpu) ? fmt(r.cpu.median) : '-'] : [])])));
    const byLabel = (label: string) => report.spawn.find((r) => r.label === label)?.wall;
    const node0 = byLabel('node -e 0 (spawn → exit)');
    const bare = byLabel('bare node (spawn → first line)');
    const bin = byLabel('provider: bin/terraform-provider-powerscale');
    const installed = byLabel('provider: node dist/provider.cjs (installed launcher)');
    out.push(`  ratio bin/terraform-provider-powerscale / node -e 0: ${ratioText(ratio(bin, node0))}   (target: within 1.5x)`);
    out.push(`  ratio node dist/provider.cjs / node -e 0:           ${ratioText(ratio(installed, node0))}`);
    out.push(`  ratio bin/terraform-provider-powerscale / bare node to first line: ${ratioText(ratio(bin, bare))}`);
    const n0 = byLabel('node -e 0 (spawn → exit), without NODE_EXTRA_CA_CERTS');
    const b0 = byLabel('provider: bin/terraform-provider-powerscale, without NODE_EXTRA_CA_CERTS');
    if (n0) out.push(`  without NODE_EXTRA_CA_CERTS: bin / node -e 0: ${ratioText(ratio(b0, n0))}`);
  }
  out.push('');

  // 2-4 per latency
  if (report.simulatorUnavailable) out.push(`Terraform figures unavailable: ${report.simulatorUnavailable}`, '');
  for (const l of report.latencies) {
    out.push(`2. terraform plan with N objects in state (refresh), simulator latency ${l.latencyMs} ms per request`);
    if (l.unavailable) {
      out.push(`  unavailable: ${l.unavailable}`, '');
      continue;
    }
    out.push(
      table(
        ['configuration', 'median', 'min', 'max', 'runs'],
        [
          ['N = 1     powerscale_s3_key', ...cells(l.plan.s3One)],
          ['N = 1     terraform_data', ...cells(l.plan.dataOne)],
          [`N = ${l.n}${' '.repeat(Math.max(0, 6 - String(l.n).length))}powerscale_s3_key`, ...cells(l.plan.s3N)],
          [`N = ${l.n}${' '.repeat(Math.max(0, 6 - String(l.n).length))}terraform_data`, ...cells(l.plan.dataN)],
        ],
      ),
    );
    out.push(`  ratio s3_key / terraform_data, N = 1:   ${ratioText(ratio(l.plan.s3One, l.plan.dataOne))}`);
    out.push(`  ratio s3_key / terraform_data, N = ${l.n}: ${ratioText(ratio(l.plan.s3N, l.plan.dataN))}   (target: within 2.5x at N = 200)`);
    out.push('');
    out.push(`3. terraform apply creating ${l.n} powerscale_s3_key (default parallelism 10), latency ${l.latencyMs} ms`);
    out.push(table(['command', 'median', 'min', 'max', 'runs'], [[`apply, ${l.n} creates`, ...cells(l.applyN)]]));
    out.push('');
    out.push(`4. Simulator /stats, latency ${l.latencyMs} ms (median over runs, min-max when they differ)`);
    out.push(
      table(
        ['figure', 'value', 'target'],
        [
          [`PAPI requests per refreshed key (plan, N = ${l.n})`, countText(l.stats.papiPerRefreshedKey), '1'],
          ['PAPI requests per refreshed key (plan, N = 1)', countText(l.stats.papiPerRefreshedKeyN1), '1'],
          [`secret-store requests per refreshed key (plan, N = ${l.n})`, countText(l.stats.dapPerRefreshedKey), '<= 1'],
          ['  of which reads', countText(l.stats.dapReadsPerRefreshedKey), '<= 1'],
          ['logins per terraform plan (3 processes, 1 refreshes)', countText(l.stats.planLogins), '1'],
          [`logins per terraform apply creating ${l.n} (4 processes, 1 applies)`, countText(l.stats.applyLogins), '1'],
          [`simulator CPU ms per refreshed key (plan, N = ${l.n})`, countText(l.stats.simulatorCpuPerRefreshedKey), '-'],
          ['PAPI requests per created key (apply)', countText(l.stats.applyPapiPerKey), '-'],
          ['secret-store requests per created key (apply)', countText(l.stats.applyDapPerKey), '-'],
        ],
      ),
    );
    if (l.logins) {
      out.push('  logins by command (every provider process counted by an exit hook):');
      out.push(
        table(
          ['command', 'processes', 'CPU ms each', 'logins', 'PAPI', 'DAP', 'expected'],
          l.logins.map((r) =>
            r.unavailable ? [r.command, `unavailable: ${r.unavailable}`] : [r.command, String(r.processes), r.cpuMs?.join(' / ') ?? '-', String(r.logins), String(r.papiRequests), String(r.dapRequests), r.expectation],
          ),
        ),
      );
    }
    if (l.stats.planRoutes) out.push(`  routes seen in one refresh plan: ${Object.entries(l.stats.planRoutes).map(([k, v]) => `${k} x${v}`).join(', ')}`);
    for (const note of [...new Set(l.notes)]) out.push(`  note: ${note}`);
    out.push('');
  }

  // 5. RSS
  const r = report.rss;
  if (r) {
    out.push(`5. Peak RSS of the provider processes at N = ${r.n} (latency ${r.latencyMs} ms; max over the command's processes)`);
    if (r.unavailable) out.push(`  unavailable: ${r.unavailable}`);
    out.push(
      table(
        ['command', 'wall ms', 'processes', 'CPU ms each', 'peak RSS MB', 'target'],
        [
          [`apply creating ${r.n}`, fmt(r.apply?.durationMs), fmt(r.apply?.processes), r.apply?.cpuMs?.join(' / ') ?? '-', fmt(r.apply?.peakRssMb, 1), '< 120'],
          [`plan refreshing ${r.n}`, fmt(r.plan?.durationMs), fmt(r.plan?.processes), r.plan?.cpuMs?.join(' / ') ?? '-', fmt(r.plan?.peakRssMb, 1), '< 120'],
        ],
      ),
    );
    const planCpu = r.plan?.cpuMs ?? [];
    if (planCpu.length > 1) {
      const perKey = (Math.max(...planCpu) - Math.min(...planCpu)) / r.n;
      out.push(`  provider CPU per refreshed key (refresh process minus the lightest process, / N): ${fmt(perKey, 2)} ms`);
      if (r.plan?.simulatorCpuMs !== undefined) out.push(`  simulator CPU per refreshed key (same plan): ${fmt(r.plan.simulatorCpuMs / r.n, 2)} ms`);
    }
    if (r.plan?.papiPerKey !== undefined) out.push(`  PAPI requests per refreshed key at N = ${r.n}: ${fmt(r.plan.papiPerKey, 2)}; logins: ${fmt(r.plan.logins)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/**
 * The bench's report: the JSON shape written to bench-results/ and the table printed from it. The
 * targets (issue 20's, which replaced issue 8's) are shown next to the figures, and the last section
 * puts every row of issue 20's table side by side; they never change the exit code.
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
  /**
   * terraform plan wall time: s3One/s3N with keys in state (refresh), dataOne/dataN the terraform_data
   * baselines, s3OneNoRefresh/s3NNoRefresh the same keys with `-refresh=false` (three provider
   * processes, no HTTP: what a refresh that cost nothing would leave; first latency only).
   */
  plan: { s3One?: Result; dataOne?: Result; s3N?: Result; dataN?: Result; s3OneNoRefresh?: Result; s3NNoRefresh?: Result };
  applyN?: Result;
  stats: {
    papiPerRefreshedKey?: Result;
    papiPerRefreshedKeyN1?: Result;
    dapPerRefreshedKey?: Result;
    dapReadsPerRefreshedKey?: Result;
    planLogins?: Result;
    /** `GET /platform/latest` per plan: once per session, so not in the per-key PAPI counts. */
    planVersionReads?: Result;
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
  /** `terraformCpuMs`: terraform's own CPU (its process tree minus the provider processes). */
  apply?: { durationMs: number; processes: number; peakRssMb?: number; cpuMs?: number[]; terraformCpuMs?: number; simulatorCpuMs?: number };
  plan?: { durationMs: number; processes: number; peakRssMb?: number; cpuMs?: number[]; papiPerKey?: number; logins?: number; simulatorCpuMs?: number; terraformCpuMs?: number };
  /** The same apply and plan of N `terraform_data` (wall and terraform's CPU, ms). */
  data?: { applyMs: number; applyCpuMs?: number; planMs: number; planCpuMs?: number };
  unavailable?: string;
}

/** The tenant mix (bench/mix.ts): one of each registered tenant-facing type per tenant. */
export interface MixReport {
  tenants: number;
  latencyMs: number;
  /** The mix's types the provider registers (they take part) and those it does not (yet). */
  types: string[];
  missingTypes: string[];
  resources: number;
  apply?: { durationMs: number; processes: number; peakRssMb?: number; cpuMs?: number[] };
  plan?: Result;
  /** Plans of as many `terraform_data` as the mix has resources, interleaved. */
  dataPlan?: Result;
  planPeakRssMb?: number;
  note?: string;
  unavailable?: string;
}

export interface BenchReport {
  startedAt: string;
  machine: { node: string; terraform: string; cpus: number; cpuModel: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[]; nodeExtraCaCerts: boolean };
  options: Record<string, unknown>;
  spawn: SpawnRow[];
  latencies: LatencyReport[];
  rss?: RssReport;
  /** The same at N = --big-n (5,000): does the plan stay linear and the RSS flat? */
  rssBig?: RssReport;
  mix?: MixReport;
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

/** True when the latency's plans were also timed with `-refresh=false` (the first latency only). */
function hasNoRefresh(l: LatencyReport): boolean {
  return l.plan.s3OneNoRefresh !== undefined || l.plan.s3NNoRefresh !== undefined;
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
    const launched = byLabel('provider: installed package, its sh launcher');
    if (launched) out.push(`  ratio installed package's sh launcher / node -e 0:  ${ratioText(ratio(launched, node0))}`);
    const uncached = byLabel('provider: bin/..., code cache off');
    if (uncached) out.push(`  ratio bin, code cache off / node -e 0:             ${ratioText(ratio(uncached, node0))}`);
    const uncached0 = byLabel('provider: bin/..., code cache off, without NODE_EXTRA_CA_CERTS');
    if (uncached0) out.push(`  without NODE_EXTRA_CA_CERTS: bin, code cache off / node -e 0: ${ratioText(ratio(uncached0, byLabel('node -e 0 (spawn → exit), without NODE_EXTRA_CA_CERTS')))}`);
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
          ...(hasNoRefresh(l)
            ? [
                ['N = 1     powerscale_s3_key, -refresh=false', ...cells(l.plan.s3OneNoRefresh)],
                [`N = ${l.n}${' '.repeat(Math.max(0, 6 - String(l.n).length))}powerscale_s3_key, -refresh=false`, ...cells(l.plan.s3NNoRefresh)],
              ]
            : []),
        ],
      ),
    );
    out.push(`  ratio s3_key / terraform_data, N = 1:   ${ratioText(ratio(l.plan.s3One, l.plan.dataOne))}`);
    out.push(`  ratio s3_key / terraform_data, N = ${l.n}: ${ratioText(ratio(l.plan.s3N, l.plan.dataN))}   (issue 20's target: within 4x at N = 200)`);
    if (hasNoRefresh(l)) {
      out.push(`  without the refresh (-refresh=false: no HTTP, the floor a free refresh would leave), N = 1: ${ratioText(ratio(l.plan.s3OneNoRefresh, l.plan.dataOne))}; N = ${l.n}: ${ratioText(ratio(l.plan.s3NNoRefresh, l.plan.dataN))}`);
    }
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
          ['API version reads per terraform plan (GET /platform/latest, once per session)', countText(l.stats.planVersionReads), '1'],
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

  // 5. RSS, at N = --rss-n and N = --big-n
  for (const [r, label] of [
    [report.rss, '5.'],
    [report.rssBig, '6.'],
  ] as const) {
    if (r) out.push(...formatRss(r, label), '');
  }

  // 6b. the tenant mix
  const mix = report.mix;
  if (mix) {
    out.push(`6b. ${mix.tenants}-tenant mix (latency ${mix.latencyMs} ms): ${mix.types.length ? mix.types.join(' + ') : 'no type'} per tenant, the types the provider registers${mix.missingTypes.length ? `; not registered yet: ${mix.missingTypes.join(', ')}` : ''}`);
    if (mix.unavailable) out.push(`  unavailable: ${mix.unavailable}`);
    else {
      out.push(table(['command', 'median', 'min', 'max', 'runs'], [[`plan, ${mix.resources} resources`, ...cells(mix.plan ?? { unavailable: 'not run' })], [`plan, ${mix.resources} terraform_data`, ...cells(mix.dataPlan ?? { unavailable: 'not run' })]]));
      if (mix.apply) out.push(`  apply creating them: ${fmt(mix.apply.durationMs)} ms, ${mix.apply.processes} processes (CPU ms ${mix.apply.cpuMs?.join(' / ') ?? '-'}), peak RSS ${fmt(mix.apply.peakRssMb, 1)} MB`);
      out.push(`  ${mixText(mix)}`);
      if (mix.note) out.push(`  note: ${mix.note}`);
    }
    out.push('');
  }

  out.push(...formatTargets(report), '');
  return `${out.join('\n')}\n`;
}

function formatRss(r: RssReport, label: string): string[] {
  const out: string[] = [];
  out.push(`${label} Peak RSS of the provider processes at N = ${r.n} (latency ${r.latencyMs} ms; max over the command's processes)`);
  if (r.unavailable) out.push(`  unavailable: ${r.unavailable}`);
  out.push(
    table(
      ['command', 'wall ms', 'processes', 'CPU ms each', 'peak RSS MB', 'target'],
      [
        [`apply creating ${r.n}`, fmt(r.apply?.durationMs), fmt(r.apply?.processes), r.apply?.cpuMs?.join(' / ') ?? '-', fmt(r.apply?.peakRssMb, 1), RSS_TARGET(r.n)],
        [`plan refreshing ${r.n}`, fmt(r.plan?.durationMs), fmt(r.plan?.processes), r.plan?.cpuMs?.join(' / ') ?? '-', fmt(r.plan?.peakRssMb, 1), RSS_TARGET(r.n)],
      ],
    ),
  );
  const cpu = (label: string, c: { terraformCpuMs?: number; simulatorCpuMs?: number } | undefined) =>
    c ? [`  ${label}: terraform's own CPU ${fmt(c.terraformCpuMs)} ms, simulator CPU ${fmt(c.simulatorCpuMs)} ms`] : [];
  out.push(...cpu('apply', r.apply), ...cpu('plan', r.plan));
  if (r.data) out.push(`  ${r.n} terraform_data: apply ${fmt(r.data.applyMs)} ms (terraform CPU ${fmt(r.data.applyCpuMs)} ms), plan ${fmt(r.data.planMs)} ms (CPU ${fmt(r.data.planCpuMs)} ms)`);
  const perKey = cpuPerRefreshedKey(r);
  if (perKey !== undefined) {
    out.push(`  provider CPU per refreshed key (refresh process minus the lightest process, / N): ${fmt(perKey, 2)} ms`);
    if (r.plan?.simulatorCpuMs !== undefined) out.push(`  simulator CPU per refreshed key (same plan): ${fmt(r.plan.simulatorCpuMs / r.n, 2)} ms`);
  }
  if (r.plan?.papiPerKey !== undefined) out.push(`  PAPI requests per refreshed key at N = ${r.n}: ${fmt(r.plan.papiPerKey, 2)}; logins: ${fmt(r.plan.logins)}`);
  return out;
}

/** Issue 20's RSS targets: under 100 MB at N = 1,000, under 150 MB at N = 5,000. */
function RSS_TARGET(n: number): string {
  return n >= 5000 ? '< 150' : '< 100';
}

function cpuPerRefreshedKey(r: RssReport | undefined): number | undefined {
  const planCpu = r?.plan?.cpuMs ?? [];
  return r && planCpu.length > 1 ? (Math.max(...planCpu) - Math.min(...planCpu)) / r.n : undefined;
}

function ratioCell(a: Result | undefined, b: Result | undefined): string {
  const why = (r: Result | undefined) => (r === undefined || isFigure(r) ? 'not run' : r.unavailable);
  if (!isFigure(a)) return `unavailable: ${why(a)}`;
  if (!isFigure(b)) return `unavailable: ${why(b)}`;
  return `${fmt(a.median)} / ${fmt(b.median)} ms = ${ratioText(ratio(a, b))}`;
}

/** Every row of issue 20's table, from the sections above. */
function formatTargets(report: BenchReport): string[] {
  const spawn = (label: string) => report.spawn.find((r) => r.label === label)?.wall;
  const withCa = report.machine.nodeExtraCaCerts;
  const noCa = (label: string) => spawn(withCa ? `${label}, without NODE_EXTRA_CA_CERTS` : label);
  const l = report.latencies.find((x) => !x.unavailable);
  const rows: string[][] = [
    ['spawn → handshake, bin / node -e 0, without NODE_EXTRA_CA_CERTS', ratioCell(noCa('provider: bin/terraform-provider-powerscale'), noCa('node -e 0 (spawn → exit)')), '<= 1.5x'],
    ['same, with the machine\'s NODE_EXTRA_CA_CERTS', withCa ? ratioCell(spawn('provider: bin/terraform-provider-powerscale'), spawn('node -e 0 (spawn → exit)')) : 'not set on this machine', '<= 1.15x'],
    [`terraform plan, N = 1 key / 1 terraform_data${l ? ` (${l.latencyMs} ms latency)` : ''}`, l ? ratioCell(l.plan.s3One, l.plan.dataOne) : 'not run', '<= 8x'],
    [`terraform plan, N = ${l?.n ?? '-'} keys / ${l?.n ?? '-'} terraform_data`, l ? ratioCell(l.plan.s3N, l.plan.dataN) : 'not run', '<= 4x'],
    ['  the same keys with -refresh=false (no HTTP: the floor of a free refresh)', l && hasNoRefresh(l) ? `N = 1: ${ratioCell(l.plan.s3OneNoRefresh, l.plan.dataOne)}; N = ${l.n}: ${ratioCell(l.plan.s3NNoRefresh, l.plan.dataN)}` : 'not run', '-'],
    [`provider CPU per refreshed key (refresh process, N = ${report.rss?.n ?? '-'})`, cpuPerRefreshedKey(report.rss) === undefined ? 'not run' : `${fmt(cpuPerRefreshedKey(report.rss), 2)} ms`, '<= 1.5 ms'],
    [`peak RSS of a provider process, N = ${report.rss?.n ?? '-'}`, report.rss?.plan || report.rss?.apply ? `${fmt(Math.max(report.rss.plan?.peakRssMb ?? 0, report.rss.apply?.peakRssMb ?? 0), 1)} MB` : 'not run', '< 100 MB'],
    [`plan and RSS at N = ${report.rssBig?.n ?? '-'}`, bigText(report.rss, report.rssBig), 'linear time, RSS < 150 MB'],
    [`${report.mix?.tenants ?? '-'}-tenant mix (${report.mix?.types.length ? report.mix.types.join(' + ') : 'not run'}), plan / as many terraform_data`, mixText(report.mix), '-'],
  ];
  return ['Issue 20\'s figures side by side (medians; ratios also of the mins)', table(['figure', 'now', 'target'], rows)];
}

/**
 * Plan wall time per key at the big N against the RSS section's N (1.00 = linear), and the big N's
 * peak RSS. Terraform's own plan of as many `terraform_data` grows too (on a fast machine more than
 * ours, round 8), so its ratio and the provider's refresh CPU per key at both N stand beside it:
 * the row says whose time grew.
 */
export function bigText(small: RssReport | undefined, big: RssReport | undefined): string {
  if (!big?.plan) return big?.unavailable ? `unavailable: ${big.unavailable}` : 'not run';
  const peak = Math.max(big.plan.peakRssMb ?? 0, big.apply?.peakRssMb ?? 0);
  const perKey = big.plan.durationMs / big.n;
  const parts = [`plan ${fmt(big.plan.durationMs)} ms`];
  if (small?.plan) {
    const smallPerKey = small.plan.durationMs / small.n;
    parts.push(`per key ${fmt(perKey, 2)} ms vs ${fmt(smallPerKey, 2)} ms at N = ${small.n} (${(perKey / smallPerKey).toFixed(2)}x)`);
    if (small.data && big.data) parts.push(`terraform_data per resource ${fmt(big.data.planMs / big.n, 2)} vs ${fmt(small.data.planMs / small.n, 2)} ms (${(big.data.planMs / big.n / (small.data.planMs / small.n)).toFixed(2)}x)`);
    const cpuBig = cpuPerRefreshedKey(big);
    const cpuSmall = cpuPerRefreshedKey(small);
    if (cpuBig !== undefined && cpuSmall !== undefined) parts.push(`provider CPU per refreshed key ${fmt(cpuBig, 2)} vs ${fmt(cpuSmall, 2)} ms (${(cpuBig / cpuSmall).toFixed(2)}x)`);
  }
  parts.push(`peak RSS ${fmt(peak, 1)} MB`);
  return parts.join('; ');
}

/** The tenant mix's plan against as many `terraform_data`, its peak RSS, and the types not yet in the provider. */
export function mixText(mix: MixReport | undefined): string {
  if (!mix) return 'not run';
  if (mix.unavailable) return `unavailable: ${mix.unavailable}`;
  const missing = mix.missingTypes.length ? `; not registered yet: ${mix.missingTypes.join(', ')}` : '';
  return `${ratioCell(mix.plan, mix.dataPlan)} (${mix.resources} resources); peak RSS ${fmt(mix.planPeakRssMb, 1)} MB${missing}`;
}

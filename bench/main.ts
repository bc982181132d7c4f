/**
 * `npm run bench`: how fast the provider starts and what a refresh costs, side by side with bare
 * `node` and with Terraform's built-in `terraform_data`. Prints a table and writes the same figures
 * as JSON to bench-results/. A measurement, not a test: it never fails on a time, and a figure it
 * cannot take is printed as "unavailable: <reason>".
 *
 * Usage: tsx bench/main.ts [--quick] [--n 200] [--rss-n 1000] [--big-n 5000] [--tenants 50] [--latency 2,20] [--rounds 15]
 *        [--runs 5] [--apply-runs 3] [--skip spawn,terraform,rss,big,mix] [--budget-minutes 25] [--out FILE]
 * (`npm run build` first: the bench runs bin/terraform-provider-powerscale and dist/.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installProvider, terraformPlatform } from '../src/cli/install-provider';
import { startSimulator, type StartedSimulator } from '../test/helpers/simulator';
import { REPO_ROOT } from '../test/helpers/terraform';
import { formatReport, type BenchReport, type LatencyReport, type LoginsRow, type MixReport, type RssReport } from './report';
import { makeClientCertificate, measureSpawn, pluginEnvironment, standardVariants } from './spawn';
import { isFigure, reason, summarize, type Result } from './summary';
import { mixConfig, mixTypes, registeredResourceTypes, tenantNames } from './mix';
import { peakRssKb } from './peak-rss';
import { addUsers, commandTimeoutFor, createTerraformWorkspace, preparedWorkspace, s3KeysConfig, terraformDataConfig, timedTerraform, userNames, writeMainTf, type ProviderProcess, type StatsDelta, type TerraformWorkspace, type TimedCommand } from './terraform-runs';

interface Options {
  n: number;
  rssN: number;
  bigN: number;
  tenants: number;
  latencies: number[];
  rounds: number;
  runs: number;
  applyRuns: number;
  skip: Set<string>;
  budgetMs: number;
  out: string | undefined;
  quick: boolean;
}

function positiveInt(value: string | undefined, fallback: number, flag: string, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${flag} must be a whole number from 1 to ${max}`);
  return n;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      n: { type: 'string' },
      'rss-n': { type: 'string' },
      'big-n': { type: 'string' },
      tenants: { type: 'string' },
      latency: { type: 'string' },
      rounds: { type: 'string' },
      runs: { type: 'string' },
      'apply-runs': { type: 'string' },
      skip: { type: 'string' },
      'budget-minutes': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: tsx bench/main.ts [--quick] [--n 200] [--rss-n 1000] [--big-n 5000] [--tenants 50] [--latency 2,20] [--rounds 15] [--runs 5] [--apply-runs 3] [--skip spawn,terraform,rss,big,mix] [--budget-minutes 25] [--out FILE]\n',
    );
    process.exit(0);
  }
  const quick = values.quick === true;
  const latencies = (values.latency ?? (quick ? '2' : '2,20')).split(',').map((s) => Number(s.trim()));
  if (latencies.some((l) => !Number.isInteger(l) || l < 0 || l > 1000) || latencies.length > 4) throw new Error('--latency is up to 4 comma-separated whole milliseconds (0-1000)');
  // --quick leaves out the N = 5,000 section (several minutes) unless --big-n asks for it.
  const skip = new Set((values.skip ?? (quick && values['big-n'] === undefined ? 'big' : '')).split(',').map((s) => s.trim()).filter((s) => s !== ''));
  for (const s of skip) if (!['spawn', 'terraform', 'rss', 'big', 'mix'].includes(s)) throw new Error(`--skip: unknown section "${s}" (spawn, terraform, rss, big, mix)`);
  return {
    quick,
    n: positiveInt(values.n, 200, '--n', 2000),
    rssN: positiveInt(values['rss-n'], 1000, '--rss-n', 5000),
    bigN: positiveInt(values['big-n'], 5000, '--big-n', 20000),
    tenants: positiveInt(values.tenants, quick ? 10 : 50, '--tenants', 500),
    latencies,
    rounds: positiveInt(values.rounds, quick ? 8 : 15, '--rounds', 200),
    runs: positiveInt(values.runs, quick ? 3 : 5, '--runs', 50),
    applyRuns: positiveInt(values['apply-runs'], quick ? 1 : 3, '--apply-runs', 10),
    skip,
    budgetMs: positiveInt(values['budget-minutes'], quick ? 6 : 25, '--budget-minutes', 120) * 60_000,
    out: values.out,
  };
}

const started = performance.now();
function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

function terraformVersion(): string {
  try {
    const out = execFileSync('terraform', ['version', '-json'], { env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' }, encoding: 'utf8', timeout: 20_000 });
    return (JSON.parse(out) as { terraform_version?: string }).terraform_version ?? 'unknown';
  } catch (err) {
    return `unavailable: ${reason(err)}`;
  }
}

/** Median of one StatsDelta field divided by `per`. */
function perUnit(deltas: StatsDelta[], pick: (d: StatsDelta) => number, per: number): Result {
  return summarize(
    deltas.map((d) => pick(d) / per),
    'count',
  );
}

class Budget {
  constructor(private readonly limitMs: number) {}
  check(what: string): void {
    if (performance.now() - started > this.limitMs) throw new Error(`time budget (${Math.round(this.limitMs / 60000)} min) used up before ${what}; raise --budget-minutes`);
  }
}

async function latencySection(sim: StartedSimulator, o: Options, latencyMs: number, budget: Budget, baselines: Map<number, Result>): Promise<LatencyReport> {
  const report: LatencyReport = { latencyMs, n: o.n, plan: {}, stats: {}, notes: [] };
  const workspaces: TerraformWorkspace[] = [];
  try {
    await sim.control.setLatency(latencyMs);
    const info = sim.info;

    // 3. apply creating N keys: fresh users per run, so no destroy is needed between runs.
    const applyTimes: number[] = [];
    const applyStats: StatsDelta[] = [];
    let stateN: TerraformWorkspace | undefined;
    try {
      for (let r = 0; r < o.applyRuns; r++) {
        budget.check(`apply run ${r + 1}`);
        const prefix = `l${latencyMs}a${r}u`;
        await addUsers(sim, userNames(prefix, o.n));
        progress(`latency ${latencyMs} ms: apply creating ${o.n} keys (run ${r + 1}/${o.applyRuns})`);
        const ws = createTerraformWorkspace();
        workspaces.push(ws);
        writeMainTf(ws, s3KeysConfig(info, prefix, o.n));
        const run = await timedTerraform(ws, ['apply', '-auto-approve', '-input=false'], { sim });
        applyTimes.push(run.durationMs);
        if (run.stats) applyStats.push(run.stats);
        stateN = ws;
      }
      report.applyN = summarize(applyTimes);
      report.stats.applyLogins = perUnit(applyStats, (d) => d.logins, 1);
      report.stats.applyPapiPerKey = perUnit(applyStats, (d) => d.papiRequests, o.n);
      report.stats.applyDapPerKey = perUnit(applyStats, (d) => d.dapRequests, o.n);
    } catch (err) {
      report.applyN = { unavailable: reason(err) };
      report.notes.push(`powerscale_s3_key apply failed: ${reason(err)}`);
    }

    // 1 key in state, for the N = 1 plan.
    let state1: TerraformWorkspace | undefined;
    if (stateN) {
      try {
        const prefix = `l${latencyMs}one`;
        await addUsers(sim, userNames(prefix, 1));
        state1 = await preparedWorkspace(s3KeysConfig(info, prefix, 1), sim);
        workspaces.push(state1);
      } catch (err) {
        report.notes.push(`N = 1 setup failed: ${reason(err)}`);
      }
    }
    const data1 = await preparedWorkspace(terraformDataConfig(1));
    const dataN = await preparedWorkspace(terraformDataConfig(o.n));
    workspaces.push(data1, dataN);

    // 2. plan (refresh) with N in state, interleaved with terraform_data of the same N.
    const times = { s3One: [] as number[], s3N: [] as number[], dataOne: [] as number[], dataN: [] as number[], s3OneNoRefresh: [] as number[], s3NNoRefresh: [] as number[] };
    // -refresh=false sends no request, so the latency does not matter: the first one only.
    const noRefresh = latencyMs === o.latencies[0];
    const planStatsN: StatsDelta[] = [];
    const planStats1: StatsDelta[] = [];
    const failures = new Map<string, string>();
    const plan = async (key: keyof typeof times, ws: TerraformWorkspace | undefined, stats?: StatsDelta[], extra: string[] = []) => {
      if (!ws || failures.has(key)) return;
      try {
        const run = await timedTerraform(ws, ['plan', ...extra, '-detailed-exitcode', '-input=false', '-lock=false'], { sim, okCodes: [0, 2] });
        if (run.result.code === 2) report.notes.push(`${key}: the plan shows changes (expected none after apply)`);
        times[key].push(run.durationMs);
        if (stats && run.stats) stats.push(run.stats);
      } catch (err) {
        failures.set(key, reason(err));
      }
    };
    for (let r = 0; r < o.runs; r++) {
      budget.check(`plan round ${r + 1}`);
      progress(`latency ${latencyMs} ms: plan round ${r + 1}/${o.runs} (N = 1 and N = ${o.n}, powerscale_s3_key and terraform_data)`);
      await plan('s3One', state1, planStats1);
      await plan('dataOne', data1);
      await plan('s3N', stateN, planStatsN);
      await plan('dataN', dataN);
      if (noRefresh) {
        await plan('s3OneNoRefresh', state1, undefined, ['-refresh=false']);
        await plan('s3NNoRefresh', stateN, undefined, ['-refresh=false']);
      }
    }
    const pick = (key: keyof typeof times, missing: string): Result => (failures.has(key) ? { unavailable: failures.get(key) ?? '' } : times[key].length ? summarize(times[key]) : { unavailable: missing });
    const s3Missing = `no powerscale_s3_key state: ${report.applyN && !isFigure(report.applyN) ? report.applyN.unavailable : 'setup failed'}`;
    report.plan = { s3One: pick('s3One', s3Missing), dataOne: pick('dataOne', 'not run'), s3N: pick('s3N', s3Missing), dataN: pick('dataN', 'not run') };
    if (noRefresh) Object.assign(report.plan, { s3OneNoRefresh: pick('s3OneNoRefresh', s3Missing), s3NNoRefresh: pick('s3NNoRefresh', s3Missing) });
    baselines.set(latencyMs, report.plan.dataN ?? { unavailable: 'not run' });

    // 4. /stats per refreshed key, and logins per kind of process.
    if (planStatsN.length) {
      report.stats.papiPerRefreshedKey = perUnit(planStatsN, (d) => d.papiRequests, o.n);
      report.stats.dapPerRefreshedKey = perUnit(planStatsN, (d) => d.dapRequests, o.n);
      report.stats.dapReadsPerRefreshedKey = perUnit(planStatsN, (d) => d.dapReads, o.n);
      report.stats.planLogins = perUnit(planStatsN, (d) => d.logins, 1);
      report.stats.planVersionReads = perUnit(planStatsN, (d) => d.versionReads, 1);
      report.stats.simulatorCpuPerRefreshedKey = perUnit(planStatsN, (d) => d.simulatorCpuMs, o.n);
      report.stats.planRoutes = planStatsN[planStatsN.length - 1]?.routes;
    }
    if (planStats1.length) report.stats.papiPerRefreshedKeyN1 = perUnit(planStats1, (d) => d.papiRequests, 1);
    if (stateN && latencyMs === o.latencies[0]) report.logins = await loginsByPhase(sim, stateN, budget);
  } finally {
    for (const ws of workspaces) ws.cleanup();
  }
  return report;
}

/** Logins per terraform command, with the number of provider processes each started. */
async function loginsByPhase(sim: StartedSimulator, ws: TerraformWorkspace, budget: Budget): Promise<LoginsRow[]> {
  const rows: LoginsRow[] = [];
  const commands: [string, string[], string][] = [
    ['terraform validate', ['validate'], 'schema + validate processes: none needs the cluster'],
    ['terraform plan -refresh=false', ['plan', '-refresh=false', '-input=false', '-lock=false'], 'schema, validate, plan: none needs the cluster'],
    ['terraform plan', ['plan', '-input=false', '-lock=false'], 'only the third process (refresh) needs the cluster'],
  ];
  for (const [label, args, expectation] of commands) {
    try {
      budget.check(label);
      const run = await timedTerraform(ws, args, { sim, recordProcesses: true });
      rows.push({ command: label, processes: run.processes?.length ?? 0, cpuMs: cpuByStart(run.processes), logins: run.stats?.logins ?? 0, papiRequests: run.stats?.papiRequests ?? 0, dapRequests: run.stats?.dapRequests ?? 0, expectation });
    } catch (err) {
      rows.push({ command: label, unavailable: reason(err), expectation });
    }
  }
  return rows;
}

/** CPU ms of terraform itself: the command's process tree minus the provider processes the hook saw. */
function terraformOwnCpuMs(run: TimedCommand): number | undefined {
  const providers = (run.processes ?? []).reduce((sum, p) => sum + p.cpuMs, 0);
  const own = run.terraformTreeCpuMs - providers;
  return Number.isFinite(own) ? Math.round(own) : undefined;
}

/**
 * Apply creating `n` keys, then a plan refreshing them, with every provider process's CPU and peak
 * RSS, terraform's own CPU and the simulator's; then the same apply and plan of `n`
 * `terraform_data` (Terraform's own floor at that N: no provider process at all).
 */
async function rssSection(sim: StartedSimulator, o: Options, n: number, prefix: string, budget: Budget): Promise<RssReport> {
  const report: RssReport = { n, latencyMs: o.latencies[0] ?? 0 };
  const workspaces: TerraformWorkspace[] = [];
  const timeoutMs = commandTimeoutFor(n);
  try {
    budget.check(`the RSS section at N = ${n}`);
    await sim.control.setLatency(report.latencyMs);
    await addUsers(sim, userNames(prefix, n));
    const ws = createTerraformWorkspace();
    workspaces.push(ws);
    writeMainTf(ws, s3KeysConfig(sim.info, prefix, n));
    progress(`RSS: apply creating ${n} keys`);
    const apply = await timedTerraform(ws, ['apply', '-auto-approve', '-input=false'], { sim, recordProcesses: true, timeoutMs });
    report.apply = {
      durationMs: Math.round(apply.durationMs),
      processes: apply.processes?.length ?? 0,
      peakRssMb: peakMb(apply.processes),
      cpuMs: cpuByStart(apply.processes),
      terraformCpuMs: terraformOwnCpuMs(apply),
      simulatorCpuMs: apply.stats?.simulatorCpuMs,
    };
    budget.check('the RSS plan');
    progress(`RSS: plan refreshing ${n} keys`);
    const plan = await timedTerraform(ws, ['plan', '-input=false', '-lock=false'], { sim, recordProcesses: true, timeoutMs });
    report.plan = {
      simulatorCpuMs: plan.stats?.simulatorCpuMs,
      terraformCpuMs: terraformOwnCpuMs(plan),
      durationMs: Math.round(plan.durationMs),
      processes: plan.processes?.length ?? 0,
      peakRssMb: peakMb(plan.processes),
      cpuMs: cpuByStart(plan.processes),
      papiPerKey: plan.stats ? plan.stats.papiRequests / n : undefined,
      logins: plan.stats?.logins,
    };
    budget.check(`terraform_data at N = ${n}`);
    progress(`RSS: apply and plan of ${n} terraform_data`);
    const data = createTerraformWorkspace();
    workspaces.push(data);
    writeMainTf(data, terraformDataConfig(n));
    const dataApply = await timedTerraform(data, ['apply', '-auto-approve', '-input=false'], { timeoutMs });
    const dataPlan = await timedTerraform(data, ['plan', '-input=false', '-lock=false'], { timeoutMs });
    report.data = {
      applyMs: Math.round(dataApply.durationMs),
      applyCpuMs: Number.isFinite(dataApply.terraformTreeCpuMs) ? dataApply.terraformTreeCpuMs : undefined,
      planMs: Math.round(dataPlan.durationMs),
      planCpuMs: Number.isFinite(dataPlan.terraformTreeCpuMs) ? dataPlan.terraformTreeCpuMs : undefined,
    };
  } catch (err) {
    report.unavailable = reason(err);
  } finally {
    for (const w of workspaces) w.cleanup();
  }
  return report;
}

/**
 * The tenant mix: one of each tenant-facing type the provider registers per tenant (bench/mix.ts),
 * created by one apply, then plans (refresh) interleaved with as many `terraform_data`.
 */
async function mixSection(sim: StartedSimulator, o: Options, budget: Budget): Promise<MixReport> {
  const report: MixReport = { tenants: o.tenants, latencyMs: o.latencies[0] ?? 0, types: [], missingTypes: [], resources: 0 };
  const workspaces: TerraformWorkspace[] = [];
  try {
    budget.check('the tenant mix');
    await sim.control.setLatency(report.latencyMs);
    const { present, missing } = mixTypes(await registeredResourceTypes(sim.info));
    report.types = present;
    report.missingTypes = missing;
    report.resources = present.length * o.tenants;
    if (present.length === 0) throw new Error('the provider registers none of the mix types');
    const ws = createTerraformWorkspace();
    workspaces.push(ws);
    writeMainTf(ws, mixConfig(sim.info, new Set(present), tenantNames('mix', o.tenants)));
    progress(`mix: apply creating ${o.tenants} tenants (${present.join(', ')})`);
    const apply = await timedTerraform(ws, ['apply', '-auto-approve', '-input=false'], { sim, recordProcesses: true });
    report.apply = { durationMs: Math.round(apply.durationMs), processes: apply.processes?.length ?? 0, peakRssMb: peakMb(apply.processes), cpuMs: cpuByStart(apply.processes) };
    const data = await preparedWorkspace(terraformDataConfig(report.resources));
    workspaces.push(data);
    const mixTimes: number[] = [];
    const dataTimes: number[] = [];
    let peak: number | undefined;
    for (let r = 0; r < o.runs; r++) {
      budget.check(`mix plan round ${r + 1}`);
      progress(`mix: plan round ${r + 1}/${o.runs}`);
      const plan = await timedTerraform(ws, ['plan', '-detailed-exitcode', '-input=false', '-lock=false'], { sim, recordProcesses: true, okCodes: [0, 2] });
      if (plan.result.code === 2) report.note = 'the plan shows changes (expected none after apply)';
      mixTimes.push(plan.durationMs);
      peak = Math.max(peak ?? 0, peakMb(plan.processes) ?? 0);
      dataTimes.push((await timedTerraform(data, ['plan', '-input=false', '-lock=false'])).durationMs);
    }
    report.plan = summarize(mixTimes);
    report.dataPlan = summarize(dataTimes);
    report.planPeakRssMb = peak;
  } catch (err) {
    report.unavailable = reason(err);
  } finally {
    for (const w of workspaces) w.cleanup();
  }
  return report;
}

/** CPU ms of each provider process, in the order they started. */
function cpuByStart(processes: ProviderProcess[] | undefined): number[] {
  return [...(processes ?? [])].sort((a, b) => a.startedAt - b.startedAt || a.pid - b.pid).map((p) => p.cpuMs);
}

function peakMb(processes: ProviderProcess[] | undefined): number | undefined {
  if (!processes?.length) return undefined;
  return Math.round(Math.max(...processes.map(peakRssKb)) / 102.4) / 10;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const budget = new Budget(o.budgetMs);
  for (const file of ['dist/provider.cjs', 'dist/provider.code.js', 'dist/cli.mjs']) {
    if (!existsSync(join(REPO_ROOT, file))) throw new Error(`${file} is missing: run "npm run build" first`);
  }
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { node: process.version, terraform: terraformVersion(), cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100), nodeExtraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS) },
    options: { n: o.n, rssN: o.rssN, bigN: o.bigN, tenants: o.tenants, latencies: o.latencies, rounds: o.rounds, runs: o.runs, applyRuns: o.applyRuns, quick: o.quick, skip: [...o.skip] },
    spawn: [],
    latencies: [],
    durationSeconds: 0,
  };

  if (!o.skip.has('spawn')) {
    progress(`spawn → handshake: ${o.rounds} interleaved rounds`);
    const env = pluginEnvironment(makeClientCertificate());
    // The package install-provider writes, started through its shell launcher as Terraform does.
    const mirror = mkdtempSync(join(tmpdir(), 'bench-mirror-'));
    try {
      const installed = await installProvider({ mirror, bundle: join(REPO_ROOT, 'dist', 'provider.cjs'), version: '0.0.0-bench', platform: terraformPlatform() });
      report.spawn = await measureSpawn(standardVariants(REPO_ROOT, env, installed.executable), env, o.rounds);
    } finally {
      rmSync(mirror, { recursive: true, force: true });
    }
  }

  if (!o.skip.has('terraform') || !o.skip.has('rss') || !o.skip.has('big') || !o.skip.has('mix')) {
    let sim: StartedSimulator | undefined;
    try {
      progress('starting the simulator');
      sim = await startSimulator();
      const baselines = new Map<number, Result>();
      if (!o.skip.has('terraform')) {
        for (const latency of o.latencies) {
          try {
            report.latencies.push(await latencySection(sim, o, latency, budget, baselines));
          } catch (err) {
            report.latencies.push({ latencyMs: latency, n: o.n, plan: {}, stats: {}, notes: [], unavailable: reason(err) });
          }
        }
      }
      if (!o.skip.has('rss')) report.rss = await rssSection(sim, o, o.rssN, 'rss', budget);
      // The mix before N = 5,000, so that a used-up budget cuts the longest section, not the mix.
      if (!o.skip.has('mix')) report.mix = await mixSection(sim, o, budget);
      if (!o.skip.has('big')) report.rssBig = await rssSection(sim, o, o.bigN, 'big', budget);
    } catch (err) {
      report.simulatorUnavailable = reason(err);
    } finally {
      await sim?.stop();
    }
  }

  report.durationSeconds = Math.round((performance.now() - started) / 1000);
  report.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  const text = formatReport(report);
  process.stdout.write(text);
  const out = o.out ?? join(REPO_ROOT, 'bench-results', `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, '..', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

/**
 * The Terraform side of the bench: configurations with N `powerscale_s3_key` (against the simulator,
 * secrets in its DAP store) or N built-in `terraform_data`, timed `terraform` commands, and the
 * simulator's `/stats` differences around each command (the bench never resets the simulator: a
 * reset would also drop the users and keys).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatorInfo, SimulatorStats } from '../src/simulator';
import type { StartedSimulator } from '../test/helpers/simulator';
import { createTerraformWorkspace, REQUIRED_PROVIDERS, runTerraform, writeMainTf, type TerraformResult, type TerraformWorkspace } from '../test/helpers/terraform';

/** Upper bound of one terraform command in the bench. */
export const COMMAND_TIMEOUT_MS = 300_000;

/**
 * Upper bound of one command of the RSS sections, which create or refresh `n` objects in one
 * command: {@link COMMAND_TIMEOUT_MS} up to 1,250 objects, then 240 ms per object (20 minutes at
 * N = 5,000), never more than 20 minutes. An apply of N objects costs Terraform itself O(N²): its
 * local backend rewrites the whole state file after every object (hashicorp/terraform#34296), so a
 * fixed limit that fits N = 1,000 cuts N = 5,000 off instead of measuring it (docs/bench.md,
 * "Round 4").
 */
export function commandTimeoutFor(n: number): number {
  return Math.min(20 * 60_000, Math.max(COMMAND_TIMEOUT_MS, n * 240));
}

/** The provider block for the simulator: password file, CA file, secrets in the DAP simulator. */
export function providerBlock(info: SimulatorInfo): string {
  const q = (s: string) => JSON.stringify(s);
  return `provider "powerscale" {
  endpoint      = ${q(info.onefs.endpoint)}
  username      = ${q(info.onefs.username)}
  password_file = ${q(info.onefs.passwordFile)}
  ca_cert_file  = ${q(info.onefs.caCertFile)}
  secret_store {
    type             = "dap"
    url              = ${q(info.dap.url)}
    tenant           = ${q(info.dap.tenant)}
    credentials_file = ${q(info.dap.credentialsFile)}
    ca_cert_file     = ${q(info.dap.caCertFile)}
  }
}
`;
}

/** User names of one key set: `<prefix>0000`, `<prefix>0001`, ... */
export function userNames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
}

/** N keys for the users `userNames(prefix, n)`, with `count` (one resource block, N instances). */
export function s3KeysConfig(info: SimulatorInfo, prefix: string, n: number): string {
  return `${REQUIRED_PROVIDERS}
${providerBlock(info)}
resource "powerscale_s3_key" "k" {
  count = ${n}
  user  = format("${prefix}%04d", count.index)
}
`;
}

/** N built-in `terraform_data` (no provider process at all): Terraform's own floor. */
export function terraformDataConfig(n: number): string {
  return `resource "terraform_data" "d" {
  count = ${n}
  input = "value-\${count.index}"
}
`;
}

/** Adds the users (20 requests at a time; bounded by the list). */
export async function addUsers(sim: StartedSimulator, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((name) => sim.control.addUser('System', name)));
}

/** The simulator's process id: the child of this process whose command line runs `simulator`. */
export function simulatorPid(): number | undefined {
  try {
    for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
      for (const pid of readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (cmdline.includes('simulator')) return Number(pid);
      }
    }
  } catch {
    // Not Linux, or the process went away.
  }
  return undefined;
}

/** User + system CPU milliseconds of a process so far (from /proc/<pid>/stat), or NaN. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3) here; clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * CPU milliseconds of this process's children that have exited and been waited for (cutime +
 * cstime of /proc/self/stat), or NaN. Around one terraform command this is terraform's CPU plus
 * that of every provider process it waited for; the simulator, still running, is not in it.
 */
export function exitedChildrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat (cutime, cstime), counted from the state field (3) here.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

/** What a command did to the simulator. */
export interface StatsDelta {
  onefsRequests: number;
  /** Requests under /platform/ (the API itself, not session handling), without the version reads. */
  papiRequests: number;
  /** `GET /platform/latest`: the API version, read once per session (like the login), not per object. */
  versionReads: number;
  /** Requests to the session routes (login, session checks, logout). */
  sessionRequests: number;
  logins: number;
  dapRequests: number;
  dapReads: number;
  dapWrites: number;
  /** Per route, only the ones that moved. */
  routes: Record<string, number>;
  /** CPU the simulator process spent during the command (it shares the machine with terraform and the provider). */
  simulatorCpuMs: number;
}

function sumRoutes(routes: Record<string, number>, test: (route: string) => boolean): number {
  return Object.entries(routes)
    .filter(([route]) => test(route))
    .reduce((n, [, count]) => n + count, 0);
}

export function statsDelta(before: SimulatorStats, after: SimulatorStats, simulatorCpuMs = NaN): StatsDelta {
  const routes: Record<string, number> = {};
  for (const [service, counts] of [
    ['onefs', [before.onefs.routes, after.onefs.routes]],
    ['dap', [before.dap.routes, after.dap.routes]],
  ] as const) {
    const [b, a] = counts;
    for (const [route, count] of Object.entries(a)) {
      const d = count - (b[route] ?? 0);
      if (d !== 0) routes[`${service} ${route}`] = d;
    }
  }
  const onefs = Object.fromEntries(Object.entries(routes).filter(([r]) => r.startsWith('onefs ')));
  const dap = Object.fromEntries(Object.entries(routes).filter(([r]) => r.startsWith('dap ')));
  return {
    onefsRequests: after.onefs.requests - before.onefs.requests,
    papiRequests: sumRoutes(onefs, (r) => r.includes(' /platform/') && !r.endsWith(' /platform/latest')),
    versionReads: sumRoutes(onefs, (r) => r.endsWith(' /platform/latest')),
    sessionRequests: sumRoutes(onefs, (r) => r.includes(' /session/')),
    logins: after.onefs.logins - before.onefs.logins,
    dapRequests: after.dap.requests - before.dap.requests,
    dapReads: sumRoutes(dap, (r) => r.startsWith('dap GET ')),
    dapWrites: sumRoutes(dap, (r) => /^dap (PUT|PATCH|POST) /.test(r)),
    routes,
    simulatorCpuMs,
  };
}

/** One provider process as the peak-RSS hook saw it. */
export interface ProviderProcess {
  pid: number;
  code: number;
  startedAt: number;
  exitedAt: number;
  maxRssKb: number;
  hwmKb: number | null;
  /** User + system CPU time of the whole process. */
  cpuMs: number;
}

export interface TimedCommand {
  durationMs: number;
  result: TerraformResult;
  stats?: StatsDelta;
  /** Provider processes that exited during the command (only with `recordProcesses`). */
  processes?: ProviderProcess[];
  /** CPU ms of terraform and every process it waited for (the provider processes); NaN off Linux. */
  terraformTreeCpuMs: number;
}

export interface CommandOptions {
  /** Diff the simulator's /stats around the command. */
  sim?: StartedSimulator;
  /** Load bench/hooks/peak-rss.cjs into every provider process and collect what it logs. */
  recordProcesses?: boolean;
  /** Exit codes that count as success. @default [0] */
  okCodes?: number[];
  /** Upper bound of the command. @default COMMAND_TIMEOUT_MS */
  timeoutMs?: number;
}

const HOOK = join(import.meta.dirname, 'hooks', 'peak-rss.cjs');

/** Runs one terraform command; throws (with the end of its output) when it fails. */
export async function timedTerraform(ws: TerraformWorkspace, args: string[], options: CommandOptions = {}): Promise<TimedCommand> {
  const logFile = join(ws.dir, `providers-${Date.now()}.jsonl`);
  const env: NodeJS.ProcessEnv = {};
  if (options.recordProcesses) {
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${HOOK}`.trim();
    env.BENCH_PROVIDER_LOG = logFile;
  }
  const simPid = options.sim ? simulatorPid() : undefined;
  const simCpuBefore = processCpuMs(simPid);
  const before = options.sim ? await options.sim.control.stats() : undefined;
  const treeCpuBefore = exitedChildrenCpuMs();
  const result = await runTerraform(ws, args, { env, timeoutMs: options.timeoutMs ?? COMMAND_TIMEOUT_MS });
  const terraformTreeCpuMs = exitedChildrenCpuMs() - treeCpuBefore;
  const after = options.sim ? await options.sim.control.stats() : undefined;
  const simCpu = processCpuMs(simPid) - simCpuBefore;
  if (result.code === null || !(options.okCodes ?? [0]).includes(result.code)) {
    const tail = `${result.stderr}\n${result.stdout}`.trim().split('\n').filter((l) => l.trim() !== '' && !/[─│╷╵]$/.test(l.trim())).slice(-6).join(' | ');
    throw new Error(`terraform ${args.join(' ')} ${result.code === null ? 'timed out' : `exited ${result.code}`}: ${tail}`);
  }
  const timed: TimedCommand = { durationMs: result.durationMs, result, terraformTreeCpuMs };
  if (before && after) timed.stats = statsDelta(before, after, simCpu);
  if (options.recordProcesses) {
    timed.processes = existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as ProviderProcess)
      : [];
    rmSync(logFile, { force: true });
  }
  return timed;
}

/** A workspace holding `config`, with its objects already created by an (untimed) apply. */
export async function preparedWorkspace(config: string, sim?: StartedSimulator): Promise<TerraformWorkspace> {
  const ws = createTerraformWorkspace();
  writeMainTf(ws, config);
  try {
    await timedTerraform(ws, ['apply', '-auto-approve', '-input=false'], sim ? { sim } : {});
  } catch (err) {
    ws.cleanup();
    throw err;
  }
  return ws;
}

export { createTerraformWorkspace, writeMainTf, type TerraformWorkspace };

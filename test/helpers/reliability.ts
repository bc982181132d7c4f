/**
 * Shared pieces of the reliability suite (issue 9, `test/e2e/reliability-*.test.ts`):
 *
 * - a simulator over real HTTPS whose cluster password and DAP token are canaries with quotes,
 *   backslashes, unicode and (for the password) a newline and HCL template markers;
 * - a typed client for the simulator's control API (faults, latency, sessions, stats, keys);
 * - terraform runs that can be signalled mid-way, with the provider processes' command lines and
 *   environments captured from /proc while they run;
 * - an artifact collector and the canary sweep over everything collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { SimulatorStats } from '../../src/simulator';
import { startSimulatorServers, type RunningSimulator } from '../../src/simulator/server';
import { REQUIRED_PROVIDERS, terraformEnv, type TerraformResult, type TerraformRunOptions, type TerraformWorkspace } from './terraform';

/**
 * The cluster admin password: quotes, a backslash, non-ASCII letters, a newline, and the HCL
 * template markers `${` and `%{`, around a unique core that any encoding would keep.
 */
export const CLUSTER_PASSWORD = `Pw"q'\\b-ünï✓\nl2-\${x}%{y}-CNRYpw7Q3x`;

/** The DAP token travels in an HTTP header, so no newline and no non-Latin-1: quotes and a backslash. */
export const DAP_TOKEN = `Tk"n'\\q-CNRYdp5E8f-tok`;

/** The access id is not secret; the OneFS simulator derives it from zone id and user. */
export interface MintedSecret {
  user: string;
  secret: string;
}

/** A simulator with canary credentials, plus every secret its cluster minted (seen by a spy). */
export interface CanarySimulator {
  readonly running: RunningSimulator;
  readonly control: Control;
  readonly minted: MintedSecret[];
  close(): Promise<void>;
}

/** Starts the OneFS and DAP simulators over HTTPS on loopback with the canary credentials. */
export async function startCanarySimulator(dir: string, users: readonly string[]): Promise<CanarySimulator> {
  const running = await startSimulatorServers({ dir, onefs: { password: CLUSTER_PASSWORD, users: [...users] }, dap: { token: DAP_TOKEN } });
  const minted: MintedSecret[] = [];
  // Observation only: the key store's create returns the new secret; record it for the sweep.
  const store = running.simulator.onefs.model.s3Keys;
  const create = store.create.bind(store);
  store.create = (...args: Parameters<typeof create>) => {
    const created = create(...args);
    minted.push({ user: args[1], secret: created.secret_key });
    return created;
  };
  return { running, control: controlClient(running.info.control), minted, close: () => running.close() };
}

// ---------------------------------------------------------------------------------------------
// Control API
// ---------------------------------------------------------------------------------------------

/** A fault spec as `POST /faults` takes it. */
export interface FaultSpec {
  service?: 'onefs' | 'dap';
  method?: string;
  path?: string;
  count?: number;
  status?: number;
  body?: unknown;
  delayMs?: number;
  drop?: boolean;
  /** The service acts on the request, then the fault replaces its answer (see src/simulator/faults.ts). */
  processed?: boolean;
}

/** The control API over plain HTTP on loopback. */
export interface Control {
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  setLatency(ms: number): Promise<void>;
  expireSessions(): Promise<number>;
  stats(): Promise<SimulatorStats>;
  /** The key as GET shows it (no secret), or undefined when the user has none. */
  getKey(zone: string, user: string): Promise<{ access_id: string; secret_key_timestamp: number } | undefined>;
  s3Authenticate(accessId: string, secret: string): Promise<boolean>;
  /** True when `password` is the local user's password on the cluster. */
  userAuthenticate(zone: string, name: string, password: string): Promise<boolean>;
  /** The DAP secret's value, or undefined. */
  dapSecret(key: string): Promise<string | undefined>;
}

function controlClient(base: string): Control {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetch(`${base}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    if (!response.ok && response.status !== 404) throw new Error(`control ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  };
  const json = async <T>(r: Promise<Response>): Promise<T> => (await (await r).json()) as T;
  return {
    fault: async (spec) => void (await call('POST', '/faults', spec)),
    clearFaults: async () => void (await call('DELETE', '/faults')),
    setLatency: async (ms) => void (await call('POST', '/latency', { ms })),
    expireSessions: async () => (await json<{ expired: number }>(call('POST', '/sessions/expire'))).expired,
    stats: () => json<SimulatorStats>(call('GET', '/stats')),
    getKey: async (zone, user) => {
      const response = await call('GET', `/s3/keys/${encodeURIComponent(zone)}/${encodeURIComponent(user)}`);
      return response.status === 404 ? undefined : ((await response.json()) as { access_id: string; secret_key_timestamp: number });
    },
    s3Authenticate: async (accessId, secret) => (await json<{ authenticated: boolean }>(call('POST', '/s3/authenticate', { accessId, secret }))).authenticated,
    userAuthenticate: async (zone, name, password) => (await json<{ authenticated: boolean }>(call('POST', '/users/authenticate', { zone, name, password }))).authenticated,
    dapSecret: async (key) => {
      const response = await call('GET', `/dap/secrets/${encodeURIComponent(key)}`);
      return response.status === 404 ? undefined : (await response.json() as { value: string }).value;
    },
  };
}

/** Requests of one method and route template seen by the simulator, e.g. `POST /platform/10/protocols/s3/keys/{user}`. */
export function routeCount(stats: SimulatorStats, service: 'onefs' | 'dap', route: string): number {
  return stats[service].routes[route] ?? 0;
}

// ---------------------------------------------------------------------------------------------
// HCL
// ---------------------------------------------------------------------------------------------

/** A quoted HCL string: JSON escapes plus `$${` and `%%{` so that templates stay literal. */
export function hclString(value: string): string {
  // Replacer functions: in a replacement string, "$$" would itself mean one "$".
  return JSON.stringify(value).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Options of {@link providerBlock}. */
export interface ProviderBlockOptions {
  /** The password source line(s). @default password_file of the simulator */
  password?: string;
  /** The secret_store block. @default DAP of the simulator */
  secretStore?: string;
  timeoutSeconds?: number;
}

/** `terraform {}` plus the provider block for a canary simulator. */
export function providerBlock(sim: CanarySimulator, options: ProviderBlockOptions = {}): string {
  const { onefs, dap } = sim.running.info;
  const store =
    options.secretStore ??
    `secret_store {\n    type             = "dap"\n    url              = ${hclString(dap.url)}\n    tenant           = ${hclString(dap.tenant)}\n    credentials_file = ${hclString(dap.credentialsFile)}\n    ca_cert_file     = ${hclString(dap.caCertFile)}\n  }`;
  return `${REQUIRED_PROVIDERS}
provider "powerscale" {
  endpoint     = ${hclString(onefs.endpoint)}
  username     = ${hclString(onefs.username)}
  ca_cert_file = ${hclString(onefs.caCertFile)}
  ${options.password ?? `password_file = ${hclString(onefs.passwordFile)}`}
${options.timeoutSeconds === undefined ? '' : `  timeout_seconds = ${options.timeoutSeconds}\n`}  ${store}
}
`;
}

/** One `powerscale_s3_key` per user, named after the user. */
export function keyResources(users: readonly string[], extra: (user: string) => string = () => ''): string {
  return users.map((u) => `resource "powerscale_s3_key" ${hclString(u)} {\n  user = ${hclString(u)}\n${extra(u)}}\n`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Artifacts and the canary sweep
// ---------------------------------------------------------------------------------------------

/** Everything a run produced, by where it came from. */
export class Artifacts {
  readonly items: { source: string; text: string }[] = [];

  add(source: string, text: string | undefined): void {
    if (text) this.items.push({ source, text });
  }

  /** Reads a file if it exists (state files, logs, saved plan JSON). */
  addFile(source: string, path: string): void {
    if (existsSync(path)) this.add(source, readFileSync(path, 'utf8'));
  }

  addRun(label: string, run: TerraformResult): void {
    this.add(`${label}: terraform stdout`, run.stdout);
    this.add(`${label}: terraform stderr`, run.stderr);
  }

  /** Total characters collected, to show the sweep had something to look at. */
  size(): number {
    return this.items.reduce((n, i) => n + i.text.length, 0);
  }

  /** Which needles occur where: `[]` when nothing leaked. */
  sweep(needles: readonly { name: string; value: string }[]): string[] {
    const hits: string[] = [];
    for (const item of this.items) for (const n of needles) if (n.value.length >= 6 && item.text.includes(n.value)) hits.push(`${n.name} in ${item.source}`);
    return hits;
  }
}

/** The forms a secret could take in an artifact: raw, JSON/Go-escaped, base64, URL-encoded, and its unique core. */
export function canaryForms(name: string, value: string, core?: string): { name: string; value: string }[] {
  const forms = [
    { name, value },
    { name: `${name} (JSON-escaped)`, value: JSON.stringify(value).slice(1, -1) },
    { name: `${name} (base64)`, value: Buffer.from(value).toString('base64') },
    { name: `${name} (URL-encoded)`, value: encodeURIComponent(value) },
  ];
  if (core) forms.push({ name: `${name} (core)`, value: core });
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Terraform runs that can be interrupted, with provider processes observed
// ---------------------------------------------------------------------------------------------

/** A provider process seen while terraform ran: its pid, command line and environment. */
export interface ProviderProcess {
  kind: 'terraform' | 'provider';
  pid: number;
  cmdline: string;
  environ: string;
}

/** A running terraform command. */
export interface TerraformProcess {
  readonly child: ChildProcess;
  /** Processes seen so far: terraform itself and its children running the provider. */
  readonly providers: Map<number, ProviderProcess>;
  /** Resolves when terraform exits. */
  readonly done: Promise<TerraformResult>;
  /** Output so far. */
  output(): string;
  /** Polls until `predicate` holds or `timeoutMs` passes; returns whether it held. */
  waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean>;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return undefined;
  }
}

/**
 * Children of `parent` (direct). Each of its threads lists the children it forked in
 * /proc/<pid>/task/<tid>/children: a few reads, where scanning every /proc/<pid>/stat costs ~10 ms
 * of CPU per poll on a busy machine (polled every 50 ms during every recorded run). Kernels built
 * without those files get the scan.
 */
function childPids(parent: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${parent}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  let listed = false;
  for (const tid of tasks) {
    const children = readProc(parent, `task/${tid}/children`);
    if (children === undefined) continue;
    listed = true;
    for (const pid of children.split(/\s+/)) if (/^\d+$/.test(pid)) out.push(Number(pid));
  }
  return listed ? out : scanChildPids(parent);
}

/** Children of `parent` (direct), from every /proc/<pid>/stat. */
function scanChildPids(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), 'stat');
    if (!stat) continue;
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === parent) out.push(Number(entry));
  }
  return out;
}

/** Starts `terraform <args>` in the workspace; the provider processes it starts are recorded every 50 ms. */
export function startTerraform(ws: TerraformWorkspace, args: string[], options: TerraformRunOptions = {}): TerraformProcess {
  const started = performance.now();
  const child = spawn('terraform', [...args, '-no-color'], { cwd: ws.dir, env: terraformEnv(ws, options), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const providers = new Map<number, ProviderProcess>();
  const observe = () => {
    if (child.pid === undefined) return;
    // Terraform's own command line and environment count as well (recorded under its pid).
    if (!providers.has(child.pid)) {
      const cmdline = readProc(child.pid, 'cmdline');
      if (cmdline) providers.set(child.pid, { kind: 'terraform', pid: child.pid, cmdline: cmdline.replace(/\0/g, ' '), environ: readProc(child.pid, 'environ')?.replace(/\0/g, '\n') ?? '' });
    }
    for (const pid of childPids(child.pid)) {
      if (providers.has(pid)) continue;
      const cmdline = readProc(pid, 'cmdline')?.replace(/\0/g, ' ') ?? '';
      if (!cmdline.includes('terraform-provider-powerscale') && !cmdline.includes('provider.cjs')) continue;
      providers.set(pid, { kind: 'provider', pid, cmdline, environ: readProc(pid, 'environ')?.replace(/\0/g, '\n') ?? '' });
    }
  };
  const poller = setInterval(observe, 50);
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 240_000);
  const done = new Promise<TerraformResult>((resolve, reject) => {
    child.on('error', (err) => {
      clearInterval(poller);
      clearTimeout(killer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearInterval(poller);
      clearTimeout(killer);
      resolve({ code, signal, timedOut, stdout, stderr, durationMs: performance.now() - started });
    });
  });
  return {
    child,
    providers,
    done,
    output: () => `${stdout}\n${stderr}`,
    async waitFor(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        observe();
        if (await predicate()) return true;
        if (child.exitCode !== null) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    },
  };
}

/** Runs terraform to completion, recording its output and its provider processes' cmdline/environ. */
export async function terraformRecorded(ws: TerraformWorkspace, args: string[], artifacts: Artifacts, label: string, options: TerraformRunOptions = {}): Promise<TerraformResult> {
  const proc = startTerraform(ws, args, options);
  const run = await proc.done;
  artifacts.addRun(label, run);
  recordProviders(artifacts, label, proc);
  return run;
}

/** Adds the provider processes' command lines and environments to the artifacts. */
export function recordProviders(artifacts: Artifacts, label: string, proc: TerraformProcess): void {
  for (const p of proc.providers.values()) {
    artifacts.add(`${label}: ${p.kind} ${p.pid} cmdline`, p.cmdline);
    artifacts.add(`${label}: ${p.kind} ${p.pid} environ`, p.environ);
  }
}

/** Whether a process is still alive (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Terraform wraps diagnostics at 80 columns: compare with whitespace collapsed. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The `Error:` blocks of terraform's output, one string each, whitespace collapsed. */
export function errorBlocks(output: string): string[] {
  return output
    .split(/\n(?=│ Error: |Error: )/)
    .filter((b) => /^(│ )?Error: /.test(b.trimStart()))
    .map((b) => flat(b.replace(/│/g, ' ')));
}


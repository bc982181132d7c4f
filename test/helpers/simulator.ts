/**
 * Starts the real `cdktf-powerscale simulator` executable for integration and e2e tests, exactly as
 * a user would (`bin/cdktf-powerscale simulator`, so `npm run build` must have run), and wraps its
 * control API.
 *
 * ```ts
 * let sim: StartedSimulator;
 * beforeAll(async () => { sim = await startSimulator({ users: ['alice'] }); });
 * afterEach(() => sim.control.reset());
 * afterAll(() => sim.stop());
 * // provider config: endpoint = sim.info.onefs.endpoint, password_file = sim.info.onefs.passwordFile,
 * //                  ca_cert_file = sim.info.onefs.caCertFile
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit, type Response as UndiciResponse } from 'undici';
import type { Fault, SimulatorInfo, SimulatorStats } from '../../src/simulator';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin', 'cdktf-powerscale');
const BUNDLE = join(ROOT, 'dist', 'cli.mjs');

export interface StartSimulatorOptions {
  /** Local users to create in the System zone besides admin. @default [] */
  users?: string[];
  /** `--onefs-version`: a release profile (9.2, 9.4, 9.5, 9.5.0.3, 9.10). @default - none */
  release?: string;
  /** `--latency-ms`. @default 0 */
  latencyMs?: number;
  /** Directory for the CA, password and DAP credentials. @default - a fresh temp dir, removed by stop() */
  dir?: string;
  /** Fixed ports. @default 0 (free ports) */
  port?: number;
  dapPort?: number;
  controlPort?: number;
  /** How long to wait for the ready line. @default 20000 */
  startTimeoutMs?: number;
}

/** Typed calls to the control API (see src/simulator/control.ts for the routes). */
export interface SimulatorControl {
  /**
   * `POST /reset`: both services, counters, faults, latency and the clock back to the start. First
   * fails (after resetting) when the simulator saw OneFS API contract violations since the last reset.
   */
  reset(): Promise<void>;
  /** `GET /contract`: the contract violations since the last reset (one line each). */
  contractViolations(): Promise<string[]>;
  /** `POST /sessions/expire`: ends every OneFS session; returns how many were live. */
  expireSessions(): Promise<number>;
  addUser(zone: string, name: string): Promise<void>;
  removeUser(zone: string, name: string): Promise<void>;
  addZone(name: string): Promise<void>;
  removeZone(name: string): Promise<void>;
  /** `POST /faults` (spec: service, method, path, count, status, body, delayMs, drop). */
  fault(spec: Record<string, unknown>): Promise<Fault>;
  clearFaults(): Promise<void>;
  stats(): Promise<SimulatorStats>;
  setLatency(ms: number): Promise<void>;
  /** `POST /onefs/options`, e.g. `{ unauthorizedBody: 'html', idleTimeoutSeconds: 5 }`. */
  setOneFsOptions(options: Record<string, unknown>): Promise<void>;
  /** `POST /onefs/profile`: answer as another OneFS release from now on. */
  setRelease(release: string): Promise<void>;
  /** Moves the simulated clock forward (session and key expiry). */
  advanceClock(ms: number): Promise<void>;
  /** The key as OneFS GET shows it (no secrets), or undefined when the user has none. */
  getKey(zone: string, user: string): Promise<Record<string, unknown> | undefined>;
  /** Whether an S3 request with this access id and secret would authenticate now. */
  s3Authenticate(accessId: string, secret: string): Promise<boolean>;
  /** `POST /dap/options`. */
  setDapOptions(options: Record<string, unknown>): Promise<void>;
  /** The value stored in the DAP simulator under `key`, or undefined. */
  dapSecret(key: string): Promise<string | undefined>;
}

export interface StartedSimulator {
  /** The parsed JSON line the command printed. */
  readonly info: SimulatorInfo;
  readonly dir: string;
  /** The CA certificate PEM (trust anchor for both HTTPS services). */
  readonly ca: string;
  /** An undici dispatcher that trusts `ca`; use with `https()` or undici's fetch. */
  readonly dispatcher: Agent;
  readonly control: SimulatorControl;
  /** The admin password (read from the owner-only file; keep it out of assertions' messages). */
  password(): string;
  /** fetch over HTTPS trusting the simulator's CA. */
  https(url: string, init?: UndiciRequestInit): Promise<UndiciResponse>;
  /** stderr captured so far (for debugging failed tests). */
  stderr(): string;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

async function controlCall(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return response;
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`simulator control ${what} failed: HTTP ${response.status} ${await response.text()}`);
  return response;
}

function makeControl(base: string): SimulatorControl {
  const call = async (method: string, path: string, body?: unknown) => expectOk(await controlCall(base, method, path, body), `${method} ${path}`);
  const seg = encodeURIComponent;
  interface Violation {
    method: string;
    path: string;
    status: number;
    side: string;
    problems: string[];
  }
  const contractViolations = async () =>
    ((await (await call('GET', '/contract')).json()) as { violations: Violation[] }).violations.map((v) => `${v.side} of ${v.method} ${v.path} (${v.status}): ${v.problems.join('; ')}`);
  return {
    reset: async () => {
      const violations = await contractViolations();
      await call('POST', '/reset');
      if (violations.length > 0) throw new Error(`the OneFS simulator broke the API contract:\n${violations.join('\n')}`);
    },
    contractViolations: () => contractViolations(),
    expireSessions: async () => ((await (await call('POST', '/sessions/expire')).json()) as { expired: number }).expired,
    addUser: async (zone, name) => void (await call('POST', '/users', { zone, name })),
    removeUser: async (zone, name) => void (await call('DELETE', `/users/${seg(zone)}/${seg(name)}`)),
    addZone: async (name) => void (await call('POST', '/zones', { name })),
    removeZone: async (name) => void (await call('DELETE', `/zones/${seg(name)}`)),
    fault: async (spec) => (await (await call('POST', '/faults', spec)).json()) as Fault,
    clearFaults: async () => void (await call('DELETE', '/faults')),
    stats: async () => (await (await call('GET', '/stats')).json()) as SimulatorStats,
    setLatency: async (ms) => void (await call('POST', '/latency', { ms })),
    setOneFsOptions: async (options) => void (await call('POST', '/onefs/options', options)),
    setRelease: async (release) => void (await call('POST', '/onefs/profile', { release })),
    advanceClock: async (ms) => void (await call('POST', '/clock', { advanceMs: ms })),
    getKey: async (zone, user) => {
      const response = await controlCall(base, 'GET', `/s3/keys/${seg(zone)}/${seg(user)}`);
      if (response.status === 404) {
        const body = (await response.json()) as { error?: string };
        if (body.error === 'no key') return undefined;
        throw new Error(`simulator control getKey failed: ${JSON.stringify(body)}`);
      }
      return (await (await expectOk(response, 'getKey')).json()) as Record<string, unknown>;
    },
    s3Authenticate: async (accessId, secret) => ((await (await call('POST', '/s3/authenticate', { accessId, secret })).json()) as { authenticated: boolean }).authenticated,
    setDapOptions: async (options) => void (await call('POST', '/dap/options', options)),
    dapSecret: async (key) => {
      const response = await controlCall(base, 'GET', `/dap/secrets/${key.split('/').map(seg).join('/')}`);
      if (response.status === 404) return undefined;
      return ((await (await expectOk(response, 'dapSecret')).json()) as { value: string }).value;
    },
  };
}

function waitForReadyLine(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<SimulatorInfo> {
  return new Promise((resolveInfo, reject) => {
    let buffer = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`cdktf-powerscale simulator ${why}\n--- stderr ---\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(`printed no ready line within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: string | null) => fail(`exited early (code ${code}, signal ${signal})`);
    child.once('exit', onExit);
    child.once('error', (err) => fail(`could not start: ${err.message}`));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      try {
        resolveInfo(JSON.parse(buffer.slice(0, newline)) as SimulatorInfo);
      } catch {
        reject(new Error(`cdktf-powerscale simulator printed a line that is not JSON: ${buffer.slice(0, newline)}`));
      }
    });
  });
}

/** Spawns the simulator and resolves once it printed its JSON line. */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<StartedSimulator> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" before integration tests`);
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sim-test-'));
  const args = [BIN, 'simulator', '--dir', dir, '--port', String(options.port ?? 0), '--dap-port', String(options.dapPort ?? 0), '--control-port', String(options.controlPort ?? 0)];
  if (options.users?.length) args.push('--users', options.users.join(','));
  if (options.latencyMs !== undefined) args.push('--latency-ms', String(options.latencyMs));
  if (options.release !== undefined) args.push('--onefs-version', options.release);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  let info: SimulatorInfo;
  try {
    info = await waitForReadyLine(child, options.startTimeoutMs ?? 20_000, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const ca = readFileSync(info.onefs.caCertFile, 'utf8');
  const dispatcher = new Agent({ connect: { ca } });
  let stopped: Promise<void> | undefined;

  return {
    info,
    dir,
    ca,
    dispatcher,
    control: makeControl(info.control),
    password: () => readFileSync(info.onefs.passwordFile, 'utf8'),
    https: (url, init = {}) => undiciFetch(url, { ...init, dispatcher }),
    stderr: () => stderr,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        await dispatcher.close();
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

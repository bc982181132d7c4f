/**
 * Starts `cdktf-powerscale simulator` as a child process and reads its one JSON line (DESIGN.md
 * contract). The child is stopped with SIGTERM; it removes nothing the demo needs because the demo
 * gives it its own `--dir`.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The simulator's ready line. */
export interface SimulatorInfo {
  readonly onefs: { readonly endpoint: string; readonly caCertFile: string; readonly username: string; readonly passwordFile: string };
  readonly dap: { readonly url: string; readonly tenant: string; readonly credentialsFile: string; readonly caCertFile: string };
  readonly control: string;
}

/** A running simulator. */
export interface RunningSimulator {
  readonly info: SimulatorInfo;
  /** Stops the simulator and waits for it to exit. */
  stop(): Promise<void>;
}

function isInfo(v: unknown): v is SimulatorInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { onefs?: { endpoint?: unknown; passwordFile?: unknown }; control?: unknown };
  return typeof o.onefs?.endpoint === 'string' && typeof o.onefs.passwordFile === 'string' && typeof o.control === 'string';
}

function stopper(child: ChildProcess, group: boolean): () => Promise<void> {
  return () =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
      child.once('exit', () => resolveStop());
      if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      else child.kill('SIGTERM');
    });
}

/**
 * Spawns `node <cli> simulator --dir DIR --users a,b` and resolves once the JSON line arrives.
 * Rejects with the child's stderr if it exits first or takes longer than `timeoutMs`.
 */
export function startSimulator(cliEntry: string, dir: string, users: readonly string[], timeoutMs = 30_000): Promise<RunningSimulator> {
  return startSimulatorCommand(process.execPath, [cliEntry, 'simulator', '--dir', dir, '--users', users.join(',')], { timeoutMs });
}

/** Options of {@link startSimulatorCommand}. */
export interface SimulatorCommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Run the command in its own process group and stop the whole group: for a launcher such as
   * `npx cdktf-powerscale simulator`, whose child is the simulator. @default false
   */
  readonly processGroup?: boolean;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

/**
 * Spawns `command args` (which must run the simulator command) and resolves once the JSON line
 * arrives. Rejects with the child's stderr if it exits first or takes longer than `timeoutMs`.
 */
export function startSimulatorCommand(command: string, args: readonly string[], options: SimulatorCommandOptions = {}): Promise<RunningSimulator> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const group = options.processGroup === true;
  return new Promise((resolveStart, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: group, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopper(child, group)();
      reject(new Error(`the simulator did not start: ${why}${stderr.trim() ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no ready line within ${timeoutMs / 1000} s`), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      let parsed: unknown;
      try {
        parsed = JSON.parse(stdout.slice(0, newline));
      } catch {
        return fail('its first line is not JSON');
      }
      if (!isInfo(parsed)) return fail('its ready line lacks onefs.endpoint / onefs.passwordFile / control');
      resolveStart({ info: parsed, stop: stopper(child, group) });
    });
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code) => fail(`it exited with code ${String(code)}`));
  });
}

/**
 * `cdktf-powerscale simulator [--port N] [--dap-port N] [--control-port N] [--dir DIR]
 * [--users a,b] [--latency-ms N] [--onefs-version 9.2|9.4|9.5|9.5.0.3|9.10] [--dap-version 4.2|4.4|7.x]`
 *
 * Starts the OneFS + DAP simulator on loopback, prints exactly one JSON line on stdout when ready
 * (DESIGN.md: `{"onefs":{...},"dap":{...},"control":"..."}`), and runs until SIGINT/SIGTERM, then
 * exits 0. The admin password and DAP credentials are only ever written to owner-only files in
 * the directory; stdout and stderr never carry them. Without `--dir` a fresh temporary directory
 * is used and removed on exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DAP_VERSIONS, type DapVersion } from '../../simulator/dap';
import { RELEASES, type OneFsRelease } from '../../simulator/onefs/profiles';
import { startSimulatorServers } from '../../simulator/server';

const USAGE = `usage: cdktf-powerscale simulator [options]

Runs a simulated OneFS cluster (HTTPS) and DAP secret store (HTTPS) on 127.0.0.1, plus a
control API (HTTP). Prints one JSON line with endpoints and file paths when ready; stops on
Ctrl-C / SIGTERM.

options:
  --port N           OneFS HTTPS port (0 = any free port)       [default 0]
  --dap-port N       DAP HTTPS port (0 = any free port)         [default 0]
  --control-port N   control API HTTP port (0 = any free port)  [default 0]
  --dir DIR          where ca.pem, onefs-password and dap-credentials.json go
                     [default: a new temporary directory, removed on exit]
  --users a,b        local users to create in the System zone (besides admin)
  --latency-ms N     latency added to every OneFS and DAP request [default 0]
  --dap-version V    DAP (Cloudify) manager release to play: 4.2, 4.4 or 7.x [default 7.x]
  --onefs-version R  answer as OneFS release R: 9.2, 9.4, 9.5, 9.5.0.3 or 9.10
                     (API version, 401 form, timeout_inactive, trailing slash, CSRF)
                     [default: 9.5.0.0 with the JSON 401]
`;

class UsageError extends Error {}

function port(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535`);
  return Number(value);
}

function users(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of names) if (!/^[A-Za-z0-9_.-]{1,104}$/.test(name)) throw new UsageError(`--users: "${name}" is not a valid user name`);
  return names;
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      'dap-port': { type: 'string' },
      'control-port': { type: 'string' },
      dir: { type: 'string' },
      users: { type: 'string' },
      'latency-ms': { type: 'string' },
      'dap-version': { type: 'string' },
      'onefs-version': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const latency = values['latency-ms'];
  if (latency !== undefined && !/^\d+$/.test(latency)) throw new UsageError('--latency-ms must be a whole number of milliseconds');
  const dapVersion = values['dap-version'];
  if (dapVersion !== undefined && !DAP_VERSIONS.includes(dapVersion as DapVersion)) throw new UsageError(`--dap-version must be one of ${DAP_VERSIONS.join(', ')}`);
  const release = values['onefs-version'];
  if (release !== undefined && !(RELEASES as readonly string[]).includes(release)) throw new UsageError(`--onefs-version must be one of ${RELEASES.join(', ')}`);
  return {
    release: release as OneFsRelease | undefined,
    help: values.help === true,
    dapVersion: dapVersion as DapVersion | undefined,
    onefsPort: port(values.port, '--port'),
    dapPort: port(values['dap-port'], '--dap-port'),
    controlPort: port(values['control-port'], '--control-port'),
    dir: values.dir,
    users: users(values.users),
    latencyMs: latency === undefined ? 0 : Number(latency),
  };
}

/** Runs until SIGINT/SIGTERM; resolves with the exit code. */
export async function run(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`cdktf-powerscale simulator: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // Listen for signals before anything else: a caller that sends SIGTERM as soon as it reads the
  // ready line must never hit Node's default handler (exit by signal, temp dir left behind).
  const stopSignal = new Promise<NodeJS.Signals>((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal('SIGINT'));
    process.once('SIGTERM', () => resolveSignal('SIGTERM'));
  });
  const ownDir = args.dir === undefined;
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'cdktf-powerscale-sim-'));
  const cleanup = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  let running;
  try {
    running = await startSimulatorServers({ dir, onefsPort: args.onefsPort, dapPort: args.dapPort, controlPort: args.controlPort, latencyMs: args.latencyMs, onefs: { users: args.users, ...(args.release === undefined ? {} : { release: args.release }) }, ...(args.dapVersion ? { dap: { version: args.dapVersion } } : {}) });
  } catch (err) {
    cleanup();
    process.stderr.write(`cdktf-powerscale simulator: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(running.info)}\n`);

  const signal = await stopSignal;
  process.stderr.write(`cdktf-powerscale simulator: ${signal}, stopping\n`);
  await running.close();
  cleanup();
  return 0;
}

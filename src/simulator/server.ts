/**
 * Runs a simulator over real sockets on loopback: OneFS and DAP over HTTPS (one self-signed CA per
 * run, its PEM in `<dir>/ca.pem`), the control API over plain HTTP. Secrets go to files readable
 * only by their owner: the admin password to `<dir>/onefs-password`, the DAP credentials to
 * `<dir>/dap-credentials.json`. Nothing secret is returned in `info`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createSimulator, type Simulator } from './composite';
import { controlHandlers } from './control';
import type { DapSimulatorOptions } from './dap';
import { fetchListener } from './http-adapter';
import type { OneFsSimulatorOptions } from './onefs';
import { staticBody } from './onefs/wire';
import { createSimulatorTls } from './tls';

/** The JSON line `cdktf-powerscale simulator` prints (DESIGN.md contract). */
export interface SimulatorInfo {
  onefs: { endpoint: string; caCertFile: string; username: string; passwordFile: string };
  /** `ciCredentialsFile`: a second identity of the tenant (role manager), as a CI runner would hold. */
  dap: { url: string; tenant: string; credentialsFile: string; ciCredentialsFile: string; caCertFile: string };
  control: string;
}

export interface SimulatorServerOptions {
  /** Directory for ca.pem, onefs-password and dap-credentials.json (created 0700 if missing). */
  dir: string;
  /** OneFS HTTPS port; 0 picks a free one. @default 0 */
  onefsPort?: number;
  /** DAP HTTPS port; 0 picks a free one. @default 0 */
  dapPort?: number;
  /** Control API HTTP port; 0 picks a free one. @default 0 */
  controlPort?: number;
  /** Latency added to every OneFS and DAP request. @default 0 */
  latencyMs?: number;
  /** OneFS options (users, cluster name, timeouts...). The password defaults to a random one. */
  onefs?: OneFsSimulatorOptions;
  dap?: DapSimulatorOptions;
}

export interface RunningSimulator {
  readonly info: SimulatorInfo;
  readonly simulator: Simulator;
  /** Stops all listeners and drops open connections. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Writes a file only its owner can read, replacing any earlier file (which may have had looser modes). */
function writePrivateFile(path: string, content: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

const apacheNotFound = () =>
  staticBody(404, 'text/html; charset=iso-8859-1', '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n');

/** Starts the three listeners and writes the files; rejects (closing what started) on failure. */
export async function startSimulatorServers(options: SimulatorServerOptions): Promise<RunningSimulator> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = options.onefs?.password ?? randomBytes(24).toString('base64url');
  const simulator = createSimulator({ onefs: { ...options.onefs, password }, dap: options.dap ?? {}, ownOrigins: true });
  simulator.traffic.latencyMs = options.latencyMs ?? 0;
  const tls = createSimulatorTls();

  const caCertFile = join(dir, 'ca.pem');
  const passwordFile = join(dir, 'onefs-password');
  const credentialsFile = join(dir, 'dap-credentials.json');
  writeFileSync(caCertFile, tls.caPem, { mode: 0o644 });
  writePrivateFile(passwordFile, password);
  writePrivateFile(credentialsFile, JSON.stringify({ token: simulator.dap.credentials.token }));
  const ciCredentialsFile = join(dir, 'dap-ci-credentials.json');
  writePrivateFile(ciCredentialsFile, JSON.stringify({ token: simulator.dap.credentials.ciToken }));

  const tlsOptions = { key: tls.keyPem, cert: tls.certPem + tls.caPem };
  const onefsServer = createHttpsServer(tlsOptions, fetchListener(() => simulator.onefsHandlers, { scheme: 'https', notFound: apacheNotFound }));
  const dapServer = createHttpsServer(tlsOptions, fetchListener(() => simulator.dapHandlers, { scheme: 'https', notFound: () => Response.json({ message: 'Not Found' }, { status: 404 }) }));
  const control = controlHandlers(simulator);
  const controlServer = createHttpServer(fetchListener(() => control, { scheme: 'http', notFound: () => Response.json({ error: 'no such control route' }, { status: 404 }) }));
  // Apache on OneFS closes idle keep-alive connections after 15 s; clients must cope.
  onefsServer.keepAliveTimeout = 15_000;
  const servers: Server[] = [onefsServer, dapServer, controlServer];

  try {
    const [onefsPort, dapPort, controlPort] = await Promise.all([
      listen(onefsServer, options.onefsPort ?? 0),
      listen(dapServer, options.dapPort ?? 0),
      listen(controlServer, options.controlPort ?? 0),
    ]);
    const info: SimulatorInfo = {
      onefs: { endpoint: `https://${HOST}:${onefsPort}`, caCertFile, username: simulator.onefs.credentials.username, passwordFile },
      dap: { url: `https://${HOST}:${dapPort}`, tenant: simulator.dap.credentials.tenant, credentialsFile, ciCredentialsFile, caCertFile },
      control: `http://${HOST}:${controlPort}`,
    };
    return { info, simulator, close: async () => void (await Promise.all(servers.map(closeServer))) };
  } catch (err) {
    await Promise.all(servers.map((s) => (s.listening ? closeServer(s) : Promise.resolve())));
    throw err;
  }
}

/**
 * Serving a ProviderServer the way Terraform expects: negotiate the protocol, set up AutoMTLS,
 * listen on a private unix socket, print the handshake line, answer RPCs, and exit promptly on
 * GRPCController.Shutdown (Terraform waits 2 s for the exit, then kills us). Used by ./main and,
 * in-process, by the integration tests (with `exit` and `writeHandshake` replaced).
 */
import { chmodSync, mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { ProviderServer } from '../framework/contract';
import { log as defaultLog, type Logger } from '../log';
import { createGrpcServer, MAX_MESSAGE_BYTES } from './grpc-server';
import { handshakeLine, negotiateProtocolVersion, reattachValue } from './handshake';
import { createProviderHandlers, METHOD } from './provider-service';
import { createServerTls } from './tls';

export interface ServeOptions {
  /** Environment to read PLUGIN_* from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Debug mode: serve unmanaged (no TLS, no cookie), print a TF_REATTACH_PROVIDERS value instead of
   * the handshake, keep running across Terraform commands (Shutdown does not exit). @default false
   */
  debug?: boolean;
  /** Receives the handshake line (or, in debug mode, the reattach instructions). @default stdout */
  writeHandshake?: (text: string) => void;
  /** Ends the process after Shutdown or a fatal error. @default process.exit */
  exit?: (code: number) => void;
  /** @default the provider logger */
  log?: Logger;
}

/** A running provider. */
export interface ServingProvider {
  network: 'unix';
  /** The socket path. */
  address: string;
  /** The handshake line printed (without the newline). */
  handshake: string;
  /** Stops serving and removes the socket (idempotent). Does not call `exit`. */
  close(): Promise<void>;
}

/**
 * Starts serving `server`. Rejects (before printing anything) when the protocol cannot be
 * negotiated or the socket cannot be created.
 */
export async function serve(server: ProviderServer, options: ServeOptions = {}): Promise<ServingProvider> {
  const env = options.env ?? process.env;
  const debug = options.debug ?? false;
  const log = options.log ?? defaultLog;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const negotiated = negotiateProtocolVersion(debug ? {} : env);
  if ('error' in negotiated) throw new Error(negotiated.error);

  const clientCert = debug ? undefined : env.PLUGIN_CLIENT_CERT;
  const tls = clientCert ? createServerTls(checkClientCert(clientCert)) : undefined;
  const socket = socketPath(env, log);

  // Shutdown: reply first, then close the framework (best effort, at most 1 s) and exit. The exit
  // waits for the reply to be flushed so Terraform sees a clean Shutdown, or 250 ms at most.
  let finishing: Promise<void> | undefined;
  let frameworkClosed: Promise<unknown> = Promise.resolve();
  const finish = () =>
    (finishing ??= (async () => {
      await frameworkClosed;
      await close();
      exit(0);
    })());
  const shutdown = () => {
    if (debug) {
      log.info('Shutdown requested; debug mode keeps serving (stop with Ctrl-C)');
      return;
    }
    log.debug('Shutdown requested by Terraform');
    frameworkClosed = Promise.race([server.close().catch((err: unknown) => log.warn('closing the provider failed', { error: err })), delay(1000)]);
    setTimeout(() => void finish(), 250);
  };

  const http = createGrpcServer({
    handlers: createProviderHandlers({ server, log, onShutdown: shutdown }),
    maxMessageBytes: MAX_MESSAGE_BYTES,
    tls: tls?.options,
    log,
    onResponseFlushed: (path) => {
      if (path === METHOD.shutdown && !debug) void finish();
    },
  });
  if (tls) {
    // Before any stream of the session is read: a client without Terraform's certificate gets nothing.
    http.on('session', (session) => {
      if (tls.acceptsPeer(session.socket as unknown as TLSSocket)) return;
      log.warn('refused a connection that did not present the client certificate Terraform announced (PLUGIN_CLIENT_CERT)');
      session.destroy();
    });
  }

  const cleanup = () => removeSocket(socket);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      process.off('exit', cleanup);
      const done = () => {
        cleanup();
        resolve();
      };
      http.close(done);
      // Open sessions would keep close() waiting; Terraform is done with them at this point.
      setTimeout(done, 100).unref();
    }));

  process.on('exit', cleanup);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(socket.path, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing may stay behind: not the (possibly half-made) socket, not our private directory.
    process.off('exit', cleanup);
    cleanup();
    const code = (error as { code?: unknown }).code;
    throw new Error(`cannot listen on the unix socket ${socket.path}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  // Only Terraform (same user) should connect; TLS checks the rest.
  try {
    chmodSync(socket.path, 0o600);
  } catch {
    // Best effort.
  }

  const line = handshakeLine({ version: negotiated.version, network: 'unix', address: socket.path, serverCertDer: tls?.certDer });
  if (debug) {
    const reattach = reattachValue({ pid: process.pid, network: 'unix', address: socket.path, version: negotiated.version });
    (options.writeHandshake ?? ((t) => process.stdout.write(t)))(
      `Provider started in debug mode. To attach Terraform, set this in the shell that runs terraform:\n\n\tTF_REATTACH_PROVIDERS='${reattach}'\n\n(Ctrl-C stops the provider.)\n`,
    );
  } else {
    (options.writeHandshake ?? ((t) => process.stdout.write(t)))(line);
  }
  log.debug('provider serving', { network: 'unix', address: socket.path, protocol: negotiated.version, tls: Boolean(tls), debug });
  return { network: 'unix', address: socket.path, handshake: line.trimEnd(), close };
}

interface SocketLocation {
  path: string;
  /** A directory we created and must remove (absent when PLUGIN_UNIX_SOCKET_DIR was given). */
  privateDir?: string;
}

/**
 * The longest unix socket path the kernel keeps: `sun_path` is 108 bytes on Linux and 104 on the
 * BSDs and macOS, NUL included. Node does not refuse a longer path: it binds a truncated one, and
 * the handshake would advertise a path that does not exist (Terraform: "Plugin did not respond").
 */
export const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

/** Directories tried, in order, when TMPDIR (or PLUGIN_UNIX_SOCKET_DIR) makes the socket path too long. */
const SHORT_DIRS = ['/tmp', '/var/tmp', '/dev/shm'];

/**
 * PLUGIN_UNIX_SOCKET_DIR/plugin<random> (go-plugin's convention), or a socket in a fresh 0700 temp
 * dir. When that path would be too long for a unix socket, the socket goes into a fresh 0700
 * directory under a short system temp directory instead (removed on exit like any other).
 * @throws Error naming PLUGIN_UNIX_SOCKET_DIR when it does not exist or is not a directory.
 */
export function socketPath(env: NodeJS.ProcessEnv, log?: Logger): SocketLocation {
  const dir = env.PLUGIN_UNIX_SOCKET_DIR;
  const name = `plugin${randomBytes(6).toString('hex')}`;
  if (dir) {
    checkSocketDir(dir);
    const path = join(dir, name);
    if (fits(path)) return { path };
    log?.warn('PLUGIN_UNIX_SOCKET_DIR is too long for a unix socket path; using a short private directory', { dir, maxBytes: MAX_SOCKET_PATH_BYTES });
    return shortPrivateSocket(name);
  }
  const base = tmpdir();
  // mkdtemp adds six characters; check before creating anything.
  if (fits(join(base, 'tf-powerscale-XXXXXX', name))) {
    const privateDir = mkdtempSync(join(base, 'tf-powerscale-'));
    return { path: join(privateDir, name), privateDir };
  }
  log?.warn('the temp directory (TMPDIR) is too long for a unix socket path; using a short private directory', { tmpdir: base, maxBytes: MAX_SOCKET_PATH_BYTES });
  return shortPrivateSocket(name);
}

function fits(path: string): boolean {
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES;
}

function shortPrivateSocket(name: string): SocketLocation {
  for (const base of SHORT_DIRS) {
    if (!fits(join(base, 'tfps-XXXXXX', name))) continue;
    let privateDir: string;
    try {
      privateDir = mkdtempSync(join(base, 'tfps-')); // mode 0700
    } catch {
      continue; // absent or not writable here: try the next one
    }
    return { path: join(privateDir, name), privateDir };
  }
  throw new Error(`the unix socket path would exceed ${MAX_SOCKET_PATH_BYTES} bytes and none of ${SHORT_DIRS.join(', ')} is writable; set TMPDIR to a shorter directory`);
}

/** go-plugin's own refusals, with the reason named: a socket cannot be made in a missing directory. */
function checkSocketDir(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new Error(`PLUGIN_UNIX_SOCKET_DIR ${dir} does not exist (ENOENT)`);
    throw new Error(`PLUGIN_UNIX_SOCKET_DIR ${dir} cannot be used${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  if (!isDir) throw new Error(`PLUGIN_UNIX_SOCKET_DIR ${dir} is not a directory (ENOTDIR)`);
}

/**
 * Refuses a PLUGIN_CLIENT_CERT that is not a PEM certificate, as go-plugin does at start-up: the
 * pin would otherwise match no client and every connection from Terraform would fail later, with a
 * far less helpful message. Returns the certificate's DER, which TLS pins.
 */
export function checkClientCert(pem: string): Buffer {
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM block');
    return new X509Certificate(pem).raw;
  } catch {
    // The value is not echoed: it came from the environment and is nobody's business in a log.
    throw new Error('PLUGIN_CLIENT_CERT is not a PEM certificate; it is set by Terraform for AutoMTLS (unset it to serve without TLS)');
  }
}

function removeSocket(s: SocketLocation): void {
  try {
    unlinkSync(s.path);
  } catch {
    // Already gone.
  }
  if (s.privateDir) rmSync(s.privateDir, { recursive: true, force: true });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Serving a ProviderServer the way Terraform expects: negotiate the protocol, set up AutoMTLS,
 * listen on a private unix socket, print the handshake line, answer RPCs, and exit promptly on
 * GRPCController.Shutdown (Terraform waits 2 s for the exit, then kills us). Used by ./main and,
 * in-process, by the integration tests (with `exit` and `writeHandshake` replaced).
 */
import { chmodSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
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
  const tls = clientCert ? createServerTls(clientCert) : undefined;
  const socket = socketPath(env);

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
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(socket.path, () => {
      http.off('error', reject);
      resolve();
    });
  });
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

/** PLUGIN_UNIX_SOCKET_DIR/plugin<random> (go-plugin's convention), or a socket in a fresh 0700 temp dir. */
function socketPath(env: NodeJS.ProcessEnv): SocketLocation {
  const dir = env.PLUGIN_UNIX_SOCKET_DIR;
  if (dir) return { path: join(dir, `plugin${randomBytes(6).toString('hex')}`) };
  const privateDir = mkdtempSync(join(tmpdir(), 'tf-powerscale-'));
  return { path: join(privateDir, 'plugin.sock'), privateDir };
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

/**
 * A small gRPC server for unary calls on `node:http2`. Why not @grpc/grpc-js: Terraform starts the
 * provider 3-5 times per command and every start pays for what is loaded before the handshake;
 * grpc-js costs ~35 ms to load, node:http2 is part of the runtime (see docs/provider-protocol.md for
 * the measurements). gRPC's unary wire protocol is small: a POST whose body is one length-prefixed
 * message, answered with headers, one length-prefixed message and `grpc-status` trailers.
 * Anything not registered (the go-plugin stdio and broker streams included) gets UNIMPLEMENTED,
 * which go-plugin and Terraform treat as "not supported".
 */
import type { Http2Server, Http2Session, IncomingHttpHeaders, SecureServerOptions, ServerHttp2Stream } from 'node:http2';
import { constants, createSecureServer, createServer } from 'node:http2';
import type { Logger } from '../log';

/** gRPC status codes used here. */
export const Status = { OK: 0, CANCELLED: 1, UNKNOWN: 2, INTERNAL: 13, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, UNAVAILABLE: 14 } as const;

/** Thrown by a handler to answer with a gRPC status instead of a message. */
export class GrpcStatusError extends Error {
  override name = 'GrpcStatusError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** One unary method: request bytes in, response bytes out. `signal` aborts when the caller goes away. */
export type UnaryHandler = (request: Buffer, signal: AbortSignal) => Promise<Uint8Array> | Uint8Array;

export interface GrpcServerOptions {
  /** Methods by full path, e.g. "/tfplugin6.Provider/GetProviderSchema". */
  handlers: ReadonlyMap<string, UnaryHandler>;
  /** Largest request and response message accepted. Terraform-sized state needs far more than 4 MiB. */
  maxMessageBytes: number;
  /** TLS options (mutual TLS); undefined serves plaintext HTTP/2 (TF_DISABLE_PLUGIN_TLS, debug mode). */
  tls?: SecureServerOptions;
  log: Logger;
  /** Called after a response has been fully written (used by Shutdown to exit afterwards). */
  onResponseFlushed?: (path: string) => void;
}

/** The go-plugin default for Terraform providers: 256 MiB, as terraform-plugin-go configures. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** Creates the HTTP/2 server; the caller listens on it. */
export function createGrpcServer(options: GrpcServerOptions): Http2Server {
  const settings = { initialWindowSize: 4 * 1024 * 1024, maxConcurrentStreams: 1000 };
  // maxSessionMemory is in MB: large states arrive as many DATA frames before we consume them.
  const common = { settings, maxSessionMemory: 1024 };
  const server: Http2Server = options.tls ? createSecureServer({ ...options.tls, ...common, allowHTTP1: false }) : createServer(common);
  server.on('session', (session: Http2Session) => {
    // A bigger connection window lets multi-megabyte states stream without a round trip per 64 KiB.
    session.once('connect', () => trySetWindow(session));
    if (!session.connecting) trySetWindow(session);
    session.on('error', (err) => options.log.debug('gRPC session error', { error: err }));
  });
  server.on('stream', (stream, headers) => handleStream(stream, headers, options));
  server.on('sessionError', (err) => options.log.debug('gRPC session error', { error: err }));
  server.on('tlsClientError', (err) => options.log.warn('TLS handshake with Terraform failed', { error: err }));
  return server;
}

function trySetWindow(session: Http2Session): void {
  try {
    session.setLocalWindowSize(16 * 1024 * 1024);
  } catch {
    // Not fatal: the default window only makes big messages slower.
  }
}

function handleStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, options: GrpcServerOptions): void {
  stream.on('error', (err) => options.log.debug('gRPC stream error', { error: err }));
  const path = String(headers[constants.HTTP2_HEADER_PATH] ?? '');
  const contentType = String(headers[constants.HTTP2_HEADER_CONTENT_TYPE] ?? '');
  if (headers[constants.HTTP2_HEADER_METHOD] !== 'POST' || !contentType.startsWith('application/grpc')) {
    stream.respond({ ':status': 415 }, { endStream: true });
    return;
  }
  const handler = options.handlers.get(path);
  if (!handler) {
    options.log.trace('unimplemented gRPC method', { method: path });
    finishWithStatus(stream, Status.UNIMPLEMENTED, `unknown method ${path}`);
    return;
  }
  const controller = new AbortController();
  // Cancel only work still running when the stream goes away (Terraform gave up on the call).
  // Aborting every finished call, as this once did, built a DOMException per call and ran every
  // listener left on the signal, for nothing.
  let settled = false;
  stream.once('close', () => {
    if (!settled) controller.abort();
  });
  const chunks: Buffer[] = [];
  let received = 0;
  let tooBig = false;
  stream.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > options.maxMessageBytes + 5) tooBig = true;
    else chunks.push(chunk);
  });
  stream.on('end', () => {
    if (tooBig) return finishWithStatus(stream, Status.RESOURCE_EXHAUSTED, `request larger than ${options.maxMessageBytes} bytes`);
    const body = Buffer.concat(chunks, received);
    const message = unframe(body);
    if (typeof message === 'string') return finishWithStatus(stream, Status.INTERNAL, message);
    // process.hrtime, not performance.now(): the first use of `performance` loads perf_hooks
    // (≈ 0.7 ms), in every provider process, for one log field.
    const started = process.hrtime.bigint();
    Promise.resolve()
      .then(() => handler(message, controller.signal))
      .then(
        (response) => {
          settled = true;
          options.log.trace('gRPC call', { method: path, ms: Number((process.hrtime.bigint() - started) / 100_000n) / 10 });
          if (response.length > options.maxMessageBytes) return finishWithStatus(stream, Status.RESOURCE_EXHAUSTED, 'response too large');
          respond(stream, response, () => options.onResponseFlushed?.(path));
        },
        (err: unknown) => {
          settled = true;
          const code = err instanceof GrpcStatusError ? err.code : Status.INTERNAL;
          if (!(err instanceof GrpcStatusError)) options.log.error('gRPC handler failed', { method: path, error: err });
          finishWithStatus(stream, code, err instanceof Error ? err.message : String(err));
        },
      );
  });
}

/** The single message of a unary request, or a problem description. */
function unframe(body: Buffer): Buffer | string {
  if (body.length < 5) return 'request has no gRPC message';
  if (body[0] !== 0) return 'compressed gRPC messages are not supported';
  const len = body.readUInt32BE(1);
  if (body.length !== 5 + len) return 'request must hold exactly one gRPC message';
  return body.subarray(5);
}

function respond(stream: ServerHttp2Stream, message: Uint8Array, flushed: () => void): void {
  if (stream.destroyed || stream.closed) return;
  const frame = Buffer.allocUnsafe(5 + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(Status.OK) }));
  stream.once('close', flushed);
  stream.end(frame);
}

/** A trailers-only response: the status travels in the headers frame, as gRPC allows. */
function finishWithStatus(stream: ServerHttp2Stream, code: number, message: string): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeURIComponent(message) }, { endStream: true });
}

/**
 * The HTTP transport under ky: ky's requests sent with `Agent#request` of an undici `Agent` that
 * carries the connection's TLS settings, built on first use so that importing `src/papi` costs
 * nothing. Also turns transport failures into safe codes: undici's errors name the host and port
 * and sometimes hold the request.
 */
import { readFile } from 'node:fs/promises';
import type { SecureContext } from 'node:tls';
import { dispatcherFetch } from '../http/dispatcher-fetch';
import { createClientSecureContext } from '../http/trust';
import type { ClusterConnection } from './connection';

/**
 * Node's own `fetch`, as it was when this module loaded. Something that replaces the global
 * `fetch` later (msw in the unit tests, an APM agent) is honoured: the transport then sends
 * through it instead of `Agent#request`, which it could not see.
 */
const nodeFetch = globalThis.fetch;

/** Sends one request (ky's, re-made with the attempt's deadline signal); an injected transport. */
export type PapiFetch = (request: Request) => Promise<Response>;

/** A way to send requests plus the sockets behind it. */
export interface Transport {
  /**
   * Sends ky's request; `signal` (the attempt's deadline and the caller's cancellation) replaces
   * the request's own. Passed here rather than to ky because ky would combine it with its own
   * signal through AbortSignal.any, which on Node 20 costs a WeakRef per source and lets the
   * request's objects survive into the old generation (docs/bench.md).
   */
  send(request: Request, signal: AbortSignal): Promise<Response>;
  /** Closes idle sockets once in-flight requests finish. */
  close(): Promise<void>;
}

/** A transport that owns no sockets (an injected fetch). */
export function fetchTransport(fetch: PapiFetch): Transport {
  return { send: (request, signal) => fetch(new Request(request, { signal })), close: async () => {} };
}

/** Raised while building a transport (unreadable or invalid CA bundle); message is safe to show. */
export class TransportConfigError extends Error {
  override readonly name = 'TransportConfigError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * ky's requests sent with `Agent#request` of a dedicated undici `Agent` (one per client, so one
 * per provider process): TLS verification unless `verifyTls` is false, the CA bundle trusted in
 * place of Node's roots (src/http/trust.ts), at most 10 sockets (Dell's Terraform provider uses the
 * same), keep-alive, no pipelining. `Agent#request` skips the WHATWG fetch layer underneath (its
 * own `Request`, `Headers`, streams and `Response` per call): 27 % less client CPU per GET than Node's global
 * `fetch` over the same Agent (bench/http-variants.ts, docs/bench.md). When the global `fetch` has
 * been replaced since this module loaded (msw in unit tests), requests go through it instead, so
 * msw answers exactly as a cluster would.
 * @throws TransportConfigError when the CA bundle cannot be read or holds no PEM certificate.
 */
export async function createUndiciTransport(connection: ClusterConnection): Promise<Transport> {
  const extraCa = connection.caCertFile === undefined ? undefined : await readCaBundle(connection.caCertFile);
  // Node's own modules are imported statically: the provider's code runs outside Node's module
  // loader (src/provider/loader), where an import() of a built-in has no loader to go to.
  const { Agent } = await import('undici');
  // One secure context for every socket of this client. Given `ca`, tls.connect would build a new
  // context per socket and parse ~140 root certificates each time (≈ 20 ms CPU per connection,
  // see docs/bench.md). What it trusts: src/http/trust.ts (with a bundle, the bundle alone).
  let secureContext: SecureContext;
  try {
    secureContext = createClientSecureContext(connection.verifyTls, extraCa);
  } catch {
    throw new TransportConfigError('CA_CERT_INVALID', `the CA bundle ${connection.caCertFile ?? ''} holds a certificate that cannot be parsed`);
  }
  const agent = new Agent({
    connections: 10,
    // One request at a time per socket (undici's default, stated): a pipelined request behind a
    // slow one would share its fate, and OneFS's Apache gains nothing from it.
    pipelining: 1,
    // Apache on OneFS closes idle keep-alive sockets after 15 s; dropping ours sooner avoids
    // sending a request down a socket the server is closing (a spurious ECONNRESET).
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 10_000,
    connect: { rejectUnauthorized: connection.verifyTls, secureContext },
  });
  const direct = dispatcherFetch(agent);
  // `dispatcher` is Node's (undici's) extension of RequestInit, absent from the DOM typings. Node's
  // built-in fetch drives an Agent from the undici package through the common Dispatcher
  // interface (checked on Node 20 against undici 7).
  const send = (request: Request, signal: AbortSignal): Promise<Response> =>
    globalThis.fetch === nodeFetch ? direct(request, signal) : globalThis.fetch(request, { dispatcher: agent, signal } as unknown as RequestInit);
  return { send, close: () => agent.close() };
}

async function readCaBundle(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    const code = errorCode(error) ?? 'EIO';
    throw new TransportConfigError('CA_CERT_UNREADABLE', `cannot read the CA bundle ${file} (${code})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TransportConfigError('CA_CERT_INVALID', `the CA bundle ${file} holds no PEM certificate`);
  }
  return pem;
}

/** A failure below HTTP, in terms safe to show. */
export interface TransportFailure {
  /** `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, a TLS code such as `DEPTH_ZERO_SELF_SIGNED_CERT`, or `NETWORK`. */
  code: string;
  message: string;
  /** Whether repeating an idempotent request might succeed. TLS and DNS failures will not. */
  retryable: boolean;
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|TLS|SSL|HOSTNAME/;

/**
 * Classifies a rejected fetch by the first error `code` on its cause chain. Nothing of the
 * original error (its message names host and port) is kept.
 */
export function classifyFailure(error: unknown): TransportFailure {
  const code = errorCode(error);
  if (code === undefined) return { code: 'NETWORK', message: 'the connection failed before a response arrived', retryable: true };
  if (TLS_CODE.test(code)) {
    return {
      code,
      message: `TLS certificate verification failed (${code}): trust the cluster's CA with a CA bundle, or disable verification`,
      retryable: false,
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return { code, message: 'the cluster refused the connection', retryable: true };
    case 'ENOTFOUND':
      return { code, message: 'the cluster host name could not be resolved', retryable: false };
    case 'EAI_AGAIN':
      return { code, message: 'the cluster host name could not be resolved (temporary DNS failure)', retryable: true };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code, message: 'connecting to the cluster timed out', retryable: true };
    default:
      return { code, message: 'the connection failed before a complete response arrived', retryable: true };
  }
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    // Only well-formed symbolic codes: they go into messages.
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,47}$/.test(code)) return code;
    current = cause;
  }
  return undefined;
}

export { dispatcherFetch };

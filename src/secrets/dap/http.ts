import { createClientSecureContext } from '../../http/trust';
import { Agent } from 'undici';
import { dispatcherFetch } from '../../http/dispatcher-fetch';

/** The fetch signature ky calls: a WHATWG Request plus options ky did not recognise. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** TLS settings of {@link createTlsFetch}. */
export interface TlsFetchOptions {
  /** PEM CA bundle; replaces the system CAs. */
  ca?: string;
  /** Skip certificate verification. @default false */
  insecure?: boolean;
}

/** A fetch bound to its own undici Agent, and a way to release the Agent's sockets. */
export interface TlsFetch {
  fetch: FetchLike;
  close(): Promise<void>;
}

/**
 * ky's requests sent with `Agent#request` of an undici `Agent` carrying our TLS settings
 * (verification on unless `insecure`; keep-alive; one request at a time per socket), answered with
 * a global `Response`, which is what ky wants back. One Agent per store, so one per provider
 * process. `Agent#request` skips the WHATWG fetch layer underneath (its own `Request`, `Headers`,
 * streams and `Response` per call): about a quarter less client CPU per GET than Node's global
 * `fetch` over the same Agent (bench/http-variants.ts, docs/bench.md). Tests inject msw's patched
 * global `fetch` instead (`OpenDapStoreOptions.fetch`).
 * Redirects are not followed: a redirect would carry the `Authentication-Token` header to wherever
 * it points.
 * @throws Error when `ca` holds no certificate that can be parsed.
 */
export function createTlsFetch(options: TlsFetchOptions = {}): TlsFetch {
  // One secure context for all sockets: given `ca`, tls.connect would build (and parse the bundle
  // into) a new context for every connection. What it trusts: src/http/trust.ts (`ca`, when given,
  // replaces Node's roots; with verification off, nothing is loaded).
  const secureContext = createClientSecureContext(options.insecure !== true, options.ca);
  const agent = new Agent({ pipelining: 1, connect: { secureContext, rejectUnauthorized: options.insecure !== true } });
  // The (small, JSON) body is read inside ky's timeout (which ends when this promise settles): a
  // body that stalls counts as a timeout, and the socket is free again at once, whatever ky does
  // with the response (a retried 503 is never read).
  const send = dispatcherFetch(agent);
  const fetch: FetchLike = (input) => send(input, input.signal);
  // destroy, not close: close() waits for requests in flight, and closing must never hang.
  return { fetch, close: () => agent.destroy() };
}

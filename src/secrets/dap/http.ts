import { createSecureContext } from 'node:tls';
import { Agent } from 'undici';

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
 * The global `fetch` (Node's) with an undici `Agent` carrying our TLS settings as its dispatcher:
 * verification on unless `insecure`. The same path as the PAPI client's, so one fetch
 * implementation serves both and ky's `Request` goes through as it is (the package's own `fetch`
 * needed it unpacked, and its response rebuilt as a global one, at a cost per call that showed in
 * profiles).
 * Redirects are not followed: a redirect would carry the `Authentication-Token` header to wherever
 * it points.
 * @throws Error when `ca` holds no certificate that can be parsed.
 */
export function createTlsFetch(options: TlsFetchOptions = {}): TlsFetch {
  // One secure context for all sockets: given `ca`, tls.connect would build (and parse the bundle
  // into) a new context for every connection. Same trust as before: `ca`, when given, replaces the
  // system CAs.
  const secureContext = createSecureContext(options.ca !== undefined ? { ca: options.ca } : {});
  const agent = new Agent({ connect: { secureContext, rejectUnauthorized: options.insecure !== true } });
  // `dispatcher` is Node's (undici's) extension of RequestInit, absent from the DOM typings; Node's
  // built-in fetch drives the package's Agent through the common Dispatcher interface (as in
  // src/papi/transport.ts). `redirect` here overrides whatever the Request says.
  const init = { dispatcher: agent, redirect: 'manual' } as unknown as RequestInit;
  const fetch: FetchLike = async (input) => {
    const response = await globalThis.fetch(input, init);
    // Read the (small, JSON) body here, inside ky's timeout (which ends when this promise settles):
    // a body that stalls counts as a timeout, and the socket is free again at once, whatever ky
    // does with the response (a retried 503 is never read).
    const bytes = await response.arrayBuffer();
    const nullBody = response.status === 204 || response.status === 304 || (response.status >= 100 && response.status < 200);
    return new Response(nullBody ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  // destroy, not close: close() waits for requests in flight, and closing must never hang.
  return { fetch, close: () => agent.destroy() };
}

import { Agent, fetch as undiciFetch } from 'undici';

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
 * A fetch over undici's own `fetch` and an `Agent` with our TLS settings (verification on unless
 * `insecure`). ky builds a global `Request`, which undici's fetch does not accept as input (it
 * brand-checks its own class), so the request is unpacked here, and the response is rebuilt as a
 * global `Response` with its body already read. Redirects are not followed: a
 * redirect would carry the `Authentication-Token` header to wherever it points.
 */
export function createTlsFetch(options: TlsFetchOptions = {}): TlsFetch {
  const agent = new Agent({
    connect: { ...(options.ca !== undefined ? { ca: options.ca } : {}), rejectUnauthorized: options.insecure !== true },
  });
  const fetch: FetchLike = async (input) => {
    const body = input.body === null ? undefined : await input.arrayBuffer();
    const response = await undiciFetch(input.url, {
      method: input.method,
      headers: [...input.headers],
      body,
      signal: input.signal,
      redirect: 'manual',
      dispatcher: agent,
    });
    // Read the (small, JSON) body here: the connection is free again at once, whatever ky does
    // with the response, and the caller gets a global Response rather than undici's own class.
    const bytes = await response.arrayBuffer();
    const nullBody = response.status === 204 || response.status === 304 || (response.status >= 100 && response.status < 200);
    return new Response(nullBody ? null : bytes, { status: response.status, statusText: response.statusText, headers: [...response.headers] });
  };
  // destroy, not close: close() waits for requests in flight, and closing must never hang.
  return { fetch, close: () => agent.destroy() };
}

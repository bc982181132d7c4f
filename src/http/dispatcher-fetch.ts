/**
 * ky's requests over undici's `Dispatcher#request`, shared by the PAPI transport and the DAP
 * store's client (neither may import the other: DESIGN.md layers).
 */
import type { Dispatcher } from 'undici';

/**
 * Sends a WHATWG `Request` (what ky builds) with `Dispatcher#request` and answers with a global
 * `Response`, which is what ky wants back. The body is read here, inside the caller's deadline
 * (a stalled body is a timeout of the attempt, and the socket is free again at once); responses
 * are small JSON documents. Redirects are not followed (the session cookie or token would travel along).
 * Failures are undici's own errors (with `code`), which the callers classify
 * (`classifyFailure` in src/papi/transport.ts).
 */
export function dispatcherFetch(dispatcher: Dispatcher): (request: Request, signal: AbortSignal) => Promise<Response> {
  return async (request, signal) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const response = await dispatcher.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: request.method as Dispatcher.HttpMethod, headers, body, signal });
    const bytes = await response.body.arrayBuffer();
    const responseHeaders: [string, string][] = [];
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const one of value) responseHeaders.push([name, one]);
      else if (value !== undefined) responseHeaders.push([name, value]);
    }
    // A Response cannot carry a body with these statuses.
    const nullBody = response.statusCode === 204 || response.statusCode === 205 || response.statusCode === 304;
    return new Response(nullBody ? null : bytes, { status: response.statusCode, headers: responseHeaders });
  };
}

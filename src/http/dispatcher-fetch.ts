/**
 * ky's requests over undici's `Dispatcher#request`, shared by the PAPI transport and the DAP
 * store's client (neither may import the other: DESIGN.md layers).
 */
import type { Dispatcher } from 'undici';
import { limitOldGenerationGrowth } from './old-generation';
import { keepWasmOnBaselineTier } from './wasm-tiering';
import { capYoungGeneration } from './young-generation';

const utf8 = new TextDecoder();

const BYTES = Symbol('body bytes');
const STREAM = Symbol('body stream');

/**
 * A global `Response` whose body, already read, is kept as bytes. A `Response` built around a body
 * wraps it in a `ReadableStream`, and `text()` reads it back through that stream: ≈ 30 µs to build
 * and ≈ 27 µs to read on Node 20 (docs/bench.md, round 5), against ≈ 2 µs for a `Response` without
 * a body, twice per refreshed key (a PAPI and a DAP GET). ky looks only at `ok` and `status`
 * (no response hooks are used); the callers read `text()`. Every way of reading the body answers
 * from the bytes (the methods below replace Response's on this class's prototype: the DOM typings
 * declare them as properties, which a subclass may not redefine as methods); `body` makes its
 * stream only when something asks for it.
 */
class BufferedResponse extends Response {
  [BYTES]: Uint8Array;
  [STREAM]: ReadableStream<Uint8Array> | undefined;

  constructor(bytes: Uint8Array, init: ResponseInit) {
    super(null, init);
    this[BYTES] = bytes;
  }
}
const bodyText = (r: BufferedResponse): string => utf8.decode(r[BYTES]);
Object.defineProperties(BufferedResponse.prototype, {
  text: { value: function (this: BufferedResponse) { return Promise.resolve(bodyText(this)); } },
  json: { value: function (this: BufferedResponse) { return Promise.resolve().then(() => JSON.parse(bodyText(this)) as unknown); } },
  arrayBuffer: { value: function (this: BufferedResponse) { return Promise.resolve(this[BYTES].slice().buffer); } },
  bytes: { value: function (this: BufferedResponse) { return Promise.resolve(this[BYTES].slice()); } },
  blob: { value: function (this: BufferedResponse) { return Promise.resolve(new Blob([this[BYTES].slice()], { type: this.headers.get('content-type') ?? '' })); } },
  clone: { value: function (this: BufferedResponse) { return new BufferedResponse(this[BYTES], { status: this.status, statusText: this.statusText, headers: this.headers }); } },
  body: {
    get(this: BufferedResponse) {
      const bytes = this[BYTES];
      return (this[STREAM] ??= new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice());
          controller.close();
        },
      }));
    },
  },
});

/**
 * Sends a WHATWG `Request` (what ky builds) with `Dispatcher#request` and answers with a global
 * `Response`, which is what ky wants back. The body is read here, inside the caller's deadline
 * (a stalled body is a timeout of the attempt, and the socket is free again at once); responses
 * are small JSON documents. Redirects are not followed (the session cookie or token would travel along).
 * Failures are undici's own errors (with `code`), which the callers classify
 * (`classifyFailure` in src/papi/transport.ts).
 */
export function dispatcherFetch(dispatcher: Dispatcher): (request: Request, signal: AbortSignal) => Promise<Response> {
  // Before undici's first connection compiles its HTTP parser (WebAssembly): see wasm-tiering.ts.
  keepWasmOnBaselineTier();
  // The process is about to do its real work: see young-generation.ts.
  capYoungGeneration();
  // ...and promotes garbage at a steady rate: see old-generation.ts.
  limitOldGenerationGrowth();
  return async (request, signal) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const response = await dispatcher.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: request.method as Dispatcher.HttpMethod, headers, body, signal });
    const bytes = new Uint8Array(await response.body.arrayBuffer());
    const responseHeaders: [string, string][] = [];
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const one of value) responseHeaders.push([name, one]);
      else if (value !== undefined) responseHeaders.push([name, value]);
    }
    const init = { status: response.statusCode, headers: responseHeaders };
    // A Response cannot carry a body with these statuses.
    const nullBody = response.statusCode === 204 || response.statusCode === 205 || response.statusCode === 304;
    return nullBody ? new Response(null, init) : new BufferedResponse(bytes, init);
  };
}

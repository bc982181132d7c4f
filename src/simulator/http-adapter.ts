/**
 * Serves msw handlers from a Node `http`/`https` server: each incoming request becomes a Fetch
 * `Request`, msw's `getResponse` runs the handlers, and the `Response` is written back. A
 * `Response.error()` (an injected "drop" fault) destroys the socket without an answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getResponse, type RequestHandler } from 'msw';
import { candidateHandlers } from './candidates';

/** Request headers that describe the hop, not the request, and that Fetch refuses to carry. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

export interface FetchListenerOptions {
  /** "http" or "https": the scheme of the URLs the handlers see. */
  scheme: 'http' | 'https';
  /** Answer for requests no handler takes. */
  notFound: (request: Request) => Response;
  /** Called with unexpected handler errors (never with request data). @default - write to stderr */
  onError?: (err: unknown) => void;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, scheme: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 0}`;
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  return new Request(`${scheme}://${host}${req.url ?? '/'}`, { method, headers, ...(hasBody ? { body } : {}) });
}

async function writeResponse(res: ServerResponse, response: Response, isHead: boolean): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  const payload = Buffer.from(await response.arrayBuffer());
  res.setHeader('Content-Length', payload.length);
  res.end(isHead ? undefined : payload);
}

/** A `request` listener that serves `handlers` (read on every request, so it may change). */
export function fetchListener(handlers: () => readonly RequestHandler[], options: FetchListenerOptions) {
  const onError = options.onError ?? ((err: unknown) => process.stderr.write(`simulator: handler error: ${err instanceof Error ? err.message : String(err)}\n`));
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      let request: Request;
      try {
        request = toRequest(req, options.scheme, await readBody(req));
      } catch {
        res.statusCode = 400;
        res.end();
        return;
      }
      let response: Response | undefined;
      try {
        response = await getResponse(candidateHandlers(handlers(), request), request);
      } catch (err) {
        onError(err);
        response = Response.json({ errors: [{ code: 'AEC_EXCEPTION', message: 'Internal error in the simulator.' }] }, { status: 500 });
      }
      response ??= options.notFound(request);
      if (response.type === 'error') {
        req.socket.destroy();
        return;
      }
      await writeResponse(res, response, request.method === 'HEAD');
    })().catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}

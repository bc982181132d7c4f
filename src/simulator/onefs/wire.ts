/**
 * How the OneFS simulator writes bodies and headers on the wire.
 *
 * PAPI serialises JSON with jsoncpp's `StyledStreamWriter("")` (reference/onefs-papi.md section 1):
 * keys sorted, `" : "` separators, one member per line, no indentation, a blank line after `[` in
 * arrays of objects, short scalar arrays inline (`[ "a", "b" ]`), and a trailing CRLF. Clients must
 * not depend on that layout, which is exactly why the simulator reproduces it: a client that only
 * works with `JSON.stringify` output would break on a real cluster.
 *
 * Responses are plain `Response` objects, never msw's `HttpResponse`: msw copies `Set-Cookie` from
 * an `HttpResponse` into a process-wide cookie jar and replays it on later in-process requests,
 * which would hide a client that forgets to send its session cookie.
 */

/** Header shapes accepted by `new Headers(...)`. */
export type HeaderInit = ConstructorParameters<typeof Headers>[0];

/** jsoncpp's right margin: a scalar array longer than this is written one element per line. */
const RIGHT_MARGIN = 74;

/** Serialises `value` the way PAPI does (see the module comment). */
export function styledJson(value: unknown): string {
  const out: string[] = [];
  writeValue(value, out);
  // jsoncpp starts the document with a newline (writeIndent before the root `{`); bodies pasted from
  // real clusters start at `{`, so the leading newline is dropped.
  return out.join('').replace(/^\n/, '') + '\r\n';
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function isEmptyContainer(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function writeValue(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    writeArray(value, out);
  } else if (isContainer(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    out.push('\n{');
    keys.forEach((key, i) => {
      out.push('\n', JSON.stringify(key), ' : ');
      writeValue(record[key], out);
      if (i < keys.length - 1) out.push(',');
    });
    out.push('\n}');
  } else {
    out.push(scalar(value));
  }
}

function writeArray(items: unknown[], out: string[]): void {
  if (items.length === 0) {
    out.push('[]');
    return;
  }
  const multiline =
    items.some((item) => isContainer(item) && !isEmptyContainer(item)) ||
    items.length * 3 >= RIGHT_MARGIN ||
    4 + (items.length - 1) * 2 + items.reduce<number>((n, item) => n + inline(item).length, 0) >= RIGHT_MARGIN;
  if (!multiline) {
    out.push('[ ', items.map(inline).join(', '), ' ]');
    return;
  }
  out.push('\n[');
  items.forEach((item, i) => {
    out.push('\n');
    writeValue(item, out);
    if (i < items.length - 1) out.push(',');
  });
  out.push('\n]');
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(inline).join(', ')} ]`;
  if (isContainer(value)) return '{}';
  return scalar(value);
}

/** Headers an Apache front end on OneFS 9.x adds to every response (reference section 1). */
export function apacheHeaders(extra?: HeaderInit): Headers {
  const headers = new Headers(extra);
  headers.set('Server', 'Apache');
  headers.set('Strict-Transport-Security', 'max-age=31536000;');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Frame-Options', 'sameorigin');
  headers.set('X-Xss-Protection', '1; mode=block');
  headers.set('Content-Security-Policy', "default-src 'self' 'unsafe-inline' 'unsafe-eval' data:;");
  return headers;
}

/** A PAPI JSON response (styled body, `application/json`). */
export function papiJson(status: number, body: unknown, extra?: HeaderInit): Response {
  const headers = apacheHeaders(extra);
  headers.set('Content-Type', 'application/json');
  return new Response(styledJson(body), { status, headers });
}

/** A bodiless PAPI response (PUT/DELETE 204). */
export function papiEmpty(status: number, extra?: HeaderInit): Response {
  return new Response(null, { status, headers: apacheHeaders(extra) });
}

/** A response whose body is a fixed byte string, as Apache serves its static error documents. */
export function staticBody(status: number, contentType: string, body: string, extra?: HeaderInit): Response {
  const headers = apacheHeaders(extra);
  headers.set('Content-Type', contentType);
  return new Response(body, { status, headers });
}

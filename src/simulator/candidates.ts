/**
 * The handlers that could take a request, before msw runs them. msw's `getResponse` runs every
 * handler in turn until one answers, and each run compiles the handler's path pattern anew
 * (path-to-regexp), parses the request's cookies, clones the request and aborts a signal (with a
 * `DOMException`): a profile of the HTTPS simulator under a 1,000-key apply and plan put 5.2 of its
 * 13.6 busy seconds there, for the ≈ 15 routes an S3 key request passes on its way (docs/bench.md,
 * round 8). Dropping the handlers whose method differs or whose path cannot match leaves msw the
 * same decision to make among far fewer.
 *
 * The test is a superset of msw's: a string pattern matches only URLs that contain its literal
 * parts (what lies between `*` wildcards and `:name` parameters) in order, ignoring case as
 * path-to-regexp does. A pattern with any other path-to-regexp syntax, a RegExp or a predicate
 * function is always kept, as is every handler that is not an HTTP one.
 */
import { HttpHandler, type RequestHandler } from 'msw';

/** Characters of path-to-regexp syntax this filter does not read: patterns holding one are always kept. */
const OTHER_SYNTAX = /[(){}?+\\]/;

const literalsOf = new Map<string, string[] | undefined>();

/** The literal parts of a path pattern, lower-cased, in order; undefined when the filter cannot read it. */
function literals(pattern: string): string[] | undefined {
  if (literalsOf.has(pattern)) return literalsOf.get(pattern);
  const parts = OTHER_SYNTAX.test(pattern)
    ? undefined
    : pattern
        .split(/\*+|:[A-Za-z0-9_]+/)
        .map((part) => part.toLowerCase())
        .filter((part) => part !== '');
  literalsOf.set(pattern, parts);
  return parts;
}

/** Whether `text` holds every part, in order. */
function containsInOrder(text: string, parts: readonly string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Whether `handler` could answer `request` (false only when msw would certainly pass it by). */
export function couldHandle(handler: RequestHandler, method: string, url: string): boolean {
  if (!(handler instanceof HttpHandler)) return true;
  const { method: expected, path } = handler.info;
  if (typeof expected === 'string' ? expected.toUpperCase() !== method : !expected.test(method)) return false;
  if (typeof path !== 'string') return true;
  const parts = literals(path);
  return parts === undefined || containsInOrder(url, parts);
}

/** The handlers, in their order, that could answer `request`. */
export function candidateHandlers(handlers: readonly RequestHandler[], request: Request): RequestHandler[] {
  // msw matches the URL without its query and fragment.
  const url = request.url.replace(/[?#].*$/, '').toLowerCase();
  const method = request.method.toUpperCase();
  return handlers.filter((handler) => couldHandle(handler, method, url));
}

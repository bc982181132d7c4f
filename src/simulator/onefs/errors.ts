/**
 * OneFS error bodies exactly as the reference records them (reference/onefs-papi.md sections 2.7
 * and 3): the PAPI envelope `{"errors":[{"code","message","field"?}]}` with the AEC -> HTTP status
 * table of the OneFS REST server, and the static bodies the Apache front end serves for 401s.
 */
import { papiJson, staticBody } from './wire';

/** AEC symbols and their HTTP statuses (reference section 3.2; note 403 for LIMIT_EXCEEDED, no 429). */
export const AEC_STATUS = {
  AEC_BAD_REQUEST: 400,
  AEC_ARG_REQUIRED: 400,
  AEC_ARG_SINGLE_ONLY: 400,
  AEC_UNAUTHORIZED: 401,
  AEC_FORBIDDEN: 403,
  AEC_NOT_FOUND: 404,
  AEC_METHOD_NOT_ALLOWED: 405,
  AEC_NOT_ACCEPTABLE: 406,
  AEC_CONFLICT: 409,
  AEC_PRE_CONDITION_FAILED: 412,
  AEC_INVALID_REQUEST_RANGE: 416,
  AEC_NOT_MODIFIED: 304,
  AEC_LIMIT_EXCEEDED: 403,
  AEC_INVALID_LICENSE: 403,
  AEC_NAMETOOLONG: 400,
  AEC_NAMEEMPTY: 400,
  AEC_NAMEILLEGAL: 400,
  AEC_NO_SPACE: 400,
  AEC_SERVICE_UNAVAILABLE: 503,
  AEC_SYSTEM_INTERNAL_ERROR: 500,
  AEC_EXCEPTION: 500,
} as const;

/** An AEC symbol as it appears in `code`. */
export type AecCode = keyof typeof AEC_STATUS;

/** One member of the `errors` array. */
export interface AecError {
  code: AecCode;
  message: string;
  field?: string;
}

/**
 * A PAPI failure thrown from model code and turned into a response at the handler boundary. The
 * status is the maximum over all errors, as the REST server computes it.
 */
export class PapiFailure extends Error {
  readonly errors: AecError[];

  constructor(errors: AecError | AecError[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => e.message).join('; '));
    this.name = 'PapiFailure';
    this.errors = list;
  }

  /** The HTTP status: the largest status among the errors. */
  get status(): number {
    return Math.max(...this.errors.map((e) => AEC_STATUS[e.code]));
  }

  /** The envelope response. */
  toResponse(): Response {
    return papiJson(this.status, { errors: this.errors });
  }
}

/** Shorthand for `new PapiFailure({ code, message, field })`. */
export function aec(code: AecCode, message: string, field?: string): PapiFailure {
  return new PapiFailure(field === undefined ? { code, message } : { code, message, field });
}

/** 404 for a URI that does not exist in the requested API version: `Path not found: /4/x/y.` */
export function pathNotFound(platformRelativePath: string): PapiFailure {
  return aec('AEC_NOT_FOUND', `Path not found: ${platformRelativePath}.`);
}

/** `Failed to find user for 'USER:<name>': No such user` (observed on real clusters). */
export function noSuchUser(name: string): PapiFailure {
  return aec('AEC_NOT_FOUND', `Failed to find user for 'USER:${name}': No such user`);
}

/** `Access Zone "<name>" not found.` (observed). */
export function zoneNotFound(name: string): PapiFailure {
  return aec('AEC_NOT_FOUND', `Access Zone "${name}" not found.`);
}

/** Which form an auth-layer 401 takes: pre-9.5 JSON static file, or the >= 9.5 HTML page. */
export type UnauthorizedBody = 'json' | 'html';

/** The pre-9.5 static 401 document: 49 bytes, no `code`, no trailing newline (reference 2.2/2.7). */
export const UNAUTHORIZED_JSON = '{"errors":[{"message":"authorization required"}]}';

/**
 * The >= 9.5 static 401 page. The real page is 486 bytes of Apache HTML whose exact text is not
 * recorded; clients (gopowerscale) read its `<h1>`, else `<title>`, so those are what matter.
 */
export const UNAUTHORIZED_HTML = [
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">',
  '<html><head>',
  '<title>401 Unauthorized</title>',
  '</head><body>',
  '<h1>Unauthorized</h1>',
  '<p>This server could not verify that you',
  'are authorized to access the document',
  'requested.  Either you supplied the wrong',
  "credentials (e.g., bad password), or your",
  "browser doesn't understand how to supply",
  'the credentials required.</p>',
  '</body></html>',
  '',
].join('\n');

/** The auth-layer 401 (missing/expired session, CSRF or Referer failure) in the chosen form. */
export function unauthorized(form: UnauthorizedBody): Response {
  return form === 'html'
    ? staticBody(401, 'text/html; charset=iso-8859-1', UNAUTHORIZED_HTML)
    : staticBody(401, 'application/json', UNAUTHORIZED_JSON);
}

/**
 * The login refusal (bad credentials, session limit): 401 with a top-level `message`, 40 bytes with
 * the newline, as inferred in reference section 2.1. Deliberately not the `errors` envelope.
 */
export function loginRefused(): Response {
  return staticBody(401, 'application/json', '{"message":"Unable to create session."}\n');
}

const FAULT_CODES: Record<number, AecCode> = {
  400: 'AEC_BAD_REQUEST',
  403: 'AEC_FORBIDDEN',
  404: 'AEC_NOT_FOUND',
  409: 'AEC_CONFLICT',
  500: 'AEC_EXCEPTION',
  503: 'AEC_SERVICE_UNAVAILABLE',
};

/**
 * What an injected OneFS fault answers when the spec gives no body: the auth-layer 401, or the
 * envelope with the AEC code of that status. 503 carries the transient message real clusters send.
 */
export function onefsFaultResponse(status: number, form: UnauthorizedBody = 'json'): Response {
  if (status === 401) return unauthorized(form);
  const code = FAULT_CODES[status] ?? (status >= 500 ? 'AEC_SYSTEM_INTERNAL_ERROR' : 'AEC_BAD_REQUEST');
  const message = status === 503 ? 'OneFS API is temporarily unavailable. Try your request again.' : status === 409 ? 'Conflict: the configuration changed concurrently. Try again.' : `Injected fault (HTTP ${status}).`;
  return papiJson(status, { errors: [{ code, message }] });
}

/**
 * Parses a request body that must be one JSON object, as PAPI does for every JSON input: text that
 * is not JSON, or JSON that is not an object, is a 400 AEC_BAD_REQUEST with PAPI's messages.
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw aec('AEC_BAD_REQUEST', 'Unable to parse json input.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw aec('AEC_BAD_REQUEST', 'Expected a JSON object.');
  return body as Record<string, unknown>;
}

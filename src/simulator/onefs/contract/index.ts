/**
 * The OneFS API contract the simulator is held to: which schema applies to a request or response,
 * and the mismatches of one exchange. The schemas are this project's compact form of the 9.5 API
 * schema (`papi.generated.ts`, written by `npm run contract`); `EXTRA_OPERATIONS` adds the routes
 * the reference does not describe, one entry each, and `SILENT_ANSWERS` lists the answers the
 * schema says nothing about, each with the behaviour it copies and how sure we are.
 *
 * Adding a simulator route: if the reference file describes it, nothing to do here (run
 * `npm run contract` after widening `AREAS` in ./convert if it is a new area); otherwise add one
 * entry to `EXTRA_OPERATIONS`. `contract.test.ts` fails for a route with neither.
 */
import type { ContractOperation } from './convert';
import { PAPI_CONTRACT } from './papi.generated';
import { validate, type Shape } from './shape';

export type { ContractOperation, PapiContract } from './convert';
export { validate } from './shape';
export type { Definitions, Shape } from './shape';

/** Routes the reference does not describe, keyed as in the generated contract. */
export const EXTRA_OPERATIONS: Readonly<Record<string, ContractOperation>> = {};

/** Every operation the contract knows: the generated ones and the extras. */
export const OPERATIONS: Readonly<Record<string, ContractOperation>> = { ...PAPI_CONTRACT.operations, ...EXTRA_OPERATIONS };

/**
 * Answers outside the schema that the simulator gives on purpose, keyed `"<METHOD> <path> <status>"`.
 * `body` is what the answer must look like instead of the error envelope.
 */
export const SILENT_ANSWERS: Readonly<Record<string, { readonly body: readonly ('html' | Shape | 'empty')[]; readonly why: string }>> = {
  'POST /session/1/session 401': {
    body: [{ t: 'object', props: { message: { t: 'string' } }, req: ['message'] }, { ref: 'errorEnvelope' }, 'html'],
    why: 'login refusal (behaviour loginRefusalBody): a top-level message (inferred from a 40-byte body and a client that reads .message; uncertain), or the auth-layer 401',
  },
  'POST /session/1/session/ 404': { body: ['html'], why: 'Apache 404 page for the trailing-slash login (OneFS 9.5.0.1, reported by a client issue)' },
};

/**
 * Mismatches another branch is fixing, each narrowed to one route and one kind of problem so that
 * nothing else slips through. Remove an entry when its fix lands (the contract test fails on an
 * entry that no longer matches anything the simulator sends).
 * - auth users: `total` in the list and three required user members; the `users` branch
 *   (issue 19 / users CRUD) owns users.ts and removes them.
 */
export const PENDING_MISMATCHES: readonly { readonly route: string; readonly problem: RegExp }[] = [];

/**
 * Where the generated 9.5 schema is known to be narrower than the API, each narrowed to one route
 * and one problem, with the source that says so.
 */
export const SCHEMA_GAPS: readonly { readonly route: string; readonly problem: RegExp; readonly why: string }[] = [
  {
    route: 'PUT /platform/N/auth/users/{}',
    problem: /^\$\.password: member not in the schema$/,
    why: "the SDK's AuthUser model has no password, but its AuthUserCreateParams describes password as \"Changes the password for the user\" and Dell's own provider sets a password by this PUT (believed, not observed)",
  },
];

/** `problems` without those `PENDING_MISMATCHES` and `SCHEMA_GAPS` waive for `method pathname`. */
export function withoutPending(method: string, pathname: string, problems: readonly string[]): string[] {
  const key = operationKey(method === 'HEAD' ? 'GET' : method, pathname);
  return problems.filter((p) => ![...PENDING_MISMATCHES, ...SCHEMA_GAPS].some((w) => w.route === key && w.problem.test(p)));
}

/** A route key: `/platform/<n>/` becomes `/platform/N/`. */
function normalise(pathname: string): string {
  return pathname.replace(/^\/platform\/\d+\//, '/platform/N/');
}

const KEYS = Object.keys(OPERATIONS)
  .map((key) => {
    const [method = '', path = ''] = key.split(' ');
    return { key, method, segments: path.split('/') };
  })
  // Literal segments win over `{}` (e.g. `/auth/users/{}` must not swallow a literal route).
  .sort((a, b) => a.segments.filter((s) => s === '{}').length - b.segments.filter((s) => s === '{}').length);

/** The contract key of `method pathname` (`GET /platform/N/zones/{}`), or undefined when none. */
export function operationKey(method: string, pathname: string): string | undefined {
  const segments = normalise(pathname.replace(/(.)\/$/, '$1')).split('/');
  return KEYS.find((k) => k.method === method && k.segments.length === segments.length && k.segments.every((s, i) => s === '{}' || s === segments[i]))?.key;
}

/** An exchange as the checker sees it. */
export interface Exchange {
  readonly method: string;
  readonly pathname: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function jsonProblems(shape: Shape, body: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return ['body is not JSON'];
  }
  return validate(shape, value, PAPI_CONTRACT.definitions);
}

/** Mismatches of a response with the contract; empty when it conforms. */
export function responseProblems(exchange: Exchange): string[] {
  const { method, pathname, status, contentType, body } = exchange;
  const isHead = method === 'HEAD';
  const effective = isHead ? 'GET' : method;
  const silent = SILENT_ANSWERS[`${effective} ${pathname} ${status}`] ?? SILENT_ANSWERS[`${effective} ${normalise(pathname)} ${status}`];
  if (silent) {
    if (isHead) return [];
    const each = silent.body.map((form): string[] => {
      if (form === 'empty') return body === '' ? [] : ['body must be empty'];
      if (form === 'html') return contentType.startsWith('text/html') ? [] : [`expected text/html, got ${contentType || 'no type'}`];
      return jsonProblems('ref' in form && form.ref === 'errorEnvelope' ? PAPI_CONTRACT.errorEnvelope : form, body);
    });
    return each.some((p) => p.length === 0) ? [] : (each[0] ?? []);
  }
  if (status >= 400) {
    // The auth layer's 401 is a static page: HTML on OneFS 9.5+, the envelope without a code before.
    if (status === 401 && contentType.startsWith('text/html')) return [];
    return isHead ? [] : jsonProblems(PAPI_CONTRACT.errorEnvelope, body);
  }
  const key = operationKey(effective, pathname);
  if (key === undefined) return [`no schema for ${effective} ${normalise(pathname)}`];
  const allowed = effective === 'GET' ? [200] : key === 'POST /session/1/session' ? [201] : (PAPI_CONTRACT.successStatus[effective] ?? []);
  const problems = allowed.includes(status) ? [] : [`status ${status} is not a success status of ${key} (${allowed.join(', ')})`];
  const schema = OPERATIONS[key]?.response;
  if (isHead) return problems;
  if (schema === undefined) return body === '' ? problems : [...problems, 'body must be empty'];
  return [...problems, ...jsonProblems(schema, body)];
}

/** Mismatches of a JSON request body with the operation's request schema; empty when it conforms. */
export function requestProblems(method: string, pathname: string, body: string): string[] {
  const key = operationKey(method, pathname);
  if (key === undefined) return [`no schema for ${method} ${normalise(pathname)}`];
  const schema = OPERATIONS[key]?.request;
  if (body.trim() === '') return [];
  if (schema === undefined) return ['the operation takes no body'];
  return jsonProblems(schema, body);
}

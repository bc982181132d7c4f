/**
 * The plumbing every `/platform/...` area shares, so that each area module (`cluster.ts`,
 * `zones.ts`, `users.ts`, `s3-keys.ts`) declares only its paths and methods. Each resource is one
 * msw handler on an origin-agnostic pattern (`*\/platform/:version/...`) that runs, in order: the
 * auth-layer checks, the API-version check (a resource exists from the version that introduced it
 * up to the cluster's latest; anything else is `Path not found: /<v>/<rest>.`), the method check
 * (405 + `Allow`), then the method itself.
 */
import { http, type RequestHandler } from 'msw';
import { SYSTEM_ZONE } from '../../onefs/rules';
import { authenticate, withReplacementCookie } from './auth';
import type { OneFsContext } from './context';
import { aec, PapiFailure, pathNotFound } from './errors';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Params = Record<string, string | readonly string[] | undefined>;
export interface CallArgs {
  request: Request;
  url: URL;
  params: Params;
}
export type MethodImpl = (args: CallArgs) => Response | Promise<Response>;

/** Path after `/platform`, as PAPI quotes it in "Path not found" messages. */
export function platformPath(url: URL): string {
  return url.pathname.replace(/^\/platform/, '');
}

export function param(params: Params, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

/** `?zone=`; absent or empty means the System zone. */
export function zoneOf(url: URL): string {
  return url.searchParams.get('zone') || SYSTEM_ZONE;
}

/** Wraps a resolver with the auth layer and turns thrown `PapiFailure`s into envelopes. */
export function guarded(ctx: OneFsContext, run: (args: CallArgs) => Promise<Response>) {
  return async ({ request, params }: { request: Request; params: Params }): Promise<Response> => {
    const auth = authenticate(ctx, request);
    if ('response' in auth) return auth.response;
    let response: Response;
    try {
      response = await run({ request, url: new URL(request.url), params });
    } catch (err) {
      if (!(err instanceof PapiFailure)) throw err;
      response = err.toResponse();
    }
    return withReplacementCookie(response, auth.replacementCookie);
  };
}

/** What each `resource()` handler serves: its path below `/platform/:version` and its methods. */
export interface ResourceRoute {
  readonly path: string;
  readonly since: number;
  readonly methods: readonly Method[];
}

const ROUTES = new WeakMap<RequestHandler, ResourceRoute>();

/** The route a handler made by `resource()` serves (the contract test lists them); else undefined. */
export function resourceRoute(handler: RequestHandler): ResourceRoute | undefined {
  return ROUTES.get(handler);
}

/** One resource: `path` below `/platform/:version`, introduced in API version `since`. */
export function resource(ctx: OneFsContext, path: string, since: number, methods: Partial<Record<Method, MethodImpl>>): RequestHandler {
  const allowed = (Object.keys(methods) as Method[]).concat(methods.GET ? ['HEAD' as Method] : []);
  const allow = allowed.join(', ');
  const handler = http.all(
    `*/platform/:version${path}`,
    guarded(ctx, async (args) => {
      const version = param(args.params, 'version');
      if (!/^\d+$/.test(version) || Number(version) < since || Number(version) > ctx.model.apiVersion) throw pathNotFound(platformPath(args.url));
      const isHead = args.request.method === 'HEAD';
      const impl = methods[(isHead ? 'GET' : args.request.method) as Method];
      if (!impl) {
        const response = aec('AEC_METHOD_NOT_ALLOWED', `Only methods ${allow} are allowed for this resource.`).toResponse();
        response.headers.set('Allow', allow);
        return response;
      }
      const response = await impl(args);
      response.headers.set('Allow', allow);
      return isHead ? new Response(null, { status: response.status, headers: response.headers }) : response;
    }),
  );
  ROUTES.set(handler, { path, since, methods: Object.keys(methods) as Method[] });
  return handler;
}

/** Parses an optional boolean query argument the way PAPI accepts them. */
export function booleanArg(url: URL, name: string): boolean {
  const raw = url.searchParams.get(name);
  if (raw === null) return false;
  if (raw === 'true' || raw === '1' || raw === '') return true;
  if (raw === 'false' || raw === '0') return false;
  throw aec('AEC_BAD_REQUEST', `Value '${raw}' for argument '${name}' is not a valid boolean.`, name);
}

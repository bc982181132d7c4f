/**
 * `/platform/...` resources. Each resource is one msw handler on an origin-agnostic pattern
 * (`*\/platform/:version/...`) that runs, in order: the auth-layer checks, the API-version check
 * (a resource exists from the version that introduced it up to the cluster's latest; anything else
 * is `Path not found: /<v>/<rest>.`), the method check (405 + `Allow`), then the method itself.
 * A final catch-all answers 404 for unknown paths, after authentication, as Apache does.
 */
import { http, type RequestHandler } from 'msw';
import { authenticate, withReplacementCookie } from './auth';
import type { OneFsContext } from './context';
import { aec, PapiFailure, parseJsonObject, pathNotFound } from './errors';
import { SYSTEM_ZONE } from './model';
import { MAX_EXISTING_KEY_EXPIRY_MINUTES } from './s3-keys';
import { papiEmpty, papiJson } from './wire';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Params = Record<string, string | readonly string[] | undefined>;
interface CallArgs {
  request: Request;
  url: URL;
  params: Params;
}
type MethodImpl = (args: CallArgs) => Response | Promise<Response>;

/** Path after `/platform`, as PAPI quotes it in "Path not found" messages. */
function platformPath(url: URL): string {
  return url.pathname.replace(/^\/platform/, '');
}

function param(params: Params, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

/** `?zone=`; absent or empty means the System zone. */
function zoneOf(url: URL): string {
  return url.searchParams.get('zone') || SYSTEM_ZONE;
}

/** Wraps a resolver with the auth layer and turns thrown `PapiFailure`s into envelopes. */
function guarded(ctx: OneFsContext, run: (args: CallArgs) => Promise<Response>) {
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

/** One resource: `path` below `/platform/:version`, introduced in API version `since`. */
function resource(ctx: OneFsContext, path: string, since: number, methods: Partial<Record<Method, MethodImpl>>): RequestHandler {
  const allowed = (Object.keys(methods) as Method[]).concat(methods.GET ? ['HEAD' as Method] : []);
  const allow = allowed.join(', ');
  return http.all(
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
}

/** Parses an optional boolean query argument the way PAPI accepts them. */
function booleanArg(url: URL, name: string): boolean {
  const raw = url.searchParams.get(name);
  if (raw === null) return false;
  if (raw === 'true' || raw === '1' || raw === '') return true;
  if (raw === 'false' || raw === '0') return false;
  throw aec('AEC_BAD_REQUEST', `Value '${raw}' for argument '${name}' is not a valid boolean.`, name);
}

/** Decodes the POST s3/keys body: absent, `{}` or `{"existing_key_expiry_time": 0..1440}`. */
async function expiryMinutes(request: Request): Promise<number> {
  const text = (await request.text()).trim();
  if (text === '') return 0;
  const record = parseJsonObject(text);
  const unknown = Object.keys(record).filter((k) => k !== 'existing_key_expiry_time');
  if (unknown.length > 0) throw new PapiFailure(unknown.map((k) => ({ code: 'AEC_BAD_REQUEST', field: k, message: `Field: ${k} is not a valid input field.` })));
  const value = record.existing_key_expiry_time;
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw aec('AEC_BAD_REQUEST', `Field: existing_key_expiry_time had an invalid value: expected an integer.`, 'existing_key_expiry_time');
  }
  if (value < 0 || value > MAX_EXISTING_KEY_EXPIRY_MINUTES) {
    throw aec('AEC_BAD_REQUEST', `Field: existing_key_expiry_time had value ${value}, which is not between 0 and ${MAX_EXISTING_KEY_EXPIRY_MINUTES}.`, 'existing_key_expiry_time');
  }
  return value;
}

/** The user named in `/auth/users/<id>`: `USER:<name>`, `UID:<n>` or a bare name. */
function resolveUserId(ctx: OneFsContext, zone: string, id: string) {
  const uid = /^UID:(\d+)$/.exec(id);
  if (uid) {
    const found = ctx.model.listUsers(zone).find((u) => u.uid === Number(uid[1]));
    if (!found) throw aec('AEC_NOT_FOUND', `Failed to find user for '${id}': No such user`);
    return found;
  }
  return ctx.model.getUser(zone, id.replace(/^USER:/, ''));
}

/** The `/platform` handlers, most specific first. */
export function platformRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    http.all(
      '*/platform/latest',
      guarded(ctx, async ({ request, url }) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') throw aec('AEC_METHOD_NOT_ALLOWED', 'Only methods GET, HEAD are allowed for this resource.');
        if (url.pathname.replace(/\/$/, '') !== '/platform/latest') throw pathNotFound(platformPath(url));
        return papiJson(200, { latest: String(model.apiVersion) });
      }),
    ),
    resource(ctx, '/cluster/config', 1, { GET: () => papiJson(200, model.clusterConfigBody()) }),
    resource(ctx, '/cluster/identity', 1, { GET: () => papiJson(200, model.clusterIdentityBody()) }),
    resource(ctx, '/zones', 1, {
      GET: () => {
        const zones = model.listZones().map((z) => model.zoneBody(z));
        return papiJson(200, { total: zones.length, zones });
      },
    }),
    resource(ctx, '/zones/:zone', 1, {
      // The API schema's ZoneId is the integer zone_id; clusters also answer by name (Dell's provider uses names).
      GET: ({ params }) => {
        const key = param(params, 'zone');
        const byId = /^\d+$/.test(key) ? model.listZones().find((z) => z.zoneId === Number(key)) : undefined;
        return papiJson(200, { zones: [model.zoneBody(byId ?? model.getZone(key))] });
      },
    }),
    resource(ctx, '/auth/users', 1, {
      GET: ({ url }) => {
        const users = model.listUsers(zoneOf(url)).map((u) => model.userBody(u));
        return papiJson(200, { resume: null, total: users.length, users });
      },
    }),
    resource(ctx, '/auth/users/:id', 1, {
      GET: ({ url, params }) => papiJson(200, { users: [model.userBody(resolveUserId(ctx, zoneOf(url), param(params, 'id')))] }),
    }),
    resource(ctx, '/protocols/s3/keys/:user', 10, {
      GET: ({ url, params }) => {
        const user = param(params, 'user');
        const view = model.getKey(zoneOf(url), user);
        if (view) return papiJson(200, { keys: view });
        if (ctx.behaviour.s3MissingKey === 'not-found') throw aec('AEC_NOT_FOUND', `No S3 key found for user '${user}'.`);
        return papiJson(200, { keys: { access_id: null, old_key_expiry: null, old_key_timestamp: null, secret_key_timestamp: null } });
      },
      POST: async ({ request, url, params }) => {
        const force = booleanArg(url, 'force');
        const minutes = await expiryMinutes(request);
        const keys = model.createKey(zoneOf(url), param(params, 'user'), { force, existingKeyExpiryMinutes: minutes });
        return papiJson(201, { keys });
      },
      DELETE: ({ url, params }) => {
        const user = param(params, 'user');
        const existed = model.deleteKey(zoneOf(url), user);
        if (!existed && ctx.behaviour.s3DeleteMissingKeyStatus === 404) throw aec('AEC_NOT_FOUND', `No S3 key found for user '${user}'.`);
        return papiEmpty(204);
      },
    }),
    http.all(
      '*/platform/*',
      guarded(ctx, async ({ url }) => {
        throw pathNotFound(platformPath(url));
      }),
    ),
  ];
}

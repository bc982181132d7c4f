/**
 * The control API: plain HTTP on loopback, for tests and scripts to steer a running simulator.
 * Every route answers JSON; failures are `{"error": "<message>"}` with a 4xx status (model
 * failures keep their PAPI status, e.g. 404 for an unknown zone).
 *
 * | Route | Effect |
 * | --- | --- |
 * | `POST /reset` | both services, counters, faults, latency and clock back to the start |
 * | `POST /sessions/expire` | every OneFS session ends -> `{"expired": n}` |
 * | `POST /users {"zone","name"}`, `DELETE /users/<zone>/<name>` | local users |
 * | `POST /users/authenticate {"zone","name","password"}` | `{"authenticated": bool}`: checks a local user's password |
 * | `POST /zones {"name"}`, `DELETE /zones/<name>` | access zones |
 * | `POST /quotas/usage {"path","logical"}` | sets the logical bytes used under every quota on `path` -> `{"quotas": n}`; 404 when it has none |
 * | `POST /faults <spec>`, `GET /faults`, `DELETE /faults` | injected faults (see ./faults) |
 * | `POST /latency {"ms"}` | latency added to every OneFS and DAP request |
 * | `GET /contract` | `{"mode","violations":[...]}`: OneFS answers that broke the API contract since the last reset |
 * | `GET /stats` | request counts per service and route, logins, active sessions |
 * | `POST /onefs/options {...}` | OneFS behaviour knobs and session timeouts |
 * | `POST /onefs/profile {"release"}` | answer as OneFS 9.2, 9.4, 9.5, 9.5.0.3 or 9.10 (see ./onefs/profiles) |
 * | `POST /clock {"advanceMs"?, "freeze"?}` | moves simulated time forward (sessions, key expiry); `freeze` stops or restarts it |
 * | `GET /s3/keys/<zone>/<user>` | the key as GET shows it (no secrets), 404 when none |
 * | `POST /s3/authenticate {"accessId","secret"}` | `{"authenticated": bool}` at simulated now |
 * | `POST /dap/options {...}` | `dap.setOptions` |
 * | `GET /dap/secrets/<key>` | `{"key","value"}`, 404 when absent |
 */
import { http, type RequestHandler } from 'msw';
import type { Simulator } from './composite';
import { FaultSpecError, parseFaultSpec } from './faults';
import { PapiFailure } from './onefs';

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function jsonValue(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    throw new ControlError(400, 'body is not JSON');
  }
}

async function jsonObject(request: Request): Promise<Record<string, unknown>> {
  const body = await jsonValue(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlError(400, 'body must be a JSON object');
  return body as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new ControlError(400, `"${key}" must be a non-empty string`);
  return value;
}

function numberField(body: Record<string, unknown>, key: string): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ControlError(400, `"${key}" must be a non-negative number`);
  return value;
}

function param(params: Record<string, string | readonly string[] | undefined>, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

type Resolver = (args: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => Promise<Response> | Response;

/** Maps thrown errors to `{"error"}` responses. */
function route(resolver: Resolver): Resolver {
  return async (args) => {
    try {
      return await resolver(args);
    } catch (err) {
      if (err instanceof ControlError) return Response.json({ error: err.message }, { status: err.status });
      if (err instanceof PapiFailure) return Response.json({ error: err.message, errors: err.errors }, { status: err.status });
      if (err instanceof FaultSpecError || err instanceof TypeError || err instanceof RangeError) return Response.json({ error: err.message }, { status: 400 });
      throw err;
    }
  };
}

const noContent = () => new Response(null, { status: 204 });

/** The control API handlers for one simulator. */
export function controlHandlers(sim: Simulator): RequestHandler[] {
  const { onefs, dap, traffic } = sim;
  const { model } = onefs;
  return [
    http.post('*/reset', route(() => (sim.reset(), noContent()))),
    http.post('*/sessions/expire', route(() => Response.json({ expired: onefs.expireSessions() }))),
    http.post(
      '*/users',
      route(async ({ request }) => {
        const body = await jsonObject(request);
        const user = model.addUser(stringField(body, 'zone'), stringField(body, 'name'));
        return Response.json({ zone: user.zone, name: user.name, uid: user.uid }, { status: 201 });
      }),
    ),
    http.post(
      '*/users/authenticate',
      route(async ({ request }) => {
        const body = await jsonObject(request);
        return Response.json({ authenticated: model.authenticateUser(stringField(body, 'zone'), stringField(body, 'name'), stringField(body, 'password')) });
      }),
    ),
    http.delete('*/users/:zone/:name', route(({ params }) => (model.removeUser(param(params, 'zone'), param(params, 'name')), noContent()))),
    http.post(
      '*/zones',
      route(async ({ request }) => {
        const zone = model.addZone(stringField(await jsonObject(request), 'name'));
        return Response.json({ name: zone.name, path: zone.path, zoneId: zone.zoneId }, { status: 201 });
      }),
    ),
    http.post(
      '*/quotas/usage',
      route(async ({ request }) => {
        const body = await jsonObject(request);
        const path = stringField(body, 'path');
        const logical = numberField(body, 'logical');
        if (!Number.isSafeInteger(logical)) throw new ControlError(400, '"logical" must be a whole number of bytes');
        const quotas = model.quotas.setUsage(path, logical);
        if (quotas === 0) throw new ControlError(404, `no quota on path ${JSON.stringify(path)}`);
        return Response.json({ quotas });
      }),
    ),
    http.delete('*/zones/:name', route(({ params }) => (model.removeZone(param(params, 'name')), noContent()))),
    http.post('*/faults', route(async ({ request }) => Response.json(traffic.faults.add(parseFaultSpec(await jsonValue(request))), { status: 201 }))),
    http.get('*/faults', route(() => Response.json(traffic.faults.list()))),
    http.delete('*/faults', route(() => (traffic.faults.clear(), noContent()))),
    http.post(
      '*/latency',
      route(async ({ request }) => {
        traffic.latencyMs = numberField(await jsonObject(request), 'ms');
        return noContent();
      }),
    ),
    http.get('*/stats', route(() => Response.json(sim.stats()))),
    http.get('*/contract', route(() => Response.json({ mode: sim.contract.mode, violations: sim.contract.list() }))),
    http.post('*/onefs/options', route(async ({ request }) => (onefs.setOptions(await jsonObject(request)), noContent()))),
    http.post('*/onefs/profile', route(async ({ request }) => (onefs.setRelease(stringField(await jsonObject(request), 'release')), noContent()))),
    http.post(
      '*/clock',
      route(async ({ request }) => {
        const body = await jsonObject(request);
        const freeze = body.freeze;
        if (freeze !== undefined && typeof freeze !== 'boolean') throw new ControlError(400, '"freeze" must be true or false');
        if (body.advanceMs !== undefined || freeze === undefined) onefs.clock.advance(numberField(body, 'advanceMs'));
        if (freeze === true) onefs.clock.freeze();
        if (freeze === false) onefs.clock.thaw();
        return Response.json({ now: onefs.clock.now() });
      }),
    ),
    http.get(
      '*/s3/keys/:zone/:user',
      route(({ params }) => {
        const view = model.getKey(param(params, 'zone'), param(params, 'user'));
        return view ? Response.json(view) : Response.json({ error: 'no key' }, { status: 404 });
      }),
    ),
    http.post(
      '*/s3/authenticate',
      route(async ({ request }) => {
        const body = await jsonObject(request);
        return Response.json({ authenticated: model.s3Authenticate(stringField(body, 'accessId'), stringField(body, 'secret')) });
      }),
    ),
    http.post(
      '*/dap/options',
      route(async ({ request }) => {
        try {
          dap.setOptions(await jsonObject(request));
        } catch (err) {
          if (err instanceof ControlError) throw err;
          throw new ControlError(400, err instanceof Error ? err.message : 'invalid DAP options');
        }
        return noContent();
      }),
    ),
    http.get(
      '*/dap/secrets/*',
      route(({ request }) => {
        const key = decodeURIComponent(new URL(request.url).pathname.replace(/^\/dap\/secrets\//, ''));
        const value = dap.peek(key);
        return value === undefined ? Response.json({ error: 'no such secret' }, { status: 404 }) : Response.json({ key, value });
      }),
    ),
  ];
}

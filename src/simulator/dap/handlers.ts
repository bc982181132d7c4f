/**
 * msw handlers for `/api/v3.1/secrets`, origin-agnostic (`*\/api/v3.1/...`) so the same handlers run
 * in-process (unit tests) and behind the HTTPS simulator. They check requests against the real
 * contract (auth and Tenant headers, body types, key rules) and answer with the manager's bodies.
 */
import { http, HttpResponse, type RequestHandler } from 'msw';
import { DapFailure, type DapModel, type DapUser, type StoredSecret, type Visibility } from './model';

const BASE = '*/api/v3.1/secrets';

/** The manager's error envelope (`ManagerException.to_response`). */
export interface DapErrorEnvelope {
  message: string;
  error_code: string;
  server_traceback: null;
}

/** Builds the manager's error envelope. */
export function dapErrorBody(errorCode: string, message: string): DapErrorEnvelope {
  return { message, error_code: errorCode, server_traceback: null };
}

function failureResponse(failure: DapFailure): Response {
  return HttpResponse.json(dapErrorBody(failure.errorCode, failure.message), { status: failure.status });
}

/** Turns a thrown DapFailure into its response; anything else is a simulator bug and becomes a 500. */
function guarded(fn: (request: Request, params: Record<string, string | readonly string[] | undefined>) => Response | Promise<Response>) {
  return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }): Promise<Response> => {
    try {
      return await fn(request, params);
    } catch (error) {
      if (error instanceof DapFailure) return failureResponse(error);
      const message = error instanceof Error ? error.message : String(error);
      return HttpResponse.json(dapErrorBody('internal_server_error', `simulator error: ${message}`), { status: 500 });
    }
  };
}

/**
 * Authenticates like the manager: `Authentication-Token`, else `Authorization: Basic`; then the
 * `Tenant` header must name a known tenant the user belongs to (admins belong to all). Every failure
 * is 401 `unauthorized_error` ("User unauthorized: ..."), as `raise_unauthorized_user_error` does.
 */
function authenticate(model: DapModel, request: Request): { user: DapUser; tenant: string } {
  const token = request.headers.get('authentication-token');
  const authorization = request.headers.get('authorization');
  let user: DapUser | undefined;
  if (token !== null) {
    user = model.users.find((u) => u.token === token);
  } else if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    user = model.users.find((u) => u.username === username && u.password === password);
  } else {
    throw new DapFailure(401, 'unauthorized_error', 'User unauthorized: No authentication info provided');
  }
  if (!user) throw new DapFailure(401, 'unauthorized_error', 'User unauthorized');
  const tenant = request.headers.get('tenant');
  if (!tenant) throw new DapFailure(401, 'unauthorized_error', 'User unauthorized: a Tenant name was not provided');
  if (!model.behaviour.tenants.includes(tenant)) throw new DapFailure(401, 'unauthorized_error', `User unauthorized: Provided tenant name unknown: ${tenant}`);
  if (!user.admin && !user.tenants.includes(tenant)) {
    throw new DapFailure(401, 'unauthorized_error', `User unauthorized: <User username=\`${user.username}\`> is not associated with <Tenant name=\`${tenant}\`>`);
  }
  return { user, tenant };
}

async function jsonObject(request: Request): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await request.text());
  } catch {
    throw new DapFailure(400, 'bad_parameters_error', 'Request body is not a valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DapFailure(400, 'bad_parameters_error', 'Request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function keyParam(params: Record<string, string | readonly string[] | undefined>): string {
  const raw = params.key;
  if (typeof raw !== 'string') throw new DapFailure(400, 'bad_parameters_error', 'Missing key');
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new DapFailure(400, 'bad_parameters_error', `Invalid key: ${raw}`);
  }
}

function optionalBool(body: Record<string, unknown>, name: string): boolean | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new DapFailure(400, 'bad_parameters_error', `${name} must be a boolean, got ${typeof v}`);
  return v;
}

function optionalVisibility(body: Record<string, unknown>): Visibility | undefined {
  const v = body.visibility;
  if (v === undefined) return undefined;
  if (v !== 'private' && v !== 'tenant' && v !== 'global') throw new DapFailure(400, 'bad_parameters_error', `Invalid visibility: \`${String(v)}\`. Valid visibility's values are: private, tenant, global`);
  return v;
}

/** An old manager only knows `value`; it refuses every newer parameter by name. */
function refuseNewParameters(model: DapModel, body: Record<string, unknown>): void {
  if (!model.behaviour.oldManager) return;
  const extra = Object.keys(body).filter((k) => k !== 'value');
  if (extra.length > 0) throw new DapFailure(400, 'bad_parameters_error', `Unknown parameters: ${extra.join(', ')}`);
}

/** The Secret resource as the manager renders it; the value is blanked when hidden from `user`. */
function secretJson(model: DapModel, secret: StoredSecret, user: DapUser, options: { withValue: boolean }): Record<string, unknown> {
  const json: Record<string, unknown> = {
    key: secret.key,
    created_at: secret.createdAt,
    updated_at: secret.updatedAt,
    visibility: secret.visibility,
    resource_availability: secret.visibility,
    private_resource: secret.visibility === 'private',
    tenant_name: secret.tenant,
    created_by: secret.createdBy,
    is_hidden_value: secret.isHiddenValue,
    schema: secret.schema,
    provider_name: null,
    provider_options: null,
  };
  if (options.withValue) {
    json.value = model.maySeeValue(secret, user) ? secret.value : model.behaviour.hiddenValueAs === 'null' ? null : '';
  }
  return json;
}

/** Handlers over `model`, happy paths and the manager's own errors. */
export function createDapHandlers(model: DapModel): RequestHandler[] {
  return [
    http.get(
      BASE,
      guarded((request) => {
        const { user, tenant } = authenticate(model, request);
        const query = new URL(request.url).searchParams;
        const search = query.get('_search') ?? '';
        const size = Math.max(0, Number(query.get('_size') ?? 1000) || 0);
        const offset = Math.max(0, Number(query.get('_offset') ?? 0) || 0);
        const all = model.list(tenant).filter((s) => s.key.includes(search));
        const items = all.slice(offset, offset + size).map((s) => secretJson(model, s, user, { withValue: false }));
        return HttpResponse.json({ items, metadata: { pagination: { total: all.length, size, offset } } });
      }),
    ),
    http.get(
      `${BASE}/:key`,
      guarded((request, params) => {
        const { user, tenant } = authenticate(model, request);
        const secret = model.require(tenant, keyParam(params));
        const skipValue = new URL(request.url).searchParams.get('_skip_value') === 'true';
        return HttpResponse.json(secretJson(model, secret, user, { withValue: !skipValue }));
      }),
    ),
    http.put(
      `${BASE}/:key`,
      guarded(async (request, params) => {
        const { user, tenant } = authenticate(model, request);
        const key = keyParam(params);
        const body = await jsonObject(request);
        refuseNewParameters(model, body);
        if (body.value === undefined || body.value === null || body.value === '') {
          throw new DapFailure(400, 'bad_parameters_error', 'Failed creating secret: `value` or `provider_name` is required');
        }
        const secret = model.create(tenant, user, {
          key,
          value: body.value,
          ...(body.schema !== undefined ? { schema: body.schema } : {}),
          visibility: optionalVisibility(body) ?? 'tenant',
          isHiddenValue: optionalBool(body, 'is_hidden_value') ?? false,
          updateIfExists: optionalBool(body, 'update_if_exists') ?? false,
        });
        return HttpResponse.json(secretJson(model, secret, user, { withValue: true }));
      }),
    ),
    http.patch(
      `${BASE}/:key`,
      guarded(async (request, params) => {
        const { user, tenant } = authenticate(model, request);
        const key = keyParam(params);
        const body = await jsonObject(request);
        refuseNewParameters(model, body);
        if (Object.keys(body).length === 0) throw new DapFailure(400, 'illegal_action_error', 'Nothing to update: the request body is empty');
        const visibility = optionalVisibility(body);
        const isHiddenValue = optionalBool(body, 'is_hidden_value');
        const secret = model.update(tenant, user, key, {
          value: body.value,
          ...(visibility !== undefined ? { visibility } : {}),
          ...(isHiddenValue !== undefined ? { isHiddenValue } : {}),
        });
        return HttpResponse.json(secretJson(model, secret, user, { withValue: true }));
      }),
    ),
    http.delete(
      `${BASE}/:key`,
      guarded((request, params) => {
        const { user, tenant } = authenticate(model, request);
        const secret = model.remove(tenant, user, keyParam(params));
        if (model.behaviour.deleteReturnsBody) return HttpResponse.json(secretJson(model, secret, user, { withValue: true }));
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}

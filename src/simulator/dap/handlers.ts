/**
 * msw handlers for `/api/v3/secrets` and `/api/v3.1/secrets`, origin-agnostic (`*\/api/v3.1/...`) so the same handlers run
 * in-process (unit tests) and behind the HTTPS simulator. They check requests against the real
 * contract (auth and Tenant headers, body types, key rules) and answer with the manager's bodies.
 */
import { randomBytes } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { checkKey, DapFailure, type DapModel, type DapUser, type StoredSecret, type Visibility } from './model';

/** Secrets are served on `/api/v3` and `/api/v3.1` only [rest-service/manager_rest/rest/endpoint_mapper.py]. */
const BASES = ['*/api/v3/secrets', '*/api/v3.1/secrets'];

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

type SecretAction = 'secret_get' | 'secret_list' | 'secret_create' | 'secret_update' | 'secret_delete';

/**
 * Authenticates like the manager: `Authorization: Basic` first, else `Authentication-Token`
 * [rest-service/manager_rest/security/authentication.py `_internal_auth`]. Only a failed
 * authentication is 401 `unauthorized_error`, worded as 4.x's `raise_unauthorized_user_error`
 * (app_logging.py); tenant problems are the authorizer's 403s (see {@link authorize}).
 */
function authenticate(model: DapModel, request: Request): DapUser {
  const token = request.headers.get('authentication-token');
  const authorization = request.headers.get('authorization');
  let user: DapUser | undefined;
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    user = model.users.find((u) => u.username === username && u.password === password);
    if (!user) throw new DapFailure(401, 'unauthorized_error', `User unauthorized: Authentication failed for <User username=\`${username}\`>`);
  } else if (token !== null) {
    user = model.users.find((u) => u.token === token);
    if (!user) throw new DapFailure(401, 'unauthorized_error', 'User unauthorized: Authentication token is invalid');
  } else {
    throw new DapFailure(401, 'unauthorized_error', 'User unauthorized: No authentication info provided');
  }
  return user;
}

/**
 * The `@authorize(action)` decorator: an unknown `Tenant` is 403 "invalid tenant name"; a user
 * with no role allowing `action` in the tenant (not a member, a viewer writing, or no `Tenant`
 * header at all) is 403 "not permitted to perform the action" — in every release from 4.2 on
 * [rest-service/manager_rest/security/authorization.py `authorize`, `check_user_action_allowed`].
 * A system admin without a `Tenant` header gets `TenantNotProvided`, also a ForbiddenError
 * [manager_rest/utils.py `current_tenant`; manager_exceptions.py].
 */
function authorize(model: DapModel, request: Request, user: DapUser, action: SecretAction): string {
  const tenant = request.headers.get('tenant');
  if (tenant && !model.behaviour.tenants.includes(tenant)) {
    throw new DapFailure(403, 'forbidden_error', `Authorization failed: Tried to authenticate with invalid tenant name: ${tenant}`);
  }
  const role = tenant ? user.roles[tenant] : undefined;
  const allowed = user.admin || (role !== undefined && (role !== 'viewer' || action === 'secret_get' || action === 'secret_list'));
  if (!allowed) {
    throw new DapFailure(403, 'forbidden_error', `User \`${user.username}\` is not permitted to perform the action ${action}${tenant ? ` in the tenant \`${tenant}\`` : ''}`);
  }
  if (!tenant) throw new DapFailure(403, 'forbidden_error', 'Authorization failed: tenant not provided');
  return tenant;
}

/** Who asks, in which tenant, for what key: the checks every `/secrets/<key>` verb starts with. */
function begin(model: DapModel, request: Request, params: Record<string, string | readonly string[] | undefined>, action: SecretAction): { user: DapUser; tenant: string; key: string } {
  const user = authenticate(model, request);
  const tenant = authorize(model, request, user, action);
  const key = keyParam(params);
  // Every verb validates the key first: a bad key is 400 on GET/PATCH/DELETE too, never 404
  // [resources_v3/secrets.py: `rest_utils.validate_inputs({'key': key})` in get/put/patch/delete].
  checkKey(key);
  return { user, tenant, key };
}

/**
 * The body of a PUT or PATCH: the Content-Type must be exactly `application/json` (parameters
 * such as `; charset=utf-8` included make it differ), else 415 [rest_utils.py
 * `get_json_and_verify_params`; manager_exceptions.py `UnsupportedContentTypeError`].
 */
async function jsonObject(request: Request): Promise<Record<string, unknown>> {
  if (request.headers.get('content-type') !== 'application/json') {
    throw new DapFailure(415, 'unsupported_content_type_error', 'Content type must be application/json');
  }
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

/** Booleans may be JSON booleans or the strings "true"/"false" [rest_utils.py `verify_and_convert_bool`]. */
function optionalBool(body: Record<string, unknown>, name: string): boolean | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new DapFailure(400, 'bad_parameters_error', `${name} must be <true/false>, got ${String(v)}`);
}

function optionalVisibility(body: Record<string, unknown>): Visibility | undefined {
  const v = body.visibility;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new DapFailure(400, 'bad_parameters_error', `visibility parameter is expected to be of type str but is of type ${typeof v}`);
  if (v !== 'private' && v !== 'tenant' && v !== 'global') throw new DapFailure(400, 'bad_parameters_error', `Invalid visibility: \`${v}\`. Valid visibility's values are: private, tenant, global`);
  return v;
}

/**
 * The value rules of a release. 4.4 declares `value` a string (400 otherwise, `'value': {'type':
 * unicode}` in resources_v3_1/secrets.py@4.4). 7.x declares no type: a non-string without a schema
 * reaches `encrypt()`, which takes a str, and fails as a 500 (resources_v3/secrets.py
 * `_get_secret_params`; cloudify-common cloudify/cryptography_utils.py `encrypt`). Every release
 * refuses a falsy value on PUT (400).
 */
function checkValue(model: DapModel, value: unknown, hasSchema: boolean, verb: 'PUT' | 'PATCH'): void {
  if (verb === 'PUT' && (value === undefined || value === null || value === '' || value === false || value === 0)) {
    throw new DapFailure(400, 'bad_parameters_error', value === undefined ? 'Missing value in json request body' : 'Cannot create a secret with empty value or provider');
  }
  if (value === undefined || typeof value === 'string' || hasSchema) return;
  if (model.behaviour.version === '4.4') throw new DapFailure(400, 'bad_parameters_error', `value parameter is expected to be of type unicode but is of type ${pyType(value)}`);
  if (model.behaviour.version === '7.x') throw new DapFailure(500, 'internal_server_error', 'Internal error occurred in manager REST server');
}

function pyType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' && value !== null ? 'dict' : 'NoneType';
}

/**
 * A Fernet token standing for the stored ciphertext: what PUT and PATCH answer on 4.3+, where the
 * value column holds `encrypt(value)` and the response marshals the column as it is
 * [resource_manager.py `create_secret`, `update_secret`; resources_v3/secrets.py `patch`]. Only GET
 * decrypts (`get_secret_method`).
 */
function ciphertext(): string {
  return `gAAAAA${randomBytes(60).toString('base64url')}`;
}

/**
 * The Secret resource as the manager renders it [storage/resource_models.py `Secret`]. 4.2 has no
 * `visibility`, `is_hidden_value` nor `schema` fields (only `private_resource` and
 * `resource_availability`); 4.4 no `schema` or provider fields.
 */
function secretJson(model: DapModel, secret: StoredSecret, user: DapUser, value: 'none' | 'plain' | 'written'): Record<string, unknown> {
  const features = model.features;
  const json: Record<string, unknown> = {
    key: secret.key,
    created_at: secret.createdAt,
    updated_at: secret.updatedAt,
    resource_availability: secret.visibility,
    private_resource: secret.visibility === 'private',
    tenant_name: secret.tenant,
    created_by: secret.createdBy,
  };
  if (features.upsertAndVisibility) json.visibility = secret.visibility;
  if (features.hiddenValue) json.is_hidden_value = secret.isHiddenValue;
  if (features.schema) Object.assign(json, { schema: secret.schema, provider_name: null, provider_options: null });
  if (value === 'written') json.value = features.encrypts ? ciphertext() : secret.value;
  else if (value === 'plain') json.value = model.maySeeValue(secret, user) ? secret.value : model.behaviour.hiddenValueAs === 'null' ? null : '';
  return json;
}

/** Handlers over `model` on `/api/v3` and `/api/v3.1` (the only prefixes serving secrets, endpoint_mapper.py). */
export function createDapHandlers(model: DapModel): RequestHandler[] {
  return BASES.flatMap((base) => handlersAt(model, base));
}

function handlersAt(model: DapModel, base: string): RequestHandler[] {
  return [
    http.get(
      base,
      guarded((request) => {
        const user = authenticate(model, request);
        const tenant = authorize(model, request, user, 'secret_list');
        const query = new URL(request.url).searchParams;
        const search = query.get('_search') ?? '';
        const size = Math.max(0, Number(query.get('_size') ?? 1000) || 0);
        const offset = Math.max(0, Number(query.get('_offset') ?? 0) || 0);
        const all = model.list(tenant, user).filter((s) => s.key.includes(search));
        const items = all.slice(offset, offset + size).map((s) => secretJson(model, s, user, 'none'));
        return HttpResponse.json({ items, metadata: { pagination: { total: all.length, size, offset } } });
      }),
    ),
    http.get(
      `${base}/:key`,
      guarded((request, params) => {
        const { user, tenant, key } = begin(model, request, params, 'secret_get');
        const secret = model.require(tenant, key, user);
        // `_skip_value` arrived in 7.0; older managers ignore the argument and send the value.
        const skipValue = model.features.skipValue && /^true$/i.test(new URL(request.url).searchParams.get('_skip_value') ?? '');
        const json = secretJson(model, secret, user, 'plain');
        if (skipValue) json.value = '';
        return HttpResponse.json(json);
      }),
    ),
    http.put(
      `${base}/:key`,
      guarded(async (request, params) => {
        const { user, tenant, key } = begin(model, request, params, 'secret_create');
        const body = await jsonObject(request);
        const features = model.features;
        const schema = features.schema && body.schema !== undefined && body.schema !== null ? body.schema : undefined;
        checkValue(model, body.value, schema !== undefined, 'PUT');
        // Fields a release does not know are ignored, never refused: get_json_and_verify_params
        // only checks the parameters it names (4.2 names only `value`).
        const secret = model.create(tenant, user, {
          key,
          value: body.value,
          ...(schema !== undefined ? { schema } : {}),
          visibility: (features.upsertAndVisibility ? optionalVisibility(body) : undefined) ?? 'tenant',
          isHiddenValue: (features.hiddenValue ? optionalBool(body, 'is_hidden_value') : undefined) ?? false,
          updateIfExists: (features.upsertAndVisibility ? optionalBool(body, 'update_if_exists') : undefined) ?? false,
        });
        return HttpResponse.json(secretJson(model, secret, user, 'written'));
      }),
    ),
    http.patch(
      `${base}/:key`,
      guarded(async (request, params) => {
        const { user, tenant, key } = begin(model, request, params, 'secret_update');
        const body = await jsonObject(request);
        const features = model.features;
        if (!features.upsertAndVisibility) {
          // 4.2's PATCH takes `value` only, and requires it (`_validate_secret_inputs`).
          checkValue(model, body.value, false, 'PUT');
          return HttpResponse.json(secretJson(model, model.update(tenant, user, key, { value: body.value }), user, 'written'));
        }
        if (Object.keys(body).length === 0) throw new DapFailure(400, 'illegal_action_error', 'Update a secret request must include at least one parameter to update');
        const visibility = optionalVisibility(body);
        const isHiddenValue = optionalBool(body, 'is_hidden_value');
        const existing = model.find(tenant, key);
        checkValue(model, body.value, existing !== undefined && existing.schema !== null, 'PATCH');
        const secret = model.update(tenant, user, key, {
          value: body.value,
          ...(visibility !== undefined ? { visibility } : {}),
          ...(isHiddenValue !== undefined ? { isHiddenValue } : {}),
        });
        return HttpResponse.json(secretJson(model, secret, user, 'written'));
      }),
    ),
    http.delete(
      `${base}/:key`,
      guarded((request, params) => {
        const { user, tenant, key } = begin(model, request, params, 'secret_delete');
        const secret = model.remove(tenant, user, key);
        if (model.features.deleteReturnsBody || model.behaviour.deleteReturnsBody) return HttpResponse.json(secretJson(model, secret, user, 'written'));
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}

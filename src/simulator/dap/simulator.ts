import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'msw';
import { createDapHandlers, dapErrorBody, type DapErrorEnvelope } from './handlers';
import { DAP_VERSIONS, DapModel, type DapBehaviour, type DapUser, type DapVersion, type Visibility } from './model';

/** Construction options; everything has a default. */
export interface DapSimulatorOptions {
  /** Tenant name the simulator accepts (default "default_tenant"). */
  tenant?: string;
  /** More tenants that exist (the admin belongs to all, the reader only to `tenant`). */
  extraTenants?: string[];
  /** Fixed admin token (tests use a canary); random by default. */
  token?: string;
  /** Admin user name. @default "admin" */
  username?: string;
  /** Fixed admin password; random by default. */
  password?: string;
  /** The manager release to play (see {@link DapVersion}); the CLI's `--dap-version`. @default "7.x" */
  version?: DapVersion;
}

/** The credentials the simulator accepts. The CLI writes `{"token": token}` to the credentials file. */
export interface DapCredentials {
  /** The admin's `Authentication-Token`. */
  token: string;
  /** The admin's basic-auth user name and password. */
  username: string;
  password: string;
  /** The tenant to send in the `Tenant` header. */
  tenant: string;
  /** A plain member of `tenant` ("reader", role `user`): hidden values of others are hidden from it. */
  readerToken: string;
  /** A tenant administrator of `tenant` ("ci", role `manager`): sees every secret and value of the tenant. */
  ciToken: string;
}

/** What {@link DapSimulator.describe} tells about a secret: metadata only. */
export interface DapSecretInfo {
  visibility: Visibility;
  isHiddenValue: boolean;
  createdBy: string;
  hasSchema: boolean;
}

/** The DAP secret-store simulator: msw handlers over an in-memory model, plus test controls. */
export interface DapSimulator {
  /** msw handlers; paths are origin-agnostic (`*\/api/v3.1/...`). */
  readonly handlers: RequestHandler[];
  /** Credentials the simulator accepts (written to the credentials file by the CLI). */
  readonly credentials: DapCredentials;
  /** Forget every secret and option (control API `POST /reset`). */
  reset(): void;
  /**
   * Control API `POST /dap/options`: `{"version": "4.2"|"4.4"|"7.x", "hiddenValueAs": "empty"|"null",
   * "deleteReturnsBody": bool}`. Unknown keys or wrong types throw an Error (a 400 for the caller).
   */
  setOptions(options: Record<string, unknown>): void;
  /** Control API `GET /dap/secrets/<key>`: the stored value (JSON text if not a string), for tests. */
  peek(key: string, tenant?: string): string | undefined;
  /** Metadata of a stored secret, for tests (was it created hidden and private?). */
  describe(key: string, tenant?: string): DapSecretInfo | undefined;
  /** Stores a secret directly (tests): e.g. one with a JSON schema, or one created by someone else. */
  seed(input: { key: string; value: unknown; schema?: unknown; tenant?: string; visibility?: Visibility; isHiddenValue?: boolean; createdBy?: string }): void;
  /** The body the manager sends for a status, for the fault layer's default error bodies. */
  errorBody(status: number): DapErrorEnvelope;
  /** The fault layer's default response for an injected status (`instrument(..., { faultResponse })`). */
  faultResponse(status: number): Response;
}

/** The manager's envelope for a bare status (what an injected fault answers). */
function errorBody(status: number): DapErrorEnvelope {
  const codes: Record<number, [string, string]> = {
    400: ['bad_parameters_error', 'Bad parameters'],
    401: ['unauthorized_error', 'User unauthorized'],
    403: ['forbidden_error', 'Forbidden'],
    415: ['unsupported_content_type_error', 'Content type must be application/json'],
    404: ['not_found_error', 'Requested resource was not found'],
    409: ['conflict_error', 'Conflict'],
    500: ['internal_server_error', 'Internal error occurred in manager REST server'],
  };
  const [code, message] = codes[status] ?? ['internal_server_error', `Service unavailable (${status})`];
  return dapErrorBody(code, message);
}

const OPTION_KEYS = new Set(['version', 'hiddenValueAs', 'deleteReturnsBody']);

/** Builds a simulator with fresh random credentials (unless fixed by `options`). */
export function createDapSimulator(options: DapSimulatorOptions = {}): DapSimulator {
  const tenant = options.tenant ?? 'default_tenant';
  const random = (): string => randomBytes(24).toString('base64url');
  const credentials: DapCredentials = {
    token: options.token ?? random(),
    username: options.username ?? 'admin',
    password: options.password ?? random(),
    tenant,
    readerToken: random(),
    ciToken: random(),
  };
  const users: DapUser[] = [
    { username: credentials.username, password: credentials.password, token: credentials.token, admin: true, roles: {} },
    { username: 'reader', password: random(), token: credentials.readerToken, admin: false, roles: { [tenant]: 'user' } },
    { username: 'ci', password: random(), token: credentials.ciToken, admin: false, roles: { [tenant]: 'manager' } },
  ];
  const initial = (): DapBehaviour => ({
    version: options.version ?? '7.x',
    hiddenValueAs: 'empty',
    deleteReturnsBody: false,
    tenants: [tenant, ...(options.extraTenants ?? [])],
  });
  const model = new DapModel(users, initial());
  const admin = users[0] as DapUser;

  return {
    handlers: createDapHandlers(model),
    credentials,
    reset() {
      model.clear();
      model.behaviour = initial();
    },
    setOptions(input) {
      const unknownKeys = Object.keys(input).filter((k) => !OPTION_KEYS.has(k));
      if (unknownKeys.length > 0) throw new Error(`unknown DAP option(s): ${unknownKeys.join(', ')} (known: ${[...OPTION_KEYS].join(', ')})`);
      const next = { ...model.behaviour };
      if (input.version !== undefined) {
        if (!DAP_VERSIONS.includes(input.version as DapVersion)) throw new Error(`"version" must be one of ${DAP_VERSIONS.map((v) => `"${v}"`).join(', ')}`);
        next.version = input.version as DapVersion;
      }
      if (input.deleteReturnsBody !== undefined) {
        if (typeof input.deleteReturnsBody !== 'boolean') throw new Error('"deleteReturnsBody" must be a boolean');
        next.deleteReturnsBody = input.deleteReturnsBody;
      }
      if (input.hiddenValueAs !== undefined) {
        if (input.hiddenValueAs !== 'empty' && input.hiddenValueAs !== 'null') throw new Error('"hiddenValueAs" must be "empty" or "null"');
        next.hiddenValueAs = input.hiddenValueAs;
      }
      model.behaviour = next;
    },
    peek(key, t = tenant) {
      const secret = model.find(t, key);
      if (!secret) return undefined;
      return typeof secret.value === 'string' ? secret.value : JSON.stringify(secret.value);
    },
    describe(key, t = tenant) {
      const secret = model.find(t, key);
      if (!secret) return undefined;
      return { visibility: secret.visibility, isHiddenValue: secret.isHiddenValue, createdBy: secret.createdBy, hasSchema: secret.schema !== null };
    },
    seed(input) {
      const t = input.tenant ?? tenant;
      const creator = users.find((u) => u.username === (input.createdBy ?? admin.username)) ?? { ...admin, username: input.createdBy ?? admin.username };
      model.create(t, creator, {
        key: input.key,
        value: input.value,
        ...(input.schema !== undefined ? { schema: input.schema } : {}),
        visibility: input.visibility ?? 'tenant',
        isHiddenValue: input.isHiddenValue ?? false,
        updateIfExists: false,
      });
    },
    errorBody,
    faultResponse: (status) => Response.json(errorBody(status), { status }),
  };
}

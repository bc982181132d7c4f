/**
 * In-memory model of the Cloudify/DAP secrets API (reference secret-store-and-landscape.md §1):
 * per-tenant secrets, users with tokens or passwords, hidden values, JSON-schema checks, and the
 * behaviour switches (old manager, hidden-as-null, DELETE with a body). Pure logic: handlers turn
 * {@link DapFailure}s into the real error bodies.
 */

/** Who made a request, once authenticated. */
export interface DapUser {
  username: string;
  password: string;
  token: string;
  /** System admins see every tenant and every hidden value. */
  admin: boolean;
  /** Tenants a non-admin user belongs to. */
  tenants: readonly string[];
}

export type Visibility = 'private' | 'tenant' | 'global';

/** One stored secret. `value` is what was sent: a string, or JSON when a schema was given. */
export interface StoredSecret {
  key: string;
  value: unknown;
  schema: unknown;
  visibility: Visibility;
  isHiddenValue: boolean;
  createdBy: string;
  tenant: string;
  createdAt: string;
  updatedAt: string;
}

/** Behaviour switches, settable through the control API (`POST /dap/options`). */
export interface DapBehaviour {
  /** A pre-4.3 manager: create/update bodies may hold only `value`; anything else is a 400. */
  oldManager: boolean;
  /** How a hidden value is shown to someone who may not see it: `""` (upstream) or `null` (dapcli docs). */
  hiddenValueAs: 'empty' | 'null';
  /** DELETE answers 200 with the deleted Secret (pre-5.1 managers) instead of 204. */
  deleteReturnsBody: boolean;
  /** Tenants that exist. */
  tenants: string[];
}

/** A failure with Cloudify's status, `error_code` and message. */
export class DapFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY_RULE = /^[A-Za-z][A-Za-z0-9_.~-]{0,255}$/;

/** The manager's key check (`rest_utils.validate_inputs`): 1-256 URL-safe characters, a letter first. */
export function checkKey(key: string): void {
  if (key.length === 0 || key.length > 256) throw new DapFailure(400, 'bad_parameters_error', `The key argument must be between 1 and 256 characters long`);
  if (!KEY_RULE.test(key)) {
    throw new DapFailure(400, 'bad_parameters_error', `The key argument contains illegal characters or does not begin with a letter: ${key}. Only letters, digits and "-", ".", "_" are allowed`);
  }
}

/**
 * A minimal JSON-schema check (type, required, properties), enough to reproduce the manager's
 * 409 "Error validating secret value". Like Python's jsonschema, the message quotes the instance.
 */
export function schemaProblem(value: unknown, schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const s = schema as Record<string, unknown>;
  if (typeof s.type === 'string' && !hasType(value, s.type)) return `${pyRepr(value)} is not of type '${s.type}'`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (Array.isArray(s.required)) {
      for (const name of s.required) if (typeof name === 'string' && !(name in obj)) return `'${name}' is a required property`;
    }
    if (typeof s.properties === 'object' && s.properties !== null) {
      for (const [name, sub] of Object.entries(s.properties as Record<string, unknown>)) {
        if (name in obj) {
          const problem = schemaProblem(obj[name], sub);
          if (problem) return problem;
        }
      }
    }
  }
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function pyRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return JSON.stringify(value) ?? 'None';
}

/** The secrets of every tenant, and the users who may touch them. */
export class DapModel {
  readonly #secrets = new Map<string, Map<string, StoredSecret>>();
  readonly users: readonly DapUser[];
  behaviour: DapBehaviour;
  readonly #now: () => Date;

  constructor(users: readonly DapUser[], behaviour: DapBehaviour, now: () => Date = () => new Date()) {
    this.users = users;
    this.behaviour = behaviour;
    this.#now = now;
  }

  clear(): void {
    this.#secrets.clear();
  }

  #tenant(tenant: string): Map<string, StoredSecret> {
    let map = this.#secrets.get(tenant);
    if (!map) {
      map = new Map();
      this.#secrets.set(tenant, map);
    }
    return map;
  }

  find(tenant: string, key: string): StoredSecret | undefined {
    return this.#secrets.get(tenant)?.get(key);
  }

  require(tenant: string, key: string): StoredSecret {
    const secret = this.find(tenant, key);
    if (!secret) throw new DapFailure(404, 'not_found_error', `Requested \`Secret\` with ID \`${key}\` was not found`);
    return secret;
  }

  list(tenant: string): StoredSecret[] {
    return [...this.#tenant(tenant).values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** PUT: create, or (with update_if_exists) replace the value only, as the manager does. */
  create(tenant: string, user: DapUser, input: { key: string; value: unknown; schema?: unknown; visibility: Visibility; isHiddenValue: boolean; updateIfExists: boolean }): StoredSecret {
    checkKey(input.key);
    if (input.schema !== undefined) {
      const problem = schemaProblem(input.value, input.schema);
      if (problem) throw new DapFailure(409, 'conflict_error', `Error validating secret value: ${problem}`);
    }
    const existing = this.find(tenant, input.key);
    if (existing) {
      if (!input.updateIfExists) {
        throw new DapFailure(409, 'conflict_error', `<Secret id=\`${input.key}\` tenant=\`${tenant}\`> already exists on <Tenant name=\`${tenant}\`> or with global visibility`);
      }
      this.#checkMayModify(existing, user);
      existing.value = input.value;
      existing.updatedAt = this.#now().toISOString();
      return existing;
    }
    const now = this.#now().toISOString();
    const secret: StoredSecret = {
      key: input.key,
      value: input.value,
      schema: input.schema ?? null,
      visibility: input.visibility,
      isHiddenValue: input.isHiddenValue,
      createdBy: user.username,
      tenant,
      createdAt: now,
      updatedAt: now,
    };
    this.#tenant(tenant).set(input.key, secret);
    return secret;
  }

  /** PATCH: a falsy value is ignored, as the manager does. */
  update(tenant: string, user: DapUser, key: string, patch: { value?: unknown; visibility?: Visibility; isHiddenValue?: boolean }): StoredSecret {
    const secret = this.require(tenant, key);
    this.#checkMayModify(secret, user);
    if (patch.value !== undefined && patch.value !== null && patch.value !== '') {
      if (secret.schema !== null) {
        const problem = schemaProblem(patch.value, secret.schema);
        if (problem) throw new DapFailure(409, 'conflict_error', `Error validating secret value: ${problem}`);
      }
      secret.value = patch.value;
    }
    if (patch.visibility !== undefined) secret.visibility = patch.visibility;
    if (patch.isHiddenValue !== undefined) secret.isHiddenValue = patch.isHiddenValue;
    secret.updatedAt = this.#now().toISOString();
    return secret;
  }

  remove(tenant: string, user: DapUser, key: string): StoredSecret {
    const secret = this.require(tenant, key);
    this.#checkMayModify(secret, user);
    this.#tenant(tenant).delete(key);
    return secret;
  }

  /** Whether `user` may see the value (`is_hidden_value_permitted`: admin or creator). */
  maySeeValue(secret: StoredSecret, user: DapUser): boolean {
    return !secret.isHiddenValue || user.admin || secret.createdBy === user.username;
  }

  #checkMayModify(secret: StoredSecret, user: DapUser): void {
    if (!this.maySeeValue(secret, user)) {
      throw new DapFailure(403, 'forbidden_error', `User \`${user.username}\` is not permitted to modify the hidden value secret \`${secret.key}\``);
    }
  }
}

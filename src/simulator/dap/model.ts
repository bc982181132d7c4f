/**
 * In-memory model of the Cloudify/DAP secrets API (reference secret-store-and-landscape.md §1):
 * per-tenant secrets, users with tokens or passwords, hidden values, JSON-schema checks, and the
 * behaviour switches (manager release, hidden-as-null, DELETE with a body). Pure logic: handlers turn
 * {@link DapFailure}s into the real error bodies.
 */

/**
 * A tenant role. `manager` counts as a tenant administrator (`authorization_permissions
 * ['administrators']`: sys_admin and manager), which is what `is_hidden_value_permitted` and the
 * private-visibility filter check [cloudify-manager rest-service/manager_rest/utils.py
 * `is_administrator`]. `viewer` may only read and list (`secret_get`, `secret_list`).
 */
export type DapRole = 'manager' | 'user' | 'viewer';

/** Who made a request, once authenticated. */
export interface DapUser {
  username: string;
  password: string;
  token: string;
  /** System admins (`sys_admin`) may act in every tenant and see every hidden value. */
  admin: boolean;
  /** The user's role in each tenant it is a member of. */
  roles: Readonly<Record<string, DapRole>>;
}

export type Visibility = 'private' | 'tenant' | 'global';

/**
 * Manager releases the simulator can play, each what its secrets API knows
 * [cloudify-manager tags 4.2, 4.4, 7.0.0: rest-service/manager_rest/rest/resources_v3/secrets.py,
 * resources_v3_1/secrets.py]:
 * - `4.2`: only `value`; other body fields are ignored (not refused); a PUT of an existing key is
 *   409 whatever the body says; values are stored and echoed as sent; DELETE answers 200 + body.
 * - `4.4`: `update_if_exists`, `visibility`, `is_hidden_value`; `value` must be a string; values
 *   are Fernet-encrypted and PUT/PATCH echo the ciphertext; `schema` and `_skip_value` are ignored.
 * - `7.x`: everything above plus `schema` and `_skip_value`; DELETE answers 204 (since 5.1).
 */
export type DapVersion = '4.2' | '4.4' | '7.x';

/** The releases {@link DapVersion} names, for option checks. */
export const DAP_VERSIONS: readonly DapVersion[] = ['4.2', '4.4', '7.x'];

/** What a release's secrets API knows (see {@link DapVersion}). */
export interface DapFeatures {
  upsertAndVisibility: boolean;
  hiddenValue: boolean;
  schema: boolean;
  skipValue: boolean;
  encrypts: boolean;
  deleteReturnsBody: boolean;
}

/** The features of `version`. */
export function featuresOf(version: DapVersion): DapFeatures {
  const v7 = version === '7.x';
  const v44 = version !== '4.2';
  return { upsertAndVisibility: v44, hiddenValue: v44, schema: v7, skipValue: v7, encrypts: v44, deleteReturnsBody: !v7 };
}

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
  /** The manager release played (`--dap-version`). */
  version: DapVersion;
  /** How a hidden value is shown to someone who may not see it: `""` (upstream) or `null` (dapcli docs). */
  hiddenValueAs: 'empty' | 'null';
  /** DELETE answers 200 with the deleted Secret (pre-5.1 managers) instead of 204, whatever the version. */
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

  get features(): DapFeatures {
    return featuresOf(this.behaviour.version);
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

  /** The stored secret whoever asks (control API, tests). */
  find(tenant: string, key: string): StoredSecret | undefined {
    return this.#secrets.get(tenant)?.get(key);
  }

  /**
   * The secret as `user` may see it: a private secret of someone else is not found, as the
   * storage manager's permission filter makes it for every query of a non-administrator
   * [cloudify-manager rest-service/manager_rest/storage/storage_manager.py `_resolve_permissions_filter`].
   */
  require(tenant: string, key: string, user: DapUser): StoredSecret {
    const secret = this.find(tenant, key);
    if (!secret || !this.#visibleTo(secret, user)) throw new DapFailure(404, 'not_found_error', `Requested \`Secret\` with ID \`${key}\` was not found`);
    return secret;
  }

  list(tenant: string, user: DapUser): StoredSecret[] {
    return [...this.#tenant(tenant).values()].filter((s) => this.#visibleTo(s, user)).sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * PUT: create, or (with update_if_exists, 4.3+) replace the value only. The uniqueness check
   * sees every secret of the tenant (409 even for a private one of someone else); the upsert then
   * looks the secret up through the permission filter (404 for that private secret) and writes
   * the value without `_validate_secret_modification_permitted`: a non-creator overwrites a hidden
   * secret [resources_v3/secrets.py `SecretsKey.put`; resource_manager.py `update_secret`;
   * storage_manager.py `_validate_unique_resource_per_tenant`].
   */
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
      const visible = this.require(tenant, input.key, user);
      visible.value = input.value;
      visible.updatedAt = this.#now().toISOString();
      return visible;
    }
    if (input.visibility === 'global' && !this.isAdministrator(tenant, user)) {
      // resource_manager.py `validate_global_permitted`.
      throw new DapFailure(403, 'forbidden_error', `User \`${user.username}\` is not permitted to set or create a global resource`);
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

  /**
   * PATCH [resources_v3/secrets.py `SecretsKey.patch`]: a hidden secret only by its creator or an
   * administrator (403); visibility may only widen (400 illegal_action_error, resource_manager.py
   * `validate_visibility_value`); a falsy value is ignored.
   */
  update(tenant: string, user: DapUser, key: string, patch: { value?: unknown; visibility?: Visibility; isHiddenValue?: boolean }): StoredSecret {
    const secret = this.require(tenant, key, user);
    this.#checkMayModify(secret, user);
    if (patch.isHiddenValue !== undefined && !this.maySeeValue(secret, user)) {
      throw new DapFailure(403, 'forbidden_error', `User \`${user.username}\` is not permitted to modify the secret \`${key}\` to be hidden value`);
    }
    if (patch.visibility !== undefined) {
      if (VISIBILITY_RANK[secret.visibility] > VISIBILITY_RANK[patch.visibility]) {
        throw new DapFailure(400, 'illegal_action_error', `Can't set the visibility of \`${key}\` to ${patch.visibility} because it already has wider visibility`);
      }
      if (patch.visibility === 'global' && !this.isAdministrator(tenant, user)) {
        throw new DapFailure(403, 'forbidden_error', `User \`${user.username}\` is not permitted to set or create a global resource`);
      }
    }
    if (patch.value !== undefined && patch.value !== null && patch.value !== '' && patch.value !== false && patch.value !== 0) {
      if (secret.schema !== null) {
        const problem = schemaProblem(patch.value, secret.schema);
        if (problem) throw new DapFailure(409, 'conflict_error', `Error validating secret value: ${problem}`);
      }
      secret.value = patch.value;
    }
    if (patch.isHiddenValue !== undefined) secret.isHiddenValue = patch.isHiddenValue;
    if (patch.visibility !== undefined) secret.visibility = patch.visibility;
    secret.updatedAt = this.#now().toISOString();
    return secret;
  }

  /** DELETE: as PATCH, a hidden secret only by its creator or an administrator [secrets.py `SecretsKey.delete`]. */
  remove(tenant: string, user: DapUser, key: string): StoredSecret {
    const secret = this.require(tenant, key, user);
    this.#checkMayModify(secret, user);
    this.#tenant(tenant).delete(key);
    return secret;
  }

  /** Sys admin, or the `manager` role in `tenant` [utils.py `is_administrator`]. */
  isAdministrator(tenant: string, user: DapUser): boolean {
    return user.admin || user.roles[tenant] === 'manager';
  }

  /** Whether `user` may see the value [rest_utils.py `is_hidden_value_permitted`: administrator or creator]. */
  maySeeValue(secret: StoredSecret, user: DapUser): boolean {
    return !secret.isHiddenValue || this.isAdministrator(secret.tenant, user) || secret.createdBy === user.username;
  }

  #visibleTo(secret: StoredSecret, user: DapUser): boolean {
    return secret.visibility !== 'private' || secret.createdBy === user.username || this.isAdministrator(secret.tenant, user);
  }

  #checkMayModify(secret: StoredSecret, user: DapUser): void {
    if (!this.maySeeValue(secret, user)) {
      throw new DapFailure(403, 'forbidden_error', `User \`${user.username}\` is not permitted to modify the hidden value secret \`${secret.key}\``);
    }
  }
}

/** Narrow to wide (`utils.is_visibility_wider`). */
const VISIBILITY_RANK: Record<Visibility, number> = { private: 0, tenant: 1, global: 2 };

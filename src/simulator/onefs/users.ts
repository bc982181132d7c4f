/**
 * OneFS API area "auth users": the local users of each zone, the wire body of one user and the
 * `/platform/N/auth/users` routes (OneFS 9.5 API schema: list `{resume, users}` paged with `limit`
 * and `resume`, `filter` as a name prefix; POST → 201 `{id}`; PUT and DELETE → 204). Zone checks and
 * the cascade to S3 keys live in `OneFsModel`, which composes the areas, so this table knows no
 * other area.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'msw';
import { USER_NAME_PATTERN } from '../../onefs/rules';
import type { OneFsContext } from './context';
import { aec, parseJsonObject } from './errors';
import { booleanArg, param, resource, zoneOf } from './platform-resource';
import { papiJson } from './wire';

/** The primary group OneFS gives a local user when none is named ("Isilon Users", GID 1800). */
export const DEFAULT_PRIMARY_GROUP = { name: 'Isilon Users', gid: 1800 } as const;

export interface LocalUser {
  name: string;
  zone: string;
  uid: number;
  sid: string;
  /** True when the uid was allocated by the cluster (no `uid` in the POST). */
  generatedUid: boolean;
  email: string | null;
  enabled: boolean;
  gecos: string;
  /** Null: the default `<zone path>/home/<name>`. */
  homeDirectory: string | null;
  shell: string;
  passwordExpires: boolean;
  promptPasswordChange: boolean;
  /** Epoch seconds, or null (never expires). */
  expiry: number | null;
  primaryGroup: { name: string; gid: number };
  /** The password, or null (none set: the user cannot log in). Only the control API checks it. */
  password: string | null;
  passwordLastSet: number | null;
}

/** The settings of a user that POST and PUT accept (camelCase). */
export interface UserSettings {
  uid?: number;
  email?: string | null;
  enabled?: boolean;
  gecos?: string;
  homeDirectory?: string;
  shell?: string;
  passwordExpires?: boolean;
  promptPasswordChange?: boolean;
  expiry?: number | null;
  primaryGroup?: string;
  password?: string;
}

/** The first uid handed to a created user (the admin keeps uid 10, as on OneFS). */
const FIRST_UID = 2000;
/** The first gid the simulator gives a primary group it has not seen (groups live in another area). */
const FIRST_GID = 3000;

/** Local users per zone. A zone's table exists from `openZone` to `closeZone`. */
export class UserTable {
  /** The cluster's domain SID; user SIDs are `<prefix>-<uid>`, stable across `clear()`. */
  readonly sidPrefix = `S-1-5-21-${randomBytes(12).readUInt32BE(0)}-${randomBytes(4).readUInt32BE(0)}-${randomBytes(4).readUInt32BE(0)}`;
  readonly #users = new Map<string, Map<string, LocalUser>>();
  readonly #gids = new Map<string, number>([[DEFAULT_PRIMARY_GROUP.name, DEFAULT_PRIMARY_GROUP.gid]]);
  #nextUid = FIRST_UID;
  #nextGid = FIRST_GID;

  openZone(zone: string): void {
    this.#users.set(zone, new Map());
  }

  closeZone(zone: string): void {
    this.#users.delete(zone);
  }

  list(zone: string): LocalUser[] {
    return [...(this.#users.get(zone)?.values() ?? [])];
  }

  find(zone: string, name: string): LocalUser | undefined {
    return this.#users.get(zone)?.get(name);
  }

  /** Adds a user under the next uid (or the given one); 400 for a bad name, 409 when the name or uid is taken. */
  add(zone: string, name: string, settings: UserSettings = {}, now: number | null = null): LocalUser {
    if (!USER_NAME_PATTERN.test(name)) throw aec('AEC_BAD_REQUEST', `Invalid user name '${name}'.`, 'name');
    if (this.find(zone, name)) throw aec('AEC_CONFLICT', `User '${name}' already exists`);
    const { uid } = settings;
    if (uid !== undefined && this.list(zone).some((u) => u.uid === uid)) throw aec('AEC_CONFLICT', `User already exists with uid '${uid}'`);
    const user = this.seed(zone, name, uid ?? this.#nextUid++);
    user.generatedUid = uid === undefined;
    this.apply(user, settings, now);
    return user;
  }

  /** Inserts a user with a fixed uid and no checks: only for accounts the cluster is born with (the admin). */
  seed(zone: string, name: string, uid: number): LocalUser {
    const user: LocalUser = {
      name,
      zone,
      uid,
      sid: `${this.sidPrefix}-${uid}`,
      generatedUid: false,
      email: null,
      enabled: true,
      gecos: '',
      homeDirectory: null,
      shell: '/bin/zsh',
      passwordExpires: true,
      promptPasswordChange: false,
      expiry: null,
      primaryGroup: { ...DEFAULT_PRIMARY_GROUP },
      password: null,
      passwordLastSet: null,
    };
    this.#users.get(zone)?.set(name, user);
    return user;
  }

  /** PUT semantics: changes what `settings` names; a uid change needs `force` (OneFS's rule). */
  update(user: LocalUser, settings: UserSettings, force: boolean, now: number): void {
    if (settings.uid !== undefined && settings.uid !== user.uid) {
      if (!force) throw aec('AEC_BAD_REQUEST', 'Changing the UID of a user requires the force option.', 'uid');
      if (this.list(user.zone).some((u) => u.uid === settings.uid)) throw aec('AEC_CONFLICT', `User already exists with uid '${settings.uid}'`);
      user.uid = settings.uid;
      user.sid = `${this.sidPrefix}-${settings.uid}`;
      user.generatedUid = false;
    }
    this.apply(user, settings, now);
  }

  #gidOf(group: string): number {
    let gid = this.#gids.get(group);
    if (gid === undefined) {
      gid = this.#nextGid++;
      this.#gids.set(group, gid);
    }
    return gid;
  }

  private apply(user: LocalUser, s: UserSettings, now: number | null): void {
    if (s.email !== undefined) user.email = s.email === '' ? null : s.email;
    if (s.enabled !== undefined) user.enabled = s.enabled;
    if (s.gecos !== undefined) user.gecos = s.gecos;
    if (s.homeDirectory !== undefined) user.homeDirectory = s.homeDirectory;
    if (s.shell !== undefined) user.shell = s.shell;
    if (s.passwordExpires !== undefined) user.passwordExpires = s.passwordExpires;
    if (s.promptPasswordChange !== undefined) user.promptPasswordChange = s.promptPasswordChange;
    if (s.expiry !== undefined) user.expiry = s.expiry === 0 ? null : s.expiry;
    if (s.primaryGroup !== undefined) user.primaryGroup = { name: s.primaryGroup, gid: this.#gidOf(s.primaryGroup) };
    if (s.password !== undefined) {
      user.password = s.password;
      user.passwordLastSet = now;
    }
  }

  /** Whether `password` is the user's password (constant time; a user without one never matches). */
  authenticate(user: LocalUser, password: string): boolean {
    if (user.password === null || !user.enabled) return false;
    const a = Buffer.from(user.password, 'utf8');
    const b = Buffer.from(password, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  remove(zone: string, name: string): void {
    this.#users.get(zone)?.delete(name);
  }

  clear(): void {
    this.#users.clear();
    this.#nextUid = FIRST_UID;
  }
}

/** What a user's body needs from other areas: the cluster name and the user's zone root. */
export interface UserBodyContext {
  clusterName: string;
  zonePath: string;
  sidPrefix: string;
  nowSeconds: number;
}

/**
 * One user as `/platform/N/auth/users` returns it (`MappingUsersLookupMappingItemUser`: every member
 * the schema requires, nulls only where it allows them). Never the password.
 */
export function userBody(user: LocalUser, where: UserBodyContext): Record<string, unknown> {
  const provider = `lsa-local-provider:${user.zone}`;
  const group = user.primaryGroup;
  return {
    dn: `CN=${user.name},CN=Users,DC=${where.clusterName.toUpperCase()}`,
    dns_domain: null,
    domain: where.clusterName.toUpperCase(),
    email: user.email,
    enabled: user.enabled,
    expired: user.expiry !== null && user.expiry <= where.nowSeconds,
    expiry: user.expiry,
    gecos: user.gecos,
    generated_gid: false,
    generated_uid: user.generatedUid,
    generated_upn: true,
    gid: { id: `GID:${group.gid}`, name: group.name, type: 'group' },
    home_directory: user.homeDirectory ?? `${where.zonePath}/home/${user.name}`,
    id: user.name,
    locked: false,
    name: user.name,
    on_disk_user_identity: { id: `UID:${user.uid}` },
    password_expired: false,
    password_expires: user.passwordExpires,
    password_last_set: user.passwordLastSet,
    primary_group_sid: { id: `SID:${where.sidPrefix}-${group.gid === DEFAULT_PRIMARY_GROUP.gid ? 513 : group.gid}`, name: group.name, type: 'group' },
    prompt_password_change: user.promptPasswordChange,
    provider,
    sam_account_name: user.name,
    shell: user.shell,
    sid: { id: `SID:${user.sid}`, name: user.name, type: 'user' },
    type: 'user',
    uid: { id: `UID:${user.uid}`, name: user.name, type: 'user' },
    upn: `${user.name}@${where.clusterName.toUpperCase()}`,
    user_can_change_password: true,
  };
}

/** The user named in `/auth/users/<id>`: `USER:<name>`, `UID:<n>` or a bare name. */
function resolveUserId(ctx: OneFsContext, zone: string, id: string): LocalUser {
  const uid = /^UID:(\d+)$/.exec(id);
  if (uid) {
    const found = ctx.model.listUsers(zone).find((u) => u.uid === Number(uid[1]));
    if (!found) throw aec('AEC_NOT_FOUND', `Failed to find user for '${id}': No such user`);
    return found;
  }
  return ctx.model.getUser(zone, id.replace(/^USER:/, ''));
}

// ---- request bodies (AuthUserCreateParams, AuthUser) ----

function bad(field: string, expected: string): never {
  throw aec('AEC_BAD_REQUEST', `Field: ${field} must be ${expected}.`, field);
}

function str(body: Record<string, unknown>, field: string, max: number): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max) return bad(field, `a string of at most ${max} characters`);
  return v;
}

function bool(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  return typeof v === 'boolean' ? v : bad(field, 'a boolean');
}

function uint(body: Record<string, unknown>, field: string): number | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 4294967295 ? v : bad(field, 'an integer from 0 to 4294967295');
}

/** `primary_group`: `{type: "group", name}` or `{id: "GROUP:<name>"}` (a `GID:<n>` id is not resolved here). */
function primaryGroupOf(body: Record<string, unknown>): string | undefined {
  const v = body.primary_group;
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad('primary_group', 'a persona object');
  const { id, name } = v as Record<string, unknown>;
  if (typeof name === 'string' && name !== '') return name;
  if (typeof id === 'string' && /^GROUP:.+/.test(id)) return id.slice('GROUP:'.length);
  return bad('primary_group', 'a persona with a name, or an id of the form GROUP:<name>');
}

/** The settings in a POST or PUT body. `password` is accepted in both (see docs/simulator.md). */
export function userSettingsOf(body: Record<string, unknown>): UserSettings {
  const s: UserSettings = {};
  const set = <K extends keyof UserSettings>(k: K, v: UserSettings[K] | undefined) => {
    if (v !== undefined) s[k] = v;
  };
  set('uid', uint(body, 'uid'));
  set('email', str(body, 'email', 255));
  set('enabled', bool(body, 'enabled'));
  set('gecos', str(body, 'gecos', 255));
  set('homeDirectory', str(body, 'home_directory', 4096));
  set('shell', str(body, 'shell', 4096));
  set('passwordExpires', bool(body, 'password_expires'));
  set('promptPasswordChange', bool(body, 'prompt_password_change'));
  set('expiry', uint(body, 'expiry'));
  set('primaryGroup', primaryGroupOf(body));
  set('password', str(body, 'password', 255));
  return s;
}

// ---- paging ----

/** What a resume token carries (opaque to clients: base64url JSON). */
interface ResumePoint {
  zone: string;
  filter: string;
  limit: number;
  offset: number;
}

function encodeResume(point: ResumePoint): string {
  return Buffer.from(JSON.stringify(point), 'utf8').toString('base64url');
}

function decodeResume(token: string): ResumePoint {
  try {
    const p = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ResumePoint>;
    if (typeof p.zone === 'string' && typeof p.filter === 'string' && Number.isInteger(p.limit) && Number.isInteger(p.offset)) return p as ResumePoint;
  } catch {
    // falls through to the cluster's message
  }
  throw aec('AEC_BAD_REQUEST', 'Invalid resume token', 'resume');
}

/** Query arguments of the list that a resume token replaces ("resume cannot be used with other options"). */
const LIST_OPTIONS = ['cached', 'domain', 'filter', 'limit', 'provider', 'query_member_of', 'resolve_names', 'zone'];

function listPoint(url: URL): ResumePoint {
  const resume = url.searchParams.get('resume');
  if (resume !== null) {
    const other = LIST_OPTIONS.find((o) => url.searchParams.has(o));
    if (other !== undefined) throw aec('AEC_BAD_REQUEST', `Argument '${other}' cannot be used with 'resume'.`, other);
    return decodeResume(resume);
  }
  const rawLimit = url.searchParams.get('limit');
  let limit = 0;
  if (rawLimit !== null) {
    limit = /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= 4294967295)) throw aec('AEC_BAD_REQUEST', `Value '${rawLimit}' for argument 'limit' is out of range (1 to 4294967295).`, 'limit');
  }
  return { zone: zoneOf(url), filter: url.searchParams.get('filter') ?? '', limit, offset: 0 };
}

/** The auth-users area's routes. */
export function userRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/auth/users', 1, {
      GET: ({ url }) => {
        const point = listPoint(url);
        const all = model.listUsers(point.zone).filter((u) => u.name.startsWith(point.filter));
        const end = point.limit === 0 ? all.length : Math.min(all.length, point.offset + point.limit);
        const users = all.slice(point.offset, end).map((u) => model.userBody(u));
        return papiJson(200, { resume: end < all.length ? encodeResume({ ...point, offset: end }) : null, users });
      },
      POST: async ({ request, url }) => {
        const body = parseJsonObject(await request.text());
        const name = body.name;
        if (name === undefined) throw aec('AEC_ARG_REQUIRED', 'Field: name required.', 'name');
        if (typeof name !== 'string') return bad('name', 'a string');
        const user = model.addUser(zoneOf(url), name, userSettingsOf(body));
        return papiJson(201, { id: `SID:${user.sid}` });
      },
    }),
    resource(ctx, '/auth/users/:id', 1, {
      GET: ({ url, params }) => papiJson(200, { users: [model.userBody(resolveUserId(ctx, zoneOf(url), param(params, 'id')))] }),
      PUT: async ({ request, url, params }) => {
        const zone = zoneOf(url);
        const user = resolveUserId(ctx, zone, param(params, 'id'));
        const body = parseJsonObject(await request.text());
        if (body.name !== undefined) throw aec('AEC_BAD_REQUEST', 'Field: name is not allowed: a user cannot be renamed.', 'name');
        model.updateUser(user, userSettingsOf(body), booleanArg(url, 'force'));
        return new Response(null, { status: 204 });
      },
      DELETE: ({ url, params }) => {
        const zone = zoneOf(url);
        model.deleteUserChecked(zone, resolveUserId(ctx, zone, param(params, 'id')).name);
        return new Response(null, { status: 204 });
      },
    }),
  ];
}

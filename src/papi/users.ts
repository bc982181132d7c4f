/**
 * Local users (OneFS 9.5 API schema: `/platform/16/auth/users` and `/auth/users/{AuthUserId}`; the
 * area exists since PAPI v1, which Dell's provider uses, changed at 7 (9.0-9.4) and 16 (9.5), and
 * every call goes to the client's choice for the `users` area, ./versions.ts). Wire JSON stays
 * here: callers get camelCase {@link OneFsUser} models. A password goes out in a request body only
 * (never a query, a log line or an error: PapiError carries method, path, status and the
 * cluster's message); no response ever holds one.
 *
 * The list is paged: `limit` on the first request, then only `resume` ("resume cannot be used with
 * other options"), until `resume` is null or absent. {@link userPages} is the one paging loop: the
 * data source collects it ({@link listUsers}), `discover` walks it a page at a time.
 */
import { BodyReader, PapiDecodeError } from './decode';
import { isPapiError } from './errors';
import { papiPath } from './path';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** `/platform/<version>/auth/users`. */
export function usersPath(version: number): string {
  return `/platform/${version}/auth/users`;
}

/** The page size the list asks for (the data source of a zone with 2,500 users makes 3 requests). */
export const USERS_PAGE_LIMIT = 1000;

/** `/platform/<version>/auth/users/USER:<name>` with the name as one encoded segment. */
export function userPath(name: string, version: number): string {
  return `${usersPath(version)}${papiPath`/USER:${name}`}`;
}

async function versionOf(papi: PapiApi, signal: AbortSignal | undefined): Promise<number> {
  return apiVersionOf(papi, 'users', signal);
}

/** One user (`MappingUsersLookupMappingItemUser`), the members the provider uses. */
export interface OneFsUser {
  readonly name: string;
  /** The numeric uid (from `uid.id`, `UID:<n>`), or null when the cluster gives none. */
  readonly uid: number | null;
  /** The user's SID (`SID:` stripped), or null. */
  readonly sid: string | null;
  /** `on_disk_user_identity.id`, e.g. `UID:2000`. */
  readonly onDiskUserIdentity: string | null;
  /** The name of the primary group (`gid.name`, else `primary_group_sid.name`). */
  readonly primaryGroup: string | null;
  readonly primaryGroupSid: string | null;
  readonly email: string | null;
  readonly enabled: boolean;
  readonly expired: boolean;
  readonly locked: boolean;
  readonly homeDirectory: string | null;
  readonly shell: string | null;
  readonly gecos: string | null;
  readonly passwordExpires: boolean;
  readonly passwordExpired: boolean;
  readonly promptPasswordChange: boolean;
  /** Epoch seconds, or null. */
  readonly expiry: number | null;
  /** When the password was last set (epoch seconds), or null when never. */
  readonly passwordLastSet: number | null;
  readonly provider: string | null;
}

/** The settings POST and PUT take (AuthUserCreateParams / AuthUser), camelCase; undefined is "not sent". */
export interface UserSettingsInput {
  readonly uid?: number;
  readonly email?: string;
  readonly enabled?: boolean;
  readonly gecos?: string;
  readonly homeDirectory?: string;
  readonly shell?: string;
  readonly passwordExpires?: boolean;
  readonly promptPasswordChange?: boolean;
  readonly expiry?: number;
  /** A group name, sent as the persona `{type: "group", name}`. */
  readonly primaryGroup?: string;
  /** Sent in the body only. */
  readonly password?: string;
}

function persona(r: BodyReader, field: string): { id: string | null; name: string | null } | null {
  try {
    const p = r.object(field);
    return { id: p.optionalString('id'), name: p.optionalString('name') };
  } catch (error) {
    if (error instanceof PapiDecodeError) return null;
    throw error;
  }
}

function prefixed(value: string | null | undefined, prefix: string): string | null {
  return value === null || value === undefined ? null : value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

function decodeUser(u: BodyReader): OneFsUser {
  const uid = prefixed(persona(u, 'uid')?.id, 'UID:');
  const gid = persona(u, 'gid');
  const groupSid = persona(u, 'primary_group_sid');
  return {
    name: u.string('name'),
    uid: uid !== null && /^\d+$/.test(uid) ? Number(uid) : null,
    sid: prefixed(persona(u, 'sid')?.id, 'SID:'),
    onDiskUserIdentity: persona(u, 'on_disk_user_identity')?.id ?? null,
    primaryGroup: gid?.name ?? groupSid?.name ?? null,
    primaryGroupSid: prefixed(groupSid?.id, 'SID:'),
    email: u.optionalString('email'),
    enabled: u.bool('enabled'),
    expired: u.bool('expired'),
    locked: u.bool('locked'),
    homeDirectory: u.optionalString('home_directory'),
    shell: u.optionalString('shell'),
    gecos: u.optionalString('gecos'),
    passwordExpires: u.bool('password_expires'),
    passwordExpired: u.bool('password_expired'),
    promptPasswordChange: u.bool('prompt_password_change'),
    expiry: u.optionalInt('expiry'),
    passwordLastSet: u.optionalInt('password_last_set'),
    provider: u.optionalString('provider'),
  };
}

function wireSettings(s: UserSettingsInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (s.uid !== undefined) body.uid = s.uid;
  if (s.email !== undefined) body.email = s.email;
  if (s.enabled !== undefined) body.enabled = s.enabled;
  if (s.gecos !== undefined) body.gecos = s.gecos;
  if (s.homeDirectory !== undefined) body.home_directory = s.homeDirectory;
  if (s.shell !== undefined) body.shell = s.shell;
  if (s.passwordExpires !== undefined) body.password_expires = s.passwordExpires;
  if (s.promptPasswordChange !== undefined) body.prompt_password_change = s.promptPasswordChange;
  if (s.expiry !== undefined) body.expiry = s.expiry;
  if (s.primaryGroup !== undefined) body.primary_group = { type: 'group', name: s.primaryGroup };
  if (s.password !== undefined) body.password = s.password;
  return body;
}

/** A 404 that means "no such user or zone", not "this API version has no such path". */
function isGone(error: unknown): boolean {
  return isPapiError(error) && error.status === 404 && !/^Path not found/i.test(error.message);
}

/** One user by name, or undefined when the user (or the zone) does not exist. */
export async function getUser(papi: PapiApi, zone: string, name: string, signal?: AbortSignal): Promise<OneFsUser | undefined> {
  const path = userPath(name, await versionOf(papi, signal));
  let body: unknown;
  try {
    body = await papi.get(path, { query: { zone }, signal });
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
  const [user] = BodyReader.of('GET', path, body).objects('users', decodeUser);
  if (user === undefined) throw new PapiDecodeError('GET', path, 'users', 'a list with one user');
  return user;
}

/** Options of {@link userPages} and {@link listUsers}. */
export interface ListUsersOptions {
  /** Name prefix (`filter`). */
  readonly namePrefix?: string;
  /** Page size. @default USERS_PAGE_LIMIT */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/**
 * The users of `zone` (matching the prefix), one array per page, following `resume` to the end: a
 * zone with tens of thousands of users never has to sit in memory at once, and a caller can
 * report progress per page. A resume token is sent alone (OneFS refuses it combined with other
 * arguments); a cluster that repeats a token it already gave fails the walk rather than looping
 * forever.
 */
export async function* userPages(papi: PapiApi, zone: string, options: ListUsersOptions = {}): AsyncGenerator<OneFsUser[]> {
  const path = usersPath(await versionOf(papi, options.signal));
  let query: Record<string, string | number | undefined> = { zone, filter: options.namePrefix || undefined, limit: options.limit ?? USERS_PAGE_LIMIT };
  const seen = new Set<string>();
  for (;;) {
    const page = BodyReader.of('GET', path, await papi.get(path, { query, signal: options.signal }));
    yield page.objects('users', decodeUser);
    const resume = page.optionalString('resume');
    if (resume === null || resume === '') return;
    if (seen.has(resume)) throw new PapiDecodeError('GET', path, 'resume', 'a token not seen before in this listing');
    seen.add(resume);
    query = { resume };
  }
}

/** Every user of `zone` (matching the prefix): {@link userPages}, collected. */
export async function listUsers(papi: PapiApi, zone: string, options: ListUsersOptions = {}): Promise<OneFsUser[]> {
  const users: OneFsUser[] = [];
  for await (const page of userPages(papi, zone, options)) users.push(...page);
  return users;
}

/** POST: creates the user; a duplicate is the cluster's 409 (PapiError). */
export async function createUser(papi: PapiApi, zone: string, name: string, settings: UserSettingsInput, signal?: AbortSignal): Promise<void> {
  await papi.post(usersPath(await versionOf(papi, signal)), { query: { zone }, json: { name, ...wireSettings(settings) }, signal });
}

/**
 * PUT: changes the settings given (and the password, when given: the 9.5 SDK's `AuthUser` lacks
 * `password`, while `AuthUserCreateParams` describes it as "Changes the password for the user";
 * `isi auth users modify --set-password` goes through this resource). A uid change sends `force`.
 */
export async function updateUser(papi: PapiApi, zone: string, name: string, settings: UserSettingsInput, signal?: AbortSignal): Promise<void> {
  await papi.put(userPath(name, await versionOf(papi, signal)), { query: { zone, force: settings.uid !== undefined ? true : undefined }, json: wireSettings(settings), signal });
}

/** DELETE; false when the user (or zone) was already gone. Other errors (a user who owns a key) propagate. */
export async function deleteUser(papi: PapiApi, zone: string, name: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await papi.delete(userPath(name, await versionOf(papi, signal)), { query: { zone }, signal });
    return true;
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
}

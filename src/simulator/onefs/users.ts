/**
 * OneFS API area "auth users": the local users of each zone, the wire body of one user and the
 * `/platform/N/auth/users` routes. Zone checks and the cascade to S3 keys live in `OneFsModel`,
 * which composes the areas, so this table knows no other area.
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'msw';
import { USER_NAME_PATTERN } from '../../onefs/rules';
import type { OneFsContext } from './context';
import { aec } from './errors';
import { param, resource, zoneOf } from './platform-resource';
import { papiJson } from './wire';

export interface LocalUser {
  name: string;
  zone: string;
  uid: number;
  sid: string;
}

/** The first uid handed to a created user (the admin keeps uid 10, as on OneFS). */
const FIRST_UID = 2000;

/** Local users per zone. A zone's table exists from `openZone` to `closeZone`. */
export class UserTable {
  /** The cluster's domain SID; user SIDs are `<prefix>-<uid>`, stable across `clear()`. */
  readonly sidPrefix = `S-1-5-21-${randomBytes(12).readUInt32BE(0)}-${randomBytes(4).readUInt32BE(0)}-${randomBytes(4).readUInt32BE(0)}`;
  readonly #users = new Map<string, Map<string, LocalUser>>();
  #nextUid = FIRST_UID;

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

  /** Adds a user under the next uid; 400 for a bad name, 409 when present. */
  add(zone: string, name: string): LocalUser {
    if (!USER_NAME_PATTERN.test(name)) throw aec('AEC_BAD_REQUEST', `Invalid user name '${name}'.`, 'name');
    if (this.find(zone, name)) throw aec('AEC_CONFLICT', `User '${name}' already exists`);
    return this.seed(zone, name, this.#nextUid++);
  }

  /** Inserts a user with a fixed uid and no checks: only for accounts the cluster is born with (the admin). */
  seed(zone: string, name: string, uid: number): LocalUser {
    const user: LocalUser = { name, zone, uid, sid: `${this.sidPrefix}-${uid}` };
    this.#users.get(zone)?.set(name, user);
    return user;
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
}

/** One user as `/platform/N/auth/users` returns it (common members only). */
export function userBody(user: LocalUser, where: UserBodyContext): Record<string, unknown> {
  const provider = `lsa-local-provider:${user.zone}`;
  return {
    dn: `CN=${user.name},CN=Users,DC=${where.clusterName.toUpperCase()}`,
    email: null,
    enabled: true,
    expired: false,
    gecos: '',
    home_directory: `${where.zonePath}/home/${user.name}`,
    id: user.name,
    locked: false,
    name: user.name,
    on_disk_user_identity: { id: `UID:${user.uid}` },
    primary_group_sid: { id: `SID:${where.sidPrefix}-513`, name: 'Administrators', type: 'group' },
    provider,
    sid: { id: `SID:${user.sid}`, name: user.name, type: 'user' },
    type: 'user',
    uid: { id: `UID:${user.uid}`, name: user.name, type: 'user' },
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

/** The auth-users area's routes (read-only for now: users are created through the control API). */
export function userRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/auth/users', 1, {
      GET: ({ url }) => {
        const users = model.listUsers(zoneOf(url)).map((u) => model.userBody(u));
        return papiJson(200, { resume: null, total: users.length, users });
      },
    }),
    resource(ctx, '/auth/users/:id', 1, {
      GET: ({ url, params }) => papiJson(200, { users: [model.userBody(resolveUserId(ctx, zoneOf(url), param(params, 'id')))] }),
    }),
  ];
}

/**
 * The in-memory OneFS cluster, composed from one part per OneFS API area (`cluster.ts`,
 * `zones.ts`, `users.ts`, `s3-keys.ts`, as `src/papi` is split). This class owns what crosses
 * areas: the order of checks (zone before user before key, as `?zone=` is resolved first) and the
 * cascades (a removed zone takes its users and keys, a removed user its keys). Methods throw
 * `PapiFailure` with the real AEC codes and messages, so handlers and the control API share one set
 * of rules. Wire names (snake_case) appear only in the areas' `*Body` helpers.
 */
import { isPathUnder, SYSTEM_ZONE } from '../../onefs/rules';
import type { SimClock } from '../clock';
import { BucketTable, canonicalAcl, noSuchBucket, type Bucket, type BucketRequest, type Grant } from './buckets';
import { clusterConfigBody, clusterIdentity, clusterIdentityBody, type ClusterOptions } from './cluster';
import { DirectoryTree, ifsPath } from './directories';
import { aec, noSuchUser } from './errors';
import { groupBody, GroupTable, type LocalGroup } from './groups';
import { needsPersona, QuotaTable, type Quota, type QuotaPersona, type QuotaRequest } from './quotas';
import { S3KeyStore, type S3KeyCreated, type S3KeyView } from './s3-keys';
import { S3SettingsTable, type S3ZoneSettingsWire } from './s3-settings';
import { userBody, UserTable, type LocalUser, type UserSettings } from './users';
import { zoneBody, ZoneTable, type Zone, type ZoneRequest, type ZoneSettings } from './zones';

/** The zone every cluster has and that cannot be deleted (from the shared OneFS rules). */
export { SYSTEM_ZONE };
export type { Bucket, LocalGroup, LocalUser, UserSettings, Zone };

export interface OneFsModelOptions extends ClusterOptions {
  /** The administrator's user name, a local user of the System zone. @default "admin" */
  adminUsername?: string;
  /** Extra local users seeded into the System zone. @default [] */
  users?: readonly string[];
  /** Time source shared with sessions. */
  clock: SimClock;
}

/** Options accepted by `createKey`. */
export interface CreateKeyInput {
  /** Replace an existing key (`force=true`). Without it an existing key is a 409. */
  force: boolean;
  /** Minutes the previous secret stays valid, 0..1440. */
  existingKeyExpiryMinutes: number;
}

/** The uid OneFS gives the built-in admin. */
const ADMIN_UID = 10;

/** The cluster state. `reset()` returns to the seeded state (same GUID). */
export class OneFsModel {
  readonly clusterName: string;
  readonly guid: string;
  /** `onefs_version.release`; a release profile may change it (`OneFsSimulator.setRelease`). */
  onefsVersion: string;
  /** `/platform/latest`, the highest `/platform/N` that answers; changed with the release. */
  apiVersion: number;
  readonly adminUsername: string;
  readonly s3Keys = new S3KeyStore();
  readonly quotas = new QuotaTable();
  /** S3 service settings per zone (made with the zone, removed with it) and for the cluster. */
  readonly s3Settings = new S3SettingsTable();
  readonly #zones = new ZoneTable();
  readonly #users = new UserTable();
  readonly #groups = new GroupTable(this.#users.sidPrefix);
  readonly #buckets = new BucketTable();
  /** The directories that exist (zone base paths must). */
  readonly directories = new DirectoryTree();
  readonly #seedUsers: readonly string[];
  readonly #clock: SimClock;

  constructor(options: OneFsModelOptions) {
    ({ clusterName: this.clusterName, guid: this.guid, onefsVersion: this.onefsVersion, apiVersion: this.apiVersion } = clusterIdentity(options));
    this.adminUsername = options.adminUsername ?? 'admin';
    this.#seedUsers = options.users ?? [];
    this.#clock = options.clock;
    this.reset();
  }

  /** Epoch seconds on the simulated clock. */
  nowSeconds(): number {
    return Math.floor(this.#clock.now() / 1000);
  }

  /** System zone, the admin (uid 10, as on OneFS) and the seeded users; no zones, no keys. */
  reset(): void {
    this.#zones.clear();
    this.#users.clear();
    this.#groups.clear();
    this.#buckets.clear();
    this.directories.clear();
    this.s3Keys.clear();
    this.quotas.clear();
    this.s3Settings.clear();
    this.addZone(SYSTEM_ZONE);
    this.#users.seed(SYSTEM_ZONE, this.adminUsername, ADMIN_UID);
    for (const name of this.#seedUsers) {
      if (!this.findUser(SYSTEM_ZONE, name)) this.addUser(SYSTEM_ZONE, name);
    }
  }

  // ---- zones ----

  listZones(): Zone[] {
    return this.#zones.list();
  }

  /** The zone, or `Access Zone "<name>" not found.` (404). */
  getZone(name: string): Zone {
    return this.#zones.get(name);
  }

  /** The zone named by a `/zones/{ZoneId}` segment: integer `zone_id` or name (404 otherwise). */
  resolveZone(key: string): Zone {
    return this.#zones.resolve(key);
  }

  /** Adds a zone (default path `/ifs/<name>`) and creates its base directory: the seeding path of tests and the control API. */
  addZone(name: string, settings: ZoneSettings = {}): Zone {
    const zone = this.#zones.add(name, settings);
    this.directories.make(zone.path);
    this.#openZone(name, zone.path);
    return zone;
  }

  /**
   * POST `/zones`: name and path are required (as `isi zone zones create <name> <path>` requires
   * both), the path must be under /ifs and exist unless `create_path`, a taken name is 409.
   */
  createZone(request: ZoneRequest): Zone {
    if (request.name === undefined || request.name === '') throw aec('AEC_ARG_REQUIRED', 'Field: name required.', 'name');
    if (request.path === undefined || request.path === '') throw aec('AEC_ARG_REQUIRED', 'Field: path required.', 'path');
    const path = this.#zonePath(request.path, request.createPath);
    const zone = this.#zones.add(request.name, { path, groupnet: request.groupnet, authProviders: request.authProviders });
    this.directories.make(path);
    this.#openZone(zone.name, path);
    return zone;
  }

  /** PUT `/zones/{ZoneId}`: path (same rules as create) and providers; the simulator keeps no other member. */
  modifyZone(name: string, request: ZoneRequest): Zone {
    this.getZone(name);
    if (request.name !== undefined && request.name !== name) throw aec('AEC_BAD_REQUEST', 'The simulator does not rename zones.', 'name');
    const path = request.path === undefined ? undefined : this.#zonePath(request.path, request.createPath);
    const zone = this.#zones.modify(name, { path, authProviders: request.authProviders });
    if (path !== undefined) this.directories.make(path);
    return zone;
  }

  /** A zone base path: under /ifs, and existing unless it may be created. Message believed, not observed. */
  #zonePath(raw: string, createPath: boolean): string {
    const path = ifsPath(raw, 'path');
    if (!createPath && !this.directories.exists(path)) throw aec('AEC_BAD_REQUEST', `Path '${path}' does not exist; set create_path to create it.`, 'path');
    return path;
  }

  #openZone(name: string, path: string): void {
    this.#users.openZone(name);
    this.#groups.openZone(name);
    this.s3Settings.openZone(name, path);
  }

  /** Removes a zone with its users, groups, keys, buckets and S3 settings (its directory stays). The System zone cannot be removed. */
  removeZone(name: string): void {
    this.#zones.remove(name);
    this.#buckets.purge(name);
    this.#users.closeZone(name);
    this.#groups.closeZone(name);
    this.s3Keys.purge(name);
    this.s3Settings.closeZone(name);
  }

  // ---- S3 settings ----

  /** A zone's S3 settings, after checking the zone (`Access Zone "<name>" not found.`, 404). */
  s3ZoneSettings(zone: string): S3ZoneSettingsWire {
    this.getZone(zone);
    const settings = this.s3Settings.zone(zone);
    if (settings === undefined) throw aec('AEC_NOT_FOUND', `Access Zone "${zone}" not found.`);
    return { ...settings };
  }

  // ---- users ----

  listUsers(zone: string): LocalUser[] {
    this.getZone(zone);
    return this.#users.list(zone);
  }

  findUser(zone: string, name: string): LocalUser | undefined {
    return this.#users.find(zone, name);
  }

  /** The user, after checking the zone (zone errors win, as `?zone=` is resolved first). */
  getUser(zone: string, name: string): LocalUser {
    this.getZone(zone);
    const user = this.findUser(zone, name);
    if (!user) throw noSuchUser(name);
    return user;
  }

  /** Adds a local user; `User '<name>' already exists` (409) when present. */
  addUser(zone: string, name: string, settings: UserSettings = {}): LocalUser {
    this.getZone(zone);
    return this.#users.add(zone, name, settings, this.nowSeconds());
  }

  /** PUT semantics on a user found by `getUser`; a uid change needs `force`. */
  updateUser(user: LocalUser, settings: UserSettings, force: boolean): void {
    this.#users.update(user, settings, force, this.nowSeconds());
  }

  /**
   * DELETE semantics of `/auth/users/<id>`: refuses (409) while the user still owns an S3 key, so
   * that a key's secret in a store never outlives its user unnoticed. [invented: no public source
   * records what OneFS answers here; clients must surface whatever the cluster says]
   */
  deleteUserChecked(zone: string, name: string): void {
    this.getUser(zone, name);
    if (this.s3Keys.has(zone, name)) {
      throw aec('AEC_CONFLICT', `User '${name}' still owns an S3 key in zone '${zone}'. Delete the key first.`);
    }
    this.removeUser(zone, name);
  }

  /** Whether `password` is the password of the user (the control API's `POST /users/authenticate`). */
  authenticateUser(zone: string, name: string, password: string): boolean {
    const user = this.findUser(zone, name);
    return user !== undefined && this.#users.authenticate(user, password);
  }

  /** Removes a user, the user's keys and the user's group memberships. */
  removeUser(zone: string, name: string): void {
    this.getUser(zone, name);
    this.#users.remove(zone, name);
    this.#groups.forgetMember(zone, name);
    this.s3Keys.purge(zone, name);
  }

  /** The user a persona names: `UID:<n>`, `USER:<name>` or a bare name (404 otherwise). */
  resolveUser(zone: string, id: string): LocalUser {
    const uid = /^UID:(\d+)$/.exec(id);
    if (!uid) return this.getUser(zone, id.replace(/^USER:/, ''));
    const found = this.listUsers(zone).find((u) => u.uid === Number(uid[1]));
    if (!found) throw aec('AEC_NOT_FOUND', `Failed to find user for '${id}': No such user`);
    return found;
  }

  // ---- groups ----

  listGroups(zone: string): LocalGroup[] {
    this.getZone(zone);
    return this.#groups.list(zone);
  }

  findGroup(zone: string, name: string): LocalGroup | undefined {
    return this.#groups.find(zone, name);
  }

  /** The group named `GROUP:<name>`, `GID:<n>`, `SID:<sid>` or a bare name, after checking the zone. */
  getGroup(zone: string, id: string): LocalGroup {
    this.getZone(zone);
    return this.#groups.resolve(zone, id);
  }

  /** Adds a local group; 409 when the name or the gid is taken. */
  addGroup(zone: string, name: string, gid?: number): LocalGroup {
    this.getZone(zone);
    return this.#groups.add(zone, name, gid);
  }

  setGroupGid(group: LocalGroup, gid: number): void {
    this.#groups.setGid(group, gid);
  }

  removeGroup(zone: string, id: string): void {
    const group = this.getGroup(zone, id);
    this.#groups.remove(zone, group.name);
  }

  /** The member users of a group, in the order they were added. */
  listGroupMembers(zone: string, groupId: string): LocalUser[] {
    const group = this.getGroup(zone, groupId);
    return [...group.members].flatMap((name) => this.findUser(zone, name) ?? []);
  }

  /** Adds a user of the group's zone to the group (already a member: no change). */
  addGroupMember(zone: string, groupId: string, memberId: string): LocalUser {
    const group = this.getGroup(zone, groupId);
    const user = this.resolveUser(zone, memberId);
    group.members.add(user.name);
    return user;
  }

  /** Removes a member; 404 when the user does not exist or is not a member (message believed). */
  removeGroupMember(zone: string, groupId: string, memberId: string): void {
    const group = this.getGroup(zone, groupId);
    const user = this.resolveUser(zone, memberId);
    if (!group.members.delete(user.name)) throw aec('AEC_NOT_FOUND', `User '${user.name}' is not a member of group '${group.name}'.`);
  }

  // ---- S3 buckets ----

  listBuckets(zone: string): Bucket[] {
    this.getZone(zone);
    return this.#buckets.list(zone);
  }

  findBucket(zone: string, name: string): Bucket | undefined {
    return this.#buckets.find(zone, name);
  }

  /** The bucket, after checking the zone (`Bucket '<name>' not found.`, 404). */
  getBucket(zone: string, name: string): Bucket {
    this.getZone(zone);
    return this.#buckets.get(zone, name);
  }

  /**
   * POST `/protocols/s3/buckets`: name and path required; the path under the zone's base path and
   * existing unless `create_path` (then made, with its parents); the owner (default: the admin the
   * simulator serves as, known in every zone) and every user or group grantee must exist in the
   * zone; a taken name is 409.
   */
  createBucket(zone: string, request: BucketRequest): Bucket {
    const { zoneId, path: root } = this.getZone(zone);
    if (request.name === undefined || request.name === '') throw aec('AEC_ARG_REQUIRED', 'Field: name required.', 'name');
    if (request.path === undefined || request.path === '') throw aec('AEC_ARG_REQUIRED', 'Field: path required.', 'path');
    if (request.name.length > 255) throw aec('AEC_BAD_REQUEST', 'Field: name has a maximum length of 255.', 'name');
    if (this.#buckets.find(zone, request.name)) throw aec('AEC_CONFLICT', `Bucket '${request.name}' already exists.`, 'name');
    const path = ifsPath(request.path, 'path');
    if (!isPathUnder(path, root)) throw aec('AEC_BAD_REQUEST', `Bucket path '${path}' is not within the base path '${root}' of access zone '${zone}'.`, 'path');
    // ENOENT maps to AEC_NOT_FOUND (reference AEC table); the words are ours.
    if (!request.createPath && !this.directories.exists(path)) throw aec('AEC_NOT_FOUND', `Path '${path}' does not exist. Set create_path to create it.`, 'path');
    const owner = request.owner === undefined || request.owner === '' ? this.adminUsername : request.owner;
    // The admin the simulator serves as is known in every zone (as OneFS's file-provider admin is).
    if (owner !== this.adminUsername && !this.findUser(zone, owner)) throw aec('AEC_NOT_FOUND', `Failed to find user for 'USER:${owner}': No such user`, 'owner');
    const acl = this.#grants(zone, request.acl ?? []);
    if (request.createPath) this.directories.make(path);
    return this.#buckets.add({ name: request.name, zone, zid: zoneId, path, owner, description: request.description ?? '', objectAclPolicy: request.objectAclPolicy ?? 'replace', acl });
  }

  /** PUT `/protocols/s3/buckets/{name}`: description, object ACL policy and the whole ACL; nothing else changes in place. */
  modifyBucket(zone: string, name: string, request: BucketRequest): Bucket {
    const bucket = this.getBucket(zone, name);
    for (const [field, value] of [['name', request.name], ['path', request.path], ['owner', request.owner]] as const) {
      if (value !== undefined) throw aec('AEC_BAD_REQUEST', `Field: ${field} cannot be modified.`, field);
    }
    const acl = request.acl === undefined ? undefined : this.#grants(zone, request.acl);
    if (request.description !== undefined) bucket.description = request.description;
    if (request.objectAclPolicy !== undefined) bucket.objectAclPolicy = request.objectAclPolicy;
    if (acl !== undefined) bucket.acl = acl;
    return bucket;
  }

  /** DELETE: the bucket only; its directory and everything in it stay. */
  deleteBucket(zone: string, name: string): void {
    this.getZone(zone);
    if (!this.#buckets.find(zone, name)) throw noSuchBucket(name);
    this.#buckets.remove(zone, name);
  }

  /** Grants with their grantees resolved (users and groups of the zone; well-known names as given), in canonical order. */
  #grants(zone: string, acl: NonNullable<BucketRequest['acl']>): Grant[] {
    return canonicalAcl(
      acl.map((g) => {
        let granteeId: string | null = null;
        if (g.type === 'user') {
          const user = this.findUser(zone, g.name);
          if (!user) throw aec('AEC_NOT_FOUND', `Failed to find user for 'USER:${g.name}': No such user`, 'acl');
          granteeId = `UID:${user.uid}`;
        } else if (g.type === 'group') {
          const group = this.findGroup(zone, g.name);
          if (!group) throw aec('AEC_NOT_FOUND', `Failed to find group for 'GROUP:${g.name}': No such group`, 'acl');
          granteeId = `GID:${group.gid}`;
        }
        return { granteeId, granteeName: g.name, granteeType: g.type, permission: g.permission };
      }),
    );
  }

  // ---- S3 keys ----

  /** The access id OneFS derives for a user: `<zone id>_<user>_accid` (believed format). */
  accessIdFor(zone: string, user: string): string {
    return `${this.getZone(zone).zoneId}_${user}_accid`;
  }

  /** GET semantics: the key without secrets, or undefined when the user has none. */
  getKey(zone: string, user: string): S3KeyView | undefined {
    this.getUser(zone, user);
    return this.s3Keys.view(zone, user, this.nowSeconds());
  }

  /** POST semantics: mints (or with `force`, rotates) the key and returns both secrets. */
  createKey(zone: string, user: string, input: CreateKeyInput): S3KeyCreated {
    this.getUser(zone, user);
    if (this.s3Keys.has(zone, user) && !input.force) {
      throw aec('AEC_CONFLICT', `An S3 key already exists for user '${user}'. Use force to create a new key.`);
    }
    return this.s3Keys.create(zone, user, this.accessIdFor(zone, user), input.existingKeyExpiryMinutes, this.nowSeconds());
  }

  /** DELETE semantics: false when the user had no key. */
  deleteKey(zone: string, user: string): boolean {
    this.getUser(zone, user);
    return this.s3Keys.delete(zone, user);
  }

  /** Whether (accessId, secret) authenticates at `nowMs` (default: the simulated clock). */
  s3Authenticate(accessId: string, secret: string, nowMs: number = this.#clock.now()): boolean {
    return this.s3Keys.authenticate(accessId, secret, Math.floor(nowMs / 1000));
  }

  // ---- quotas ----

  /** The quotas matching the list filters (`persona` as `USER:<name>`, `UID:<n>`, `GROUP:<name>`, `GID:<n>`). */
  listQuotas(filter: { path?: string; type?: string; persona?: string; zone?: string }): Quota[] {
    const persona = filter.persona === undefined ? undefined : this.#persona(filter.zone ?? SYSTEM_ZONE, filter.persona.startsWith('G') ? 'group' : 'user', { id: filter.persona });
    return this.quotas.list().filter((q) => (filter.path === undefined || q.path === filter.path) && (filter.type === undefined || q.type === filter.type) && (persona === undefined || q.persona?.id === persona.id));
  }

  /**
   * POST `/quota/quotas`: path, type and include_snapshots are required (the create schema), the
   * path must exist, a user or group quota needs a persona of `zone` and other types refuse one.
   * Messages of the persona and path refusals are believed, not observed.
   */
  createQuota(request: QuotaRequest, zone: string = SYSTEM_ZONE): Quota {
    for (const name of ['path', 'type', 'includeSnapshots'] as const) {
      const wire = name === 'includeSnapshots' ? 'include_snapshots' : name;
      if (request[name] === undefined) throw aec('AEC_ARG_REQUIRED', `Field: ${wire} required.`, wire);
    }
    const path = ifsPath(request.path ?? '', 'path');
    if (!this.directories.exists(path)) throw aec('AEC_BAD_REQUEST', `Path '${path}' does not exist.`, 'path');
    const type = request.type ?? 'directory';
    if (needsPersona(type) && request.persona === undefined) throw aec('AEC_ARG_REQUIRED', `Field: persona required for ${type} quotas.`, 'persona');
    if (!needsPersona(type) && request.persona !== undefined) throw aec('AEC_BAD_REQUEST', `Field: persona is not allowed for ${type} quotas.`, 'persona');
    const persona = request.persona === undefined ? null : this.#persona(zone, type as 'user' | 'group', request.persona);
    const t = request.thresholds ?? {};
    return this.quotas.add({
      path,
      type,
      persona,
      includeSnapshots: request.includeSnapshots ?? false,
      enforced: request.enforced ?? false,
      container: request.container ?? false,
      thresholds: { hard: t.hard ?? null, soft: t.soft ?? null, softGrace: t.softGrace ?? null, advisory: t.advisory ?? null },
      thresholdsOn: request.thresholdsOn ?? 'fslogicalsize',
    });
  }

  /** A user or group persona of `zone`, by `{type, name}` or serialized `{id}` (404 when unknown). */
  #persona(zone: string, type: 'user' | 'group', given: { id?: string; name?: string }): QuotaPersona {
    const key = given.id ?? given.name ?? '';
    if (type === 'user') {
      const user = this.resolveUser(zone, key);
      return { id: `UID:${user.uid}`, name: user.name, type: 'user' };
    }
    const group = this.getGroup(zone, key);
    return { id: `GID:${group.gid}`, name: group.name, type: 'group' };
  }

  // ---- wire bodies (each area's helper, given what it needs from the others) ----

  /** `/platform/N/cluster/config`. */
  clusterConfigBody(): Record<string, unknown> {
    return clusterConfigBody(this);
  }

  /** `/platform/N/cluster/identity`. */
  clusterIdentityBody(): Record<string, unknown> {
    return clusterIdentityBody(this);
  }

  /** One zone as `/platform/N/zones` returns it. */
  zoneBody(zone: Zone): Record<string, unknown> {
    return zoneBody(zone);
  }

  /** One group as `/platform/N/auth/groups` returns it. */
  groupBody(group: LocalGroup): Record<string, unknown> {
    return groupBody(group, { clusterName: this.clusterName });
  }

  /** One user as `/platform/N/auth/users` returns it. */
  userBody(user: LocalUser): Record<string, unknown> {
    return userBody(user, { clusterName: this.clusterName, zonePath: this.getZone(user.zone).path, sidPrefix: this.#users.sidPrefix, nowSeconds: this.nowSeconds() });
  }
}

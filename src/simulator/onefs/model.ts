/**
 * The in-memory OneFS cluster, composed from one part per OneFS API area (`cluster.ts`,
 * `zones.ts`, `users.ts`, `s3-keys.ts`, as `src/papi` is split). This class owns what crosses
 * areas: the order of checks (zone before user before key, as `?zone=` is resolved first) and the
 * cascades (a removed zone takes its users and keys, a removed user its keys). Methods throw
 * `PapiFailure` with the real AEC codes and messages, so handlers and the control API share one set
 * of rules. Wire names (snake_case) appear only in the areas' `*Body` helpers.
 */
import { SYSTEM_ZONE } from '../../onefs/rules';
import type { SimClock } from '../clock';
import { clusterConfigBody, clusterIdentity, clusterIdentityBody, type ClusterOptions } from './cluster';
import { aec, noSuchUser } from './errors';
import { S3KeyStore, type S3KeyCreated, type S3KeyView } from './s3-keys';
import { userBody, UserTable, type LocalUser, type UserSettings } from './users';
import { zoneBody, ZoneTable, type Zone } from './zones';

/** The zone every cluster has and that cannot be deleted (from the shared OneFS rules). */
export { SYSTEM_ZONE };
export type { LocalUser, UserSettings, Zone };

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
  readonly onefsVersion: string;
  readonly apiVersion: number;
  readonly adminUsername: string;
  readonly s3Keys = new S3KeyStore();
  readonly #zones = new ZoneTable();
  readonly #users = new UserTable();
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
    this.s3Keys.clear();
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

  /** Adds a zone rooted at `/ifs/<name>`; 409 when it exists, 400 for a bad name. */
  addZone(name: string): Zone {
    const zone = this.#zones.add(name);
    this.#users.openZone(name);
    return zone;
  }

  /** Removes a zone with its users and keys. The System zone cannot be removed. */
  removeZone(name: string): void {
    this.#zones.remove(name);
    this.#users.closeZone(name);
    this.s3Keys.purge(name);
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

  /** Removes a user and the user's keys. */
  removeUser(zone: string, name: string): void {
    this.getUser(zone, name);
    this.#users.remove(zone, name);
    this.s3Keys.purge(zone, name);
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

  /** One user as `/platform/N/auth/users` returns it. */
  userBody(user: LocalUser): Record<string, unknown> {
    return userBody(user, { clusterName: this.clusterName, zonePath: this.getZone(user.zone).path, sidPrefix: this.#users.sidPrefix, nowSeconds: this.nowSeconds() });
  }
}

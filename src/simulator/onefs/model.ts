/**
 * The in-memory OneFS cluster: identity, access zones, local users per zone and S3 keys. Methods
 * throw `PapiFailure` with the real AEC codes and messages, so handlers and the control API share
 * one set of rules. Wire names (snake_case) appear only in the `*Body` helpers.
 */
import { SYSTEM_ZONE, USER_NAME_PATTERN, ZONE_NAME_PATTERN } from '../../onefs/rules';
import { randomBytes } from 'node:crypto';
import type { SimClock } from '../clock';
import { aec, noSuchUser, zoneNotFound } from './errors';
import { S3KeyStore, type S3KeyCreated, type S3KeyView } from './s3-keys';

/** The zone every cluster has and that cannot be deleted (from the shared OneFS rules). */
export { SYSTEM_ZONE };

export interface OneFsModelOptions {
  /** Cluster name. @default "sim-cluster" */
  clusterName?: string;
  /** Cluster GUID (36 hex characters). @default - random, stable across reset() */
  guid?: string;
  /** OneFS release, four numbers. @default "9.5.0.0" */
  onefsVersion?: string;
  /** Highest PAPI version (`/platform/latest`). @default 16 (OneFS 9.5) */
  apiVersion?: number;
  /** The administrator's user name, a local user of the System zone. @default "admin" */
  adminUsername?: string;
  /** Extra local users seeded into the System zone. @default [] */
  users?: readonly string[];
  /** Time source shared with sessions. */
  clock: SimClock;
}

export interface Zone {
  name: string;
  zoneId: number;
  path: string;
}

export interface LocalUser {
  name: string;
  zone: string;
  uid: number;
  sid: string;
}

/** Options accepted by `createKey`. */
export interface CreateKeyInput {
  /** Replace an existing key (`force=true`). Without it an existing key is a 409. */
  force: boolean;
  /** Minutes the previous secret stays valid, 0..1440. */
  existingKeyExpiryMinutes: number;
}

const USER_NAME = USER_NAME_PATTERN;
const ZONE_NAME = ZONE_NAME_PATTERN;

/** The cluster state. `reset()` returns to the seeded state (same GUID). */
export class OneFsModel {
  readonly clusterName: string;
  readonly guid: string;
  readonly onefsVersion: string;
  readonly apiVersion: number;
  readonly adminUsername: string;
  readonly s3Keys = new S3KeyStore();
  readonly #seedUsers: readonly string[];
  readonly #clock: SimClock;
  readonly #zones = new Map<string, Zone>();
  readonly #users = new Map<string, Map<string, LocalUser>>();
  #nextZoneId = 1;
  #nextUid = 2000;
  readonly #sidPrefix = `S-1-5-21-${randomBytes(12).readUInt32BE(0)}-${randomBytes(4).readUInt32BE(0)}-${randomBytes(4).readUInt32BE(0)}`;

  constructor(options: OneFsModelOptions) {
    this.clusterName = options.clusterName ?? 'sim-cluster';
    this.guid = options.guid ?? `000e1ea5${randomBytes(14).toString('hex')}`;
    this.onefsVersion = options.onefsVersion ?? '9.5.0.0';
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(this.onefsVersion)) throw new Error(`onefsVersion must look like 9.5.0.0, got "${this.onefsVersion}"`);
    this.apiVersion = options.apiVersion ?? 16;
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
    this.#nextZoneId = 1;
    this.#nextUid = 2000;
    this.addZone(SYSTEM_ZONE);
    this.#insertUser(SYSTEM_ZONE, this.adminUsername, 10);
    for (const name of this.#seedUsers) {
      if (!this.findUser(SYSTEM_ZONE, name)) this.addUser(SYSTEM_ZONE, name);
    }
  }

  // ---- zones ----

  listZones(): Zone[] {
    return [...this.#zones.values()];
  }

  /** The zone, or `Access Zone "<name>" not found.` (404). */
  getZone(name: string): Zone {
    const zone = this.#zones.get(name);
    if (!zone) throw zoneNotFound(name);
    return zone;
  }

  /** Adds a zone rooted at `/ifs/<name>`; 409 when it exists, 400 for a bad name. */
  addZone(name: string): Zone {
    if (!ZONE_NAME.test(name)) throw aec('AEC_BAD_REQUEST', `Invalid zone name '${name}'.`, 'name');
    if (this.#zones.has(name)) throw aec('AEC_CONFLICT', `Access Zone "${name}" already exists.`);
    const zone: Zone = { name, zoneId: this.#nextZoneId++, path: name === SYSTEM_ZONE ? '/ifs' : `/ifs/${name}` };
    this.#zones.set(name, zone);
    this.#users.set(name, new Map());
    return zone;
  }

  /** Removes a zone with its users and keys. The System zone cannot be removed. */
  removeZone(name: string): void {
    this.getZone(name);
    if (name === SYSTEM_ZONE) throw aec('AEC_BAD_REQUEST', 'The System zone cannot be deleted.');
    this.#zones.delete(name);
    this.#users.delete(name);
    this.s3Keys.purge(name);
  }

  // ---- users ----

  listUsers(zone: string): LocalUser[] {
    this.getZone(zone);
    return [...(this.#users.get(zone)?.values() ?? [])];
  }

  findUser(zone: string, name: string): LocalUser | undefined {
    return this.#users.get(zone)?.get(name);
  }

  /** The user, after checking the zone (zone errors win, as `?zone=` is resolved first). */
  getUser(zone: string, name: string): LocalUser {
    this.getZone(zone);
    const user = this.findUser(zone, name);
    if (!user) throw noSuchUser(name);
    return user;
  }

  /** Adds a local user; `User '<name>' already exists` (409) when present. */
  addUser(zone: string, name: string): LocalUser {
    this.getZone(zone);
    if (!USER_NAME.test(name)) throw aec('AEC_BAD_REQUEST', `Invalid user name '${name}'.`, 'name');
    if (this.findUser(zone, name)) throw aec('AEC_CONFLICT', `User '${name}' already exists`);
    return this.#insertUser(zone, name, this.#nextUid++);
  }

  /** Removes a user and the user's keys. */
  removeUser(zone: string, name: string): void {
    this.getUser(zone, name);
    this.#users.get(zone)?.delete(name);
    this.s3Keys.purge(zone, name);
  }

  #insertUser(zone: string, name: string, uid: number): LocalUser {
    const user: LocalUser = { name, zone, uid, sid: `${this.#sidPrefix}-${uid}` };
    this.#users.get(zone)?.set(name, user);
    return user;
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

  // ---- wire bodies ----

  /** `/platform/N/cluster/config` (shape of the 8.2 fixture, 9.x values). */
  clusterConfigBody(): Record<string, unknown> {
    const [major = 9, minor = 5, patch = 0, fourth = 0] = this.onefsVersion.split('.').map(Number);
    const build = 5;
    const hex = `${major.toString(16)}${pad(minor, 2)}${pad(patch, 2)}5${pad(fourth, 4)}${pad(build, 5)}`;
    const buildName = `B_${major}_${minor}_${patch}_${String(build).padStart(3, '0')}(RELEASE)`;
    return {
      description: '',
      devices: [1, 2, 3].map((n) => ({ devid: n, guid: `${this.guid.slice(0, 8)}${pad(n, 28)}`, is_up: true, lnn: n })),
      encoding: 'utf-8',
      guid: this.guid,
      has_quorum: true,
      is_compliance: false,
      is_virtual: true,
      is_vonefs: false,
      join_mode: 'Manual',
      local_devid: 1,
      local_lnn: 1,
      local_serial: 'SIMULATOR-0001',
      name: this.clusterName,
      onefs_version: {
        build: buildName,
        copyright: 'Copyright (c) 2001-2022 Dell Inc. or its subsidiaries. All Rights Reserved.',
        reldate: 1200019,
        release: this.onefsVersion,
        revision: BigInt(`0x${hex}`).toString(),
        type: 'Isilon OneFS',
        version: `Isilon OneFS ${this.onefsVersion} ${buildName}: 0x${hex}: cdktf-powerscale simulator`,
      },
      timezone: { abbreviation: 'UTC', custom: '', name: 'Coordinated Universal Time', path: 'UTC' },
      upgrade_type: null,
    };
  }

  /** `/platform/N/cluster/identity`. */
  clusterIdentityBody(): Record<string, unknown> {
    return { description: '', logon: { motd: '', motd_header: '' }, mttdl_level_msg: '', name: this.clusterName };
  }

  /** One zone as `/platform/N/zones` returns it (shape of the zone fixture). */
  zoneBody(zone: Zone): Record<string, unknown> {
    return {
      alternate_system_provider: 'lsa-file-provider:MinimumRequired',
      auth_providers: [`lsa-local-provider:${zone.name}`],
      cache_entry_expiry: 14400,
      groupnet: 'groupnet0',
      home_directory_umask: 63,
      id: zone.name,
      ifs_restricted: [],
      map_untrusted: '',
      name: zone.name,
      negative_cache_entry_expiry: 60,
      netbios_name: '',
      path: zone.path,
      skeleton_directory: '/usr/share/skel',
      system: zone.name === SYSTEM_ZONE,
      system_provider: 'lsa-file-provider:System',
      user_mapping_rules: [],
      zone_id: zone.zoneId,
    };
  }

  /** One user as `/platform/N/auth/users` returns it (common members only). */
  userBody(user: LocalUser): Record<string, unknown> {
    const provider = `lsa-local-provider:${user.zone}`;
    return {
      dn: `CN=${user.name},CN=Users,DC=${this.clusterName.toUpperCase()}`,
      email: null,
      enabled: true,
      expired: false,
      gecos: '',
      home_directory: `${this.getZone(user.zone).path}/home/${user.name}`,
      id: user.name,
      locked: false,
      name: user.name,
      on_disk_user_identity: { id: `UID:${user.uid}` },
      primary_group_sid: { id: `SID:${this.#sidPrefix}-513`, name: 'Administrators', type: 'group' },
      provider,
      sid: { id: `SID:${user.sid}`, name: user.name, type: 'user' },
      type: 'user',
      uid: { id: `UID:${user.uid}`, name: user.name, type: 'user' },
      user_can_change_password: true,
    };
  }
}

function pad(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * The configuration the chaos run wants, as data, one map per resource kind: which pool users have
 * a `powerscale_s3_key` (secret name, rotation trigger, window), which `powerscale_user`s exist
 * (minted password, its secret name and trigger). A round changes it (the "configuration change"),
 * renders it to HCL, and the invariants compare the cluster and the store against it.
 *
 * A resource kind plugs in as a {@link ChaosKind} (test/chaos/kinds/): its map in {@link World},
 * the changes it can make, its HCL, its out-of-band changes and its invariants. The run and the
 * round generator only ever go through the list of kinds, so a new kind touches `World` (one
 * map) and adds one module.
 */
import type { SecretStore } from '../../src/secrets/types';
import type { OneFsModel } from '../../src/simulator/onefs/model';
import type { Artifacts } from '../helpers/reliability';
import type { TerraformState } from '../helpers/terraform';
import type { Rng } from './rng';

/** One desired key. */
export interface DesiredKey {
  readonly user: string;
  /** undefined: the provider's default name. */
  secretName: string | undefined;
  /** Bumped to rotate. */
  trigger: number;
  expiryMinutes: number;
}

/** One desired local user with a minted password. */
export interface DesiredUser {
  readonly name: string;
  /** undefined: the provider's default name. */
  secretName: string | undefined;
  /** Bumped to mint a new password. */
  trigger: number;
}

/** One desired S3 bucket (its directory `/ifs/chaos-buckets/<name>`, made by `create_path`). */
export interface DesiredBucket {
  readonly name: string;
  description: string;
  objectAclPolicy: 'replace' | 'deny';
}

/** One desired directory quota on a directory the run made before round 1. */
export interface DesiredQuota {
  readonly path: string;
  hard: number;
  /** null: no advisory threshold. */
  advisory: number | null;
}

/** One desired access zone (its base path `/ifs/chaos-zones/<name>[-v<version>]`, made by `create_path`). */
export interface DesiredZone {
  readonly name: string;
  /** Bumped to move the zone to a new path. */
  version: number;
}

/** One desired System-zone group with its members (users of the key pool). */
export interface DesiredGroup {
  readonly name: string;
  /** Sorted. */
  members: string[];
}

/** The whole desired configuration. */
export interface World {
  /** Every user the run may give a key (created in the simulator before round 1). */
  readonly pool: readonly string[];
  readonly keys: Map<string, DesiredKey>;
  /** Every name the run may create a `powerscale_user` under (none exists before round 1). */
  readonly userPool: readonly string[];
  readonly users: Map<string, DesiredUser>;
  /** Every name the run may create a bucket under (none exists before round 1). */
  readonly bucketPool: readonly string[];
  readonly buckets: Map<string, DesiredBucket>;
  /** Every directory the run may put a quota on (made before round 1, no quota on them then). */
  readonly quotaPool: readonly string[];
  readonly quotas: Map<string, DesiredQuota>;
  /** Every name the run may create an access zone under (none exists before round 1). */
  readonly zonePool: readonly string[];
  readonly zones: Map<string, DesiredZone>;
  /** Every name the run may create a group under (none exists before round 1). */
  readonly groupPool: readonly string[];
  readonly groups: Map<string, DesiredGroup>;
  /** Zones made before round 1 whose S3 settings the run may take over. */
  readonly settingsZonePool: readonly string[];
  /** Per zone, the managed settings (Terraform names) and their configured values. */
  readonly zoneSettings: Map<string, Map<string, string | number | boolean>>;
  /** The managed cluster-wide S3 settings and their configured values; empty: no resource. */
  readonly globalSettings: Map<string, string | number | boolean>;
  /** Per zone (and `GLOBAL_SETTINGS` for the cluster-wide ones), every setting's value before round 1. */
  readonly settingsOriginals: Map<string, Record<string, string | number | boolean>>;
  /** `<zone>/<setting>` (or `(global)/<setting>`, kinds/global-settings.ts) taken over by this round's change (see kinds/zone-settings.ts). */
  readonly settingsTakeovers: Set<string>;
  /** `<zone>/<setting>` (or `(global)/<setting>`, kinds/global-settings.ts) whose original the provider may have lost to a failed takeover. */
  readonly settingsUncertain: Set<string>;
  /** Renames so far, to make fresh secret names. */
  renames: number;
}

export function createWorld(poolSize: number): World {
  const names = (prefix: string) => Array.from({ length: poolSize }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
  return {
    pool: names('chaos'),
    keys: new Map(),
    userPool: names('chuser'),
    users: new Map(),
    bucketPool: names('chbucket'),
    buckets: new Map(),
    quotaPool: names('/ifs/chaos-quotas/q'),
    quotas: new Map(),
    zonePool: names('chzone'),
    zones: new Map(),
    groupPool: names('chgroup'),
    groups: new Map(),
    settingsZonePool: names('chszone').slice(0, 3),
    zoneSettings: new Map(),
    globalSettings: new Map(),
    settingsOriginals: new Map(),
    settingsTakeovers: new Set(),
    settingsUncertain: new Set(),
    renames: 0,
  };
}

/** A configuration change a kind can make now, with its weight in the round's draw. */
export interface Change {
  readonly weight: number;
  /** Makes the change (drawing what it needs from `rng`); returns what it did, for the round's line. */
  readonly apply: (rng: Rng) => string;
}

/** Where out-of-band changes land. */
export interface Outside {
  readonly model: OneFsModel;
  readonly store: SecretStore;
  /** The simulated clock (a rotation in the same second as the last one would be ambiguous). */
  readonly clock: { advance(ms: number): void };
}

/** Everything the invariant checks read. */
export interface InvariantInputs {
  readonly world: World;
  readonly state: TerraformState | undefined;
  readonly model: OneFsModel;
  readonly store: SecretStore;
  readonly artifacts: Artifacts;
  /** Secrets read back from the store: the leak sweep looks for them too. */
  readonly seen: (label: string, secret: string) => void;
}

/** One resource type the chaos run drives. */
export interface ChaosKind {
  /** The `--resources` name (`s3_key`, `user`, `bucket`, `quota`, `zone`, `group`, `zone_settings`, `global_settings`). */
  readonly name: string;
  /** The changes it can make to `world` now (none: it sits this draw out). */
  changes(world: World): Change[];
  /** Whether its resources keep secrets in the store (a stale store lock matters only then). */
  readonly usesStore: boolean;
  /** Makes what its resources need on the cluster before round 1 (directories a quota governs). */
  prepare?(world: World, outside: Outside): void;
  /** Its resource blocks. */
  render(world: World): string;
  /** The out-of-band changes it can make now, each returning what it did (undefined: nothing to do). */
  outside(world: World): ((rng: Rng, outside: Outside) => Promise<string | undefined>)[];
  /** Its violated invariants, one line each. */
  check(inputs: InvariantInputs): Promise<string[]>;
  /** Told after each round's faulty apply whether it succeeded (before the outside change). */
  afterFaultyApply?(world: World, ok: boolean): void;
}

/**
 * The usual changes of a kind whose objects come from a name pool: add one (weighted up while fewer
 * than a third of the pool is held), remove one, and each `modify` of one held object. Every
 * change picks its pool name or held object first, so the draws are the same as when each kind
 * wrote these out by hand.
 */
export function poolChanges<T>(
  pool: readonly string[],
  held: ReadonlyMap<string, T>,
  ops: { add(name: string, rng: Rng): string; remove(item: T): string; modify: readonly ((item: T, rng: Rng) => string)[] },
): Change[] {
  const free = pool.filter((name) => !held.has(name));
  const items = [...held.values()];
  const out: Change[] = [];
  if (free.length > 0) out.push({ weight: items.length < pool.length / 3 ? 3 : 1, apply: (rng) => ops.add(rng.pick(free), rng) });
  if (items.length > 0) {
    out.push({ weight: 1, apply: (rng) => ops.remove(rng.pick(items)) });
    for (const modify of ops.modify) out.push({ weight: 1, apply: (rng) => modify(rng.pick(items), rng) });
  }
  return out;
}

/** Applies one random configuration change drawn over every kind; returns what it did. */
export function changeWorld(world: World, rng: Rng, kinds: readonly ChaosKind[]): string {
  const changes = kinds.flatMap((k) => k.changes(world));
  const total = changes.reduce((n, c) => n + c.weight, 0);
  let draw = rng.next() * total;
  for (const change of changes) {
    draw -= change.weight;
    if (draw < 0) return change.apply(rng);
  }
  const last = changes.at(-1);
  if (last === undefined) throw new Error('no configuration change is possible');
  return last.apply(rng);
}

/** The resource blocks of the world (the provider block is the caller's). */
export function renderWorld(world: World, kinds: readonly ChaosKind[]): string {
  return kinds.map((k) => k.render(world)).filter((text) => text !== '').join('\n');
}

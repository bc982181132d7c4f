/**
 * The configuration the chaos run wants, as data: which users have a `powerscale_s3_key`, with
 * which secret name, rotation trigger and window. A round changes it (the "configuration change"),
 * renders it to HCL, and the invariants compare the cluster and the store against it.
 *
 * Resource kinds beyond S3 keys (users, buckets, quotas) join as more maps here, with their own
 * changes and invariants.
 */
import { hclString } from '../helpers/reliability';
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

/** The whole desired configuration. */
export interface World {
  /** Every user the run may give a key (created in the simulator before round 1). */
  readonly pool: readonly string[];
  readonly keys: Map<string, DesiredKey>;
  /** Renames so far, to make fresh secret names. */
  renames: number;
}

export function createWorld(poolSize: number): World {
  return { pool: Array.from({ length: poolSize }, (_, i) => `chaos${String(i + 1).padStart(2, '0')}`), keys: new Map(), renames: 0 };
}

/** The secret name a key's document lives under. */
export function secretNameOf(key: DesiredKey): string {
  return key.secretName ?? `powerscale-s3-System-${key.user}`;
}

/** Applies one random configuration change; returns what it did, for the round's line. */
export function changeWorld(world: World, rng: Rng): string {
  const free = world.pool.filter((u) => !world.keys.has(u));
  const held = [...world.keys.values()];
  const kinds = [
    // Grow towards half the pool first, so later rounds have keys to rotate, rename and lose.
    ...(free.length > 0 ? (held.length < world.pool.length / 2 ? ['add', 'add', 'add', 'add'] : ['add']) : []),
    ...(held.length > 1 ? ['remove'] : []),
    ...(held.length > 0 ? ['rotate', 'rename', 'expiry'] : []),
  ];
  const kind = rng.pick(kinds);
  switch (kind) {
    case 'add': {
      const user = rng.pick(free);
      world.keys.set(user, { user, secretName: undefined, trigger: 0, expiryMinutes: rng.pick([0, 0, 5, 60]) });
      return `add ${user}`;
    }
    case 'remove': {
      const key = rng.pick(held);
      world.keys.delete(key.user);
      return `remove ${key.user}`;
    }
    case 'rotate': {
      const key = rng.pick(held);
      key.trigger += 1;
      return `rotate ${key.user}`;
    }
    case 'rename': {
      const key = rng.pick(held);
      world.renames += 1;
      key.secretName = key.secretName === undefined || rng.chance(0.5) ? `chaos-secret-${key.user}-${world.renames}` : undefined;
      return `rename ${key.user} -> ${secretNameOf(key)}`;
    }
    default: {
      const key = rng.pick(held);
      key.expiryMinutes = rng.pick([0, 5, 60, 1440].filter((m) => m !== key.expiryMinutes));
      return `expiry ${key.user}=${key.expiryMinutes}`;
    }
  }
}

/** The resource blocks of the world (the provider block is the caller's). */
export function renderWorld(world: World): string {
  return [...world.keys.values()]
    .sort((a, b) => a.user.localeCompare(b.user))
    .map(
      (k) => `resource "powerscale_s3_key" ${hclString(k.user)} {
  user                        = ${hclString(k.user)}
  existing_key_expiry_minutes = ${k.expiryMinutes}
  rotation_triggers           = { n = "${k.trigger}" }
${k.secretName === undefined ? '' : `  secret_name                 = ${hclString(k.secretName)}\n`}}
`,
    )
    .join('\n');
}

/**
 * What a round inflicts besides its configuration change: faults for the apply (simulator
 * `/faults`, latency, a session expiry mid-run), at most one violent event (a signal to the provider
 * or to terraform, or the file store's lock left stale by a killed process), and out-of-band
 * changes between rounds (each kind's: see test/chaos/kinds/). Every choice comes from the round's
 * generator.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FaultSpec } from '../helpers/reliability';
import { REPO_ROOT } from '../helpers/terraform';
import type { Rng } from './rng';
import type { ChaosKind, Outside, World } from './world';

export type { Outside };

/** A fault to arm before the apply; `kind` counts it in the summary. */
export interface ArmedFault {
  readonly kind: string;
  readonly spec?: FaultSpec;
  readonly latencyMs?: number;
  /** Expire every OneFS session this long after the apply starts. */
  readonly expireSessionsAfterMs?: number;
}

/** The provider's per-request limit in the chaos configuration (so "slow near the timeout" is cheap). */
export const TIMEOUT_SECONDS = 4;

/** Which store the run uses: DAP faults go through the simulator, the file store has its lock. */
export type StoreBackend = 'dap' | 'file';

/** The create routes of the kinds in play, when any newer than s3_key and user is (their runs' draws predate this fault). */
function createPaths(kinds: readonly ChaosKind[]): string[] {
  const names = new Set(kinds.map((k) => k.name));
  if (!['bucket', 'quota', 'zone', 'group'].some((n) => names.has(n))) return [];
  return [
    ...(names.has('bucket') ? ['/protocols/s3/buckets'] : []),
    ...(names.has('quota') ? ['/quota/quotas'] : []),
    ...(names.has('user') ? ['/auth/users'] : []),
    ...(names.has('zone') ? ['/\\/platform\\/\\d+\\/zones(\\?|$)/'] : []),
    ...(names.has('group') ? ['/\\/auth\\/groups(\\?|$)/'] : []),
  ];
}

/** Zero to three faults for the apply (store faults only with DAP; user faults only with users). */
export function pickFaults(rng: Rng, backend: StoreBackend, kinds: readonly ChaosKind[]): ArmedFault[] {
  const menu: (() => ArmedFault)[] = [
    () => ({ kind: 'onefs 5xx burst', spec: { service: 'onefs', status: rng.pick([500, 502, 503]), count: rng.int(1, 4) } }),
    () => ({ kind: 'onefs dropped connection', spec: { service: 'onefs', drop: true, count: rng.int(1, 2) } }),
    // Only with keys in play (the menu's order, and so every earlier seed's draws, is kept when they are).
    ...(kinds.some((k) => k.name === 's3_key') ? [() => ({ kind: 'onefs key POST 5xx', spec: { service: 'onefs', method: 'POST', path: '/protocols/s3/keys/', status: 503, count: rng.int(1, 3) } }) as const] : []),
    () => ({ kind: 'slow near the timeout', spec: { service: 'onefs', delayMs: TIMEOUT_SECONDS * 1000 - rng.int(100, 600), count: 1 } }),
    () => ({ kind: 'session expiry mid-run', expireSessionsAfterMs: rng.int(200, 2_000) }),
    ...(backend === 'dap'
      ? [
          () => ({ kind: 'store read outage', spec: { service: 'dap', method: 'GET', status: 503, count: rng.int(1, 6) } }) as const,
          () => ({ kind: 'store write outage', spec: { service: 'dap', method: 'PUT', status: rng.pick([500, 503]), count: rng.int(1, 6) } }) as const,
          () => ({ kind: 'store dropped connection', spec: { service: 'dap', drop: true, count: rng.int(1, 2) } }) as const,
        ]
      : []),
    ...(kinds.some((k) => k.name === 'user') ? [() => ({ kind: 'onefs user POST/PUT 5xx', spec: { service: 'onefs', path: '/auth/users', method: rng.pick(['POST', 'PUT']), status: 503, count: rng.int(1, 2) } }) as const] : []),
    () => ({ kind: 'latency', latencyMs: rng.pick([5, 20, 80]) }),
    // Last in the menu and only with the newer kinds, so that runs of s3_key and user alone (every
    // seed reported so far) keep their draws.
    ...(createPaths(kinds).length > 0
      ? [() => ({ kind: 'onefs create answer lost', spec: { service: 'onefs', method: 'POST', path: rng.pick(createPaths(kinds)), processed: true, ...(rng.chance(0.5) ? { status: 503 } : { drop: true }), count: 1 } }) as const]
      : []),
  ];
  return rng.sample(menu, rng.int(0, 3)).map((make) => make());
}

/**
 * A violent event: a signal during the apply (after `afterMs`), or (file store only) the store's
 * lock left stale by a killed process just before the apply starts.
 */
export type ViolentEvent = { readonly kind: 'SIGKILL provider' | 'SIGTERM provider' | 'SIGINT terraform' | 'stale store lock'; readonly afterMs: number };

/**
 * At most one violent event (probability 0.35). A stale store lock only with the file store and a
 * kind that keeps secrets there: without one, no apply opens the store, so nothing breaks the lock.
 */
export function pickViolentEvent(rng: Rng, backend: StoreBackend, kinds: readonly ChaosKind[]): ViolentEvent | undefined {
  if (!rng.chance(0.35)) return undefined;
  const staleLock = backend === 'file' && kinds.some((k) => k.usesStore);
  const events = ['SIGKILL provider', 'SIGKILL provider', 'SIGTERM provider', 'SIGINT terraform', ...(staleLock ? (['stale store lock', 'stale store lock'] as const) : [])] as const;
  return { kind: rng.pick(events), afterMs: rng.int(300, 4_000) };
}

/** Zero or one out-of-band change (probability 0.4), drawn over every kind's; returns what it did. */
export async function outOfBand(world: World, rng: Rng, kinds: readonly ChaosKind[], outside: Outside): Promise<string | undefined> {
  const options = kinds.flatMap((k) => k.outside(world));
  if (options.length === 0 || !rng.chance(0.4)) return undefined;
  return rng.pick(options)(rng, outside);
}

/**
 * Leaves the file store's lock stale the way a killed process does: a child takes it with the real
 * lock code (test/chaos/hold-lock.ts) and is SIGKILLed while holding it. Returns the lock file's
 * content (its dead owner), by which the invariants know the lock the harness planted.
 */
export async function leaveStaleLock(storePath: string): Promise<string> {
  mkdirSync(dirname(storePath), { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'chaos', 'hold-lock.ts'), storePath], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const held = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => resolve(false));
  });
  child.kill('SIGKILL');
  await exited;
  if (!held) throw new Error('the lock holder never took the store lock');
  if (!existsSync(`${storePath}.lock`)) throw new Error('the killed lock holder left no lock behind');
  return readFileSync(`${storePath}.lock`, 'utf8');
}

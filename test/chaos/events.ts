/**
 * What a round inflicts besides its configuration change: faults for the apply (simulator
 * `/faults`, latency, a session expiry mid-run), at most one violent event (a signal to the provider
 * or to terraform), and out-of-band changes between rounds (a key rotated or deleted on the cluster,
 * a secret deleted or corrupted in the store). Every choice comes from the round's generator.
 */
import type { SecretStore } from '../../src/secrets/types';
import type { OneFsModel } from '../../src/simulator/onefs/model';
import type { FaultSpec } from '../helpers/reliability';
import type { Rng } from './rng';
import { secretNameOf, type World } from './world';

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

/** Zero to three faults for the apply. */
export function pickFaults(rng: Rng): ArmedFault[] {
  const menu: (() => ArmedFault)[] = [
    () => ({ kind: 'onefs 5xx burst', spec: { service: 'onefs', status: rng.pick([500, 502, 503]), count: rng.int(1, 4) } }),
    () => ({ kind: 'onefs dropped connection', spec: { service: 'onefs', drop: true, count: rng.int(1, 2) } }),
    () => ({ kind: 'onefs key POST 5xx', spec: { service: 'onefs', method: 'POST', path: '/protocols/s3/keys/', status: 503, count: rng.int(1, 3) } }),
    () => ({ kind: 'slow near the timeout', spec: { service: 'onefs', delayMs: TIMEOUT_SECONDS * 1000 - rng.int(100, 600), count: 1 } }),
    () => ({ kind: 'session expiry mid-run', expireSessionsAfterMs: rng.int(200, 2_000) }),
    () => ({ kind: 'store read outage', spec: { service: 'dap', method: 'GET', status: 503, count: rng.int(1, 6) } }),
    () => ({ kind: 'store write outage', spec: { service: 'dap', method: 'PUT', status: rng.pick([500, 503]), count: rng.int(1, 6) } }),
    () => ({ kind: 'store dropped connection', spec: { service: 'dap', drop: true, count: rng.int(1, 2) } }),
    () => ({ kind: 'latency', latencyMs: rng.pick([5, 20, 80]) }),
  ];
  return rng.sample(menu, rng.int(0, 3)).map((make) => make());
}

/** A violent event during the apply. */
export type ViolentEvent = { readonly kind: 'SIGKILL provider' | 'SIGTERM provider' | 'SIGINT terraform'; readonly afterMs: number };

/** At most one violent event (probability 0.35). */
export function pickViolentEvent(rng: Rng): ViolentEvent | undefined {
  if (!rng.chance(0.35)) return undefined;
  return { kind: rng.pick(['SIGKILL provider', 'SIGKILL provider', 'SIGTERM provider', 'SIGINT terraform'] as const), afterMs: rng.int(300, 4_000) };
}

/** Where out-of-band changes land. */
export interface Outside {
  readonly model: OneFsModel;
  readonly store: SecretStore;
  /** The simulated clock (a rotation in the same second as the last one would be ambiguous). */
  readonly clock: { advance(ms: number): void };
}

/** Zero or one out-of-band change (probability 0.4) to an object the configuration holds; returns what it did. */
export async function outOfBand(world: World, rng: Rng, outside: Outside): Promise<string | undefined> {
  const held = [...world.keys.values()];
  if (held.length === 0 || !rng.chance(0.4)) return undefined;
  const key = rng.pick(held);
  const what = rng.pick(['rotate on cluster', 'delete on cluster', 'delete secret', 'corrupt secret'] as const);
  switch (what) {
    case 'rotate on cluster':
      if (outside.model.getKey('System', key.user) === undefined) return undefined;
      outside.clock.advance(2_000);
      outside.model.createKey('System', key.user, { force: true, existingKeyExpiryMinutes: rng.pick([0, 10]) });
      break;
    case 'delete on cluster':
      outside.model.deleteKey('System', key.user);
      break;
    case 'delete secret':
      await outside.store.delete(secretNameOf(key));
      break;
    case 'corrupt secret':
      await outside.store.createOrUpdate(secretNameOf(key), rng.pick(['{"access_id":', 'garbage', '{"access_id":"1_nobody_accid","secret_key":"x"}']));
      break;
  }
  return `${what} ${key.user}`;
}

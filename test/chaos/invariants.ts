/**
 * What must hold after every round, once a clean apply has converged: each resource kind's own
 * invariants (test/chaos/kinds/: state, cluster and store agree; every stored secret
 * authenticates; nothing on the cluster the configuration does not hold), no secret ever minted or
 * stored appears in any artifact of the round in any encoding, and (file store) no lock or break
 * token is left behind (but for a stale lock the harness planted that no apply has needed to break).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { canaryForms, type MintedSecret } from '../helpers/reliability';
import type { ChaosKind, InvariantInputs } from './world';

/** Everything the checks read, beyond what the kinds read. */
export interface RoundInputs extends Omit<InvariantInputs, 'seen'> {
  readonly kinds: readonly ChaosKind[];
  /** Secrets the cluster minted (S3 keys) or was given (passwords), seen by spies. */
  readonly minted: readonly MintedSecret[];
  /** Secrets read back from the store so far in the run (grows). */
  readonly stored: Map<string, string>;
  /** The file store's path (undefined: DAP). */
  readonly storePath: string | undefined;
  /** The content of the last stale lock the harness planted, if any. */
  readonly plantedLock?: string;
}

/** The violated invariants, each as one line (empty: all hold). */
export async function checkInvariants(inputs: RoundInputs): Promise<string[]> {
  const out: string[] = [];
  const seen = (label: string, secret: string) => {
    if (!inputs.stored.has(secret)) inputs.stored.set(secret, label);
  };
  for (const kind of inputs.kinds) out.push(...(await kind.check({ ...inputs, seen })));
  const needles = [
    ...inputs.minted.flatMap((m, i) => canaryForms(`secret #${i + 1} minted for ${m.user}`, m.secret)),
    ...[...inputs.stored].flatMap(([secret, label]) => canaryForms(label, secret)),
  ];
  for (const hit of inputs.artifacts.sweep(needles)) out.push(`leak: ${hit}`);
  if (inputs.storePath !== undefined) {
    const lockName = `${basename(inputs.storePath)}.lock`;
    // No directory yet: nothing was ever stored (a run of kinds without secrets), so no lock either.
    const dir = dirname(inputs.storePath);
    // The stale lock the harness planted may lie untouched while no apply writes the store (a round
    // that changes only kinds without secrets): the provider breaks a stale lock when it needs the
    // store, not before. Any other lock or break file is the provider's.
    const planted = (f: string) => f === lockName && inputs.plantedLock !== undefined && readFileSync(join(dir, f), 'utf8') === inputs.plantedLock;
    const left = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(lockName) && !planted(f)) : [];
    if (left.length > 0) out.push(`the file store left ${left.join(', ')} behind after the clean apply`);
  }
  return out;
}

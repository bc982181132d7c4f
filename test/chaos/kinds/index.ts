/** The resource kinds the chaos run can drive, by `--resources` name (see world.ts, ChaosKind). */
import type { ChaosKind } from '../world';
import { s3KeyKind } from './s3-key';
import { userKind } from './user';

export const KINDS: readonly ChaosKind[] = [s3KeyKind, userKind];

/** The kinds named in `names` (comma-separated); throws naming the known ones for anything else. */
export function kindsNamed(names: string): ChaosKind[] {
  return names.split(',').map((name) => {
    const kind = KINDS.find((k) => k.name === name);
    if (kind === undefined) throw new Error(`--resources: unknown resource kind ${JSON.stringify(name)}; known: ${KINDS.map((k) => k.name).join(', ')}`);
    return kind;
  });
}

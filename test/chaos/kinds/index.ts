/** The resource kinds the chaos run can drive, by `--resources` name (see world.ts, ChaosKind). */
import type { ChaosKind } from '../world';
import { bucketKind } from './bucket';
import { globalSettingsKind } from './global-settings';
import { groupKind } from './group';
import { quotaKind } from './quota';
import { s3KeyKind } from './s3-key';
import { userKind } from './user';
import { zoneKind } from './zone';
import { zoneSettingsKind } from './zone-settings';

export const KINDS: readonly ChaosKind[] = [s3KeyKind, userKind, bucketKind, quotaKind, zoneKind, groupKind, zoneSettingsKind, globalSettingsKind];

/**
 * The kinds a run drives without `--resources`: the first two only, so that every seed and round
 * reported in docs/reliability.md replays with the same draws (adding a kind to a run changes
 * what each round picks). `--resources s3_key,user,bucket,quota,zone,group,zone_settings,global_settings` drives them all.
 */
export const DEFAULT_KINDS: readonly ChaosKind[] = [s3KeyKind, userKind];

/** The kinds named in `names` (comma-separated); throws naming the known ones for anything else. */
export function kindsNamed(names: string): ChaosKind[] {
  return names.split(',').map((name) => {
    const kind = KINDS.find((k) => k.name === name);
    if (kind === undefined) throw new Error(`--resources: unknown resource kind ${JSON.stringify(name)}; known: ${KINDS.map((k) => k.name).join(', ')}`);
    return kind;
  });
}

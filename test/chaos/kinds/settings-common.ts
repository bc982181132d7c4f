/**
 * What the two S3 settings kinds (`zone_settings`, `global_settings`) share: the same
 * remember-and-restore resource (src/provider/resources/s3-settings), so the same changes to one
 * settings object, the same invariants and the same window after a failed takeover (see
 * kinds/zone-settings.ts).
 */
import { hclString } from '../../helpers/reliability';
import type { Rng } from '../rng';
import type { World } from '../world';

export type SettingValue = string | number | boolean;

/** The settings a kind may manage, each with the values it may set. */
export type SettingChoices = Readonly<Record<string, readonly SettingValue[]>>;

/**
 * Manages `name` of one settings object (`managed`) with a value drawn from `choices`, and notes the
 * takeover as `<object>/<name>` for {@link afterSettingsTakeovers}.
 */
export function takeOverSetting(world: World, object: string, managed: Map<string, SettingValue>, choices: SettingChoices, name: string, rng: Rng): void {
  managed.set(name, rng.pick([...(choices[name] ?? [])]));
  world.settingsTakeovers.add(`${object}/${name}`);
}

/**
 * One change to a held settings object: take over one more setting, release one (never the last),
 * or set a new value. Returns what it did, for the round's line.
 */
export function changeOneSetting(world: World, object: string, managed: Map<string, SettingValue>, choices: SettingChoices, rng: Rng): string {
  const unmanaged = Object.keys(choices).filter((n) => !managed.has(n));
  const roll = rng.int(1, 3);
  if (roll === 1 && unmanaged.length > 0) {
    const name = rng.pick(unmanaged);
    takeOverSetting(world, object, managed, choices, name, rng);
    return `take over ${name}`;
  }
  if (roll === 2 && managed.size > 1) {
    const name = rng.pick([...managed.keys()]);
    managed.delete(name);
    return `release ${name}`;
  }
  const name = rng.pick([...managed.keys()]);
  managed.set(name, rng.pick([...(choices[name] ?? [])]));
  return `${name} = ${String(managed.get(name))}`;
}

/** The HCL attribute lines of the managed settings, sorted by name. */
export function settingLines(managed: ReadonlyMap<string, SettingValue>): string {
  return [...managed.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `  ${name} = ${typeof value === 'string' ? hclString(value) : String(value)}`)
    .join('\n');
}

/**
 * Told whether the round's faulty apply succeeded: a takeover whose apply failed may have written
 * the configured value before it remembered the original, so its original is no longer checked.
 * Both settings kinds register this; whichever runs first empties the round's takeovers.
 */
export function afterSettingsTakeovers(world: World, ok: boolean): void {
  if (!ok) for (const key of world.settingsTakeovers) world.settingsUncertain.add(key);
  world.settingsTakeovers.clear();
}

/**
 * The violations of one settings object (`label` names it in the messages): every managed setting
 * has its configured value on the cluster; `restore_on_destroy` in state names exactly the managed
 * settings; every setting no longer managed has its original value back, unless `uncertain`.
 */
export function settingsViolations(o: {
  readonly label: string;
  readonly names: readonly string[];
  readonly actual: Record<string, SettingValue>;
  readonly managed: ReadonlyMap<string, SettingValue> | undefined;
  readonly original: Record<string, SettingValue>;
  readonly attributes: Record<string, unknown> | undefined;
  readonly uncertain: (name: string) => boolean;
}): string[] {
  const out: string[] = [];
  const managed = o.managed !== undefined && o.managed.size > 0 ? o.managed : undefined;
  if (managed !== undefined && o.attributes === undefined) out.push(`the configuration holds the S3 settings of ${o.label} but state does not`);
  if (managed === undefined && o.attributes !== undefined) out.push(`state holds the S3 settings of ${o.label} but the configuration does not`);
  if (managed !== undefined && o.attributes !== undefined && o.attributes.restore_on_destroy !== null) {
    const remembered = Object.keys(JSON.parse(String(o.attributes.restore_on_destroy)) as object).sort();
    const want = [...managed.keys()].sort();
    if (remembered.join(',') !== want.join(',')) out.push(`${o.label}: restore_on_destroy remembers [${remembered.join(', ')}], not the managed [${want.join(', ')}]`);
  }
  for (const name of o.names) {
    const want = managed?.get(name);
    if (want !== undefined) {
      if (o.actual[name] !== want) out.push(`${o.label}: ${name} is ${String(o.actual[name])} on the cluster, not the configured ${String(want)}`);
    } else if (!o.uncertain(name) && o.actual[name] !== o.original[name]) {
      out.push(`${o.label}: ${name} is ${String(o.actual[name])} on the cluster, not its original ${String(o.original[name])} (no longer managed, so it should be put back)`);
    }
  }
  return out;
}

/**
 * `powerscale_s3_zone_settings` in the chaos world: the S3 settings of zones the run makes before
 * round 1 (`chszoneNN`), whose values then are the originals. Changes: take over a zone (one to
 * three settings), release it, take over one more setting, release one, set a new value. Outside:
 * a managed setting changed on the cluster (drift). Invariants: every managed setting on the
 * cluster has its configured value, `restore_on_destroy` names exactly the managed settings, and
 * every setting the configuration does not manage has its original value back.
 *
 * One window no provider can close (docs/reliability.md, finding 6): a takeover whose apply fails
 * without a clear answer (a kill, a timeout) may have written the configured value before it
 * remembered the original, and the next apply then remembers what it finds. Such settings are
 * marked uncertain (`afterFaultyApply`) and their restored value is not checked from then on.
 */
import { hclString } from '../../helpers/reliability';
import type { Rng } from '../rng';
import type { Change, ChaosKind, World } from '../world';
import { afterSettingsTakeovers, changeOneSetting, settingLines, settingsViolations, takeOverSetting, type SettingChoices, type SettingValue } from './settings-common';

/** The settings the kind manages, with the values it may set. */
const CHOICES: SettingChoices = {
  object_acl_policy: ['replace', 'deny'],
  use_md5_for_etag: [true, false],
  validate_content_md5: [true, false],
  base_domain: ['', 's3.chaos.test'],
  bucket_directory_create_mode: [511, 493, 448],
};
const NAMES = Object.keys(CHOICES);

function takeOver(world: World, zone: string, name: string, rng: Rng): void {
  const managed = world.zoneSettings.get(zone) ?? new Map<string, SettingValue>();
  takeOverSetting(world, zone, managed, CHOICES, name, rng);
  world.zoneSettings.set(zone, managed);
}

export const zoneSettingsKind: ChaosKind = {
  name: 'zone_settings',
  usesStore: false,

  prepare(world, { model }) {
    for (const zone of world.settingsZonePool) {
      model.addZone(zone);
      world.settingsOriginals.set(zone, { ...model.s3ZoneSettings(zone) } as Record<string, SettingValue>);
    }
  },

  changes(world) {
    const free = world.settingsZonePool.filter((z) => !world.zoneSettings.has(z));
    const held = [...world.zoneSettings.keys()];
    const out: Change[] = [];
    if (free.length > 0) {
      out.push({
        weight: held.length < 2 ? 3 : 1,
        apply: (rng) => {
          const zone = rng.pick(free);
          for (const name of rng.sample(NAMES, rng.int(1, 3))) takeOver(world, zone, name, rng);
          return `take over zone settings ${zone}`;
        },
      });
    }
    if (held.length > 0) {
      out.push(
        {
          weight: 1,
          apply: (rng) => {
            const zone = rng.pick(held);
            world.zoneSettings.delete(zone);
            return `release zone settings ${zone}`;
          },
        },
        {
          weight: 2,
          apply: (rng) => {
            const zone = rng.pick(held);
            const managed = world.zoneSettings.get(zone) ?? new Map<string, SettingValue>();
            return `zone settings ${zone}: ${changeOneSetting(world, zone, managed, CHOICES, rng)}`;
          },
        },
      );
    }
    return out;
  },

  afterFaultyApply: afterSettingsTakeovers,

  render(world) {
    return [...world.zoneSettings.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([zone, managed]) => `resource "powerscale_s3_zone_settings" ${hclString(zone)} {\n  zone = ${hclString(zone)}\n${settingLines(managed)}\n}\n`)
      .join('\n');
  },

  outside(world) {
    const held = [...world.zoneSettings.entries()];
    if (held.length === 0) return [];
    return [
      async (rng, { model }) => {
        const [zone, managed] = rng.pick(held);
        const name = rng.pick([...managed.keys()]);
        const other = (CHOICES[name] ?? []).find((v) => v !== managed.get(name));
        if (other === undefined) return undefined;
        model.s3Settings.modifyZone(zone, { [name]: other });
        return `change zone setting on cluster ${zone} ${name}`;
      },
    ];
  },

  async check({ world, state, model }) {
    const inState = new Map<string, Record<string, unknown>>();
    for (const resource of (state?.resources ?? []).filter((r) => r.type === 'powerscale_s3_zone_settings' && r.mode === 'managed')) {
      for (const instance of resource.instances) inState.set(String(instance.attributes.zone), instance.attributes);
    }
    return world.settingsZonePool.flatMap((zone) =>
      settingsViolations({
        label: `zone ${zone}`,
        names: NAMES,
        actual: model.s3ZoneSettings(zone) as unknown as Record<string, SettingValue>,
        managed: world.zoneSettings.get(zone),
        original: world.settingsOriginals.get(zone) ?? {},
        attributes: inState.get(zone),
        uncertain: (name) => world.settingsUncertain.has(`${zone}/${name}`),
      }),
    );
  },
};

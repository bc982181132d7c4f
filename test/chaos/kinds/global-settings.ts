/**
 * `powerscale_s3_global_settings` in the chaos world: the cluster-wide S3 settings, one object per
 * cluster, whose values before round 1 are the originals. Changes: take it over (one or two
 * settings), release it, take over one more setting, release one, set a new value. Outside: a
 * managed setting changed on the cluster (drift). Invariants, as for the zone settings: every
 * managed setting has its configured value on the cluster, `restore_on_destroy` names exactly the
 * managed settings, and every setting no longer managed has its original value back, except one
 * whose takeover's apply failed (the window no provider can close; see kinds/zone-settings.ts).
 *
 * The values stay inside what the S3 keys' invariants need: the simulator's `/s3/authenticate`
 * does not depend on these settings, and the two port lists never meet.
 */
import type { Rng } from '../rng';
import type { ChaosKind, World } from '../world';
import { afterSettingsTakeovers, changeOneSetting, settingLines, settingsViolations, takeOverSetting, type SettingChoices, type SettingValue } from './settings-common';

/** `settingsOriginals` key and `settingsTakeovers` / `settingsUncertain` prefix (no zone has parentheses in its name). */
export const GLOBAL_SETTINGS = '(global)';

const CHOICES: SettingChoices = {
  https_only: [true, false],
  http_port: [9020, 9080],
  https_port: [9021, 9443],
  service: [true, false],
};
const NAMES = Object.keys(CHOICES);

function takeOver(world: World, name: string, rng: Rng): void {
  takeOverSetting(world, GLOBAL_SETTINGS, world.globalSettings, CHOICES, name, rng);
}

export const globalSettingsKind: ChaosKind = {
  name: 'global_settings',
  usesStore: false,

  prepare(world, { model }) {
    world.settingsOriginals.set(GLOBAL_SETTINGS, { ...model.s3Settings.global() } as Record<string, SettingValue>);
  },

  changes(world) {
    const managed = world.globalSettings;
    if (managed.size === 0) {
      return [
        {
          weight: 1,
          apply: (rng) => {
            for (const name of rng.sample(NAMES, rng.int(1, 2))) takeOver(world, name, rng);
            return 'take over the global S3 settings';
          },
        },
      ];
    }
    return [
      {
        weight: 1,
        apply: () => {
          managed.clear();
          return 'release the global S3 settings';
        },
      },
      { weight: 2, apply: (rng) => `global S3 settings: ${changeOneSetting(world, GLOBAL_SETTINGS, managed, CHOICES, rng)}` },
    ];
  },

  afterFaultyApply: afterSettingsTakeovers,

  render(world) {
    if (world.globalSettings.size === 0) return '';
    return `resource "powerscale_s3_global_settings" "cluster" {\n${settingLines(world.globalSettings)}\n}\n`;
  },

  outside(world) {
    if (world.globalSettings.size === 0) return [];
    return [
      async (rng, { model }) => {
        const name = rng.pick([...world.globalSettings.keys()]);
        const other = (CHOICES[name] ?? []).find((v) => v !== world.globalSettings.get(name));
        if (other === undefined) return undefined;
        model.s3Settings.modifyGlobal({ [name]: other });
        return `change global S3 setting on cluster ${name}`;
      },
    ];
  },

  async check({ world, state, model }) {
    const instances = (state?.resources ?? []).filter((r) => r.type === 'powerscale_s3_global_settings' && r.mode === 'managed').flatMap((r) => r.instances);
    return [
      ...(instances.length > 1 ? [`state holds ${instances.length} powerscale_s3_global_settings`] : []),
      ...settingsViolations({
        label: 'the global S3 settings',
        names: NAMES,
        actual: model.s3Settings.global() as unknown as Record<string, SettingValue>,
        managed: world.globalSettings,
        original: world.settingsOriginals.get(GLOBAL_SETTINGS) ?? {},
        attributes: instances[0]?.attributes,
        uncertain: (name) => world.settingsUncertain.has(`${GLOBAL_SETTINGS}/${name}`),
      }),
    ];
  },
};

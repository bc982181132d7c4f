/**
 * Schemas of `powerscale_s3_zone_settings` and `powerscale_s3_global_settings` (resources and data
 * sources). In the resources every setting is optional and not computed: a setting the
 * configuration leaves out is not managed, so it is never written and stays null in state (a change
 * on the cluster is no drift). The data sources read every setting.
 */
import {
  S3_BASE_DOMAIN_MAX,
  S3_BASE_DOMAIN_PATTERN,
  S3_CREATE_MODE_MAX,
  S3_OBJECT_ACL_POLICIES,
  S3_PORT_MAX,
  S3_PORT_MIN,
  S3_ROOT_PATH_MAX,
  S3_ROOT_PATH_PATTERN,
} from '../../../onefs/s3-settings-rules';
import { intBetween, lengthBetween, matches, oneOf, useStateForUnknown, type ModelOf, type ObjectSchemaSpec } from '../../framework';
import { replacingZoneAttribute } from '../shared-attributes';

/** The sentence every resource description ends with: what destroy and import do. */
export const RESTORE_RULE =
  'Only the settings you set are managed: the others are neither written nor read (they stay null in state, and a change on the cluster is no drift). Creating the resource remembers the values the managed settings had (in restore_on_destroy) and destroying it puts them back; a setting removed from the configuration is put back too. An imported resource remembers nothing: destroying it leaves the settings as they are.';

/** The computed attribute that holds what destroy puts back (state, not private state: see singleton.ts). */
const restoreOnDestroy = {
  type: 'string',
  computed: true,
  description:
    'The values destroy puts back, as a JSON object of setting name to the value it had before Terraform managed it (for example `{"object_acl_policy":"replace"}`); null when nothing is remembered (imported). Known after apply when the set of managed settings changes.',
} as const;

const unmanaged = 'Not set: not managed.';

/** The zone settings, as the resource manages them (each optional) and the data source reads them. */
function zoneSettingAttributes(computed: boolean) {
  const arg = computed ? ({ computed: true } as const) : ({ optional: true } as const);
  const tail = computed ? '' : ` ${unmanaged}`;
  return {
    baseDomain: {
      type: 'string',
      ...arg,
      description: `The S3 base domain, for virtual-host-style bucket addresses (\`<bucket>.<base_domain>\`); empty for none. At most ${S3_BASE_DOMAIN_MAX} characters of dot-separated DNS labels.${tail}`,
      validators: computed ? [] : [lengthBetween(0, S3_BASE_DOMAIN_MAX), matches(S3_BASE_DOMAIN_PATTERN, 'an empty string or a domain name of dot-separated labels (letters, digits, `-`, a leading `_`)')],
    },
    bucketDirectoryCreateMode: {
      type: 'number',
      ...arg,
      description: `The permission mode of the directories new buckets create, as a decimal number from 0 to ${S3_CREATE_MODE_MAX} (511 is 0777, 493 is 0755).${tail}`,
      validators: computed ? [] : [intBetween(0, S3_CREATE_MODE_MAX)],
    },
    objectAclPolicy: {
      type: 'string',
      ...arg,
      description: `The default object ACL policy of new buckets: ${S3_OBJECT_ACL_POLICIES.map((p) => `\`${p}\``).join(' or ')}.${tail}`,
      validators: computed ? [] : [oneOf(...S3_OBJECT_ACL_POLICIES)],
    },
    rootPath: {
      type: 'string',
      ...arg,
      description: `The root path of the zone's buckets: /ifs or a path below it, at most ${S3_ROOT_PATH_MAX} characters.${tail}`,
      validators: computed ? [] : [lengthBetween(1, S3_ROOT_PATH_MAX), matches(S3_ROOT_PATH_PATTERN, 'an absolute path that is /ifs or below it')],
    },
    useMd5ForEtag: { type: 'bool', ...arg, description: `Use the MD5 of an uploaded object as its ETag.${tail}` },
    validateContentMd5: { type: 'bool', ...arg, description: `Check the Content-MD5 header of uploads.${tail}` },
  } as const;
}

/** The global settings, as the resource manages them (each optional) and the data source reads them. */
function globalSettingAttributes(computed: boolean) {
  const arg = computed ? ({ computed: true } as const) : ({ optional: true } as const);
  const tail = computed ? '' : ` ${unmanaged}`;
  const port = (what: string) =>
    ({
      type: 'number',
      ...arg,
      description: `The port the S3 service listens on for ${what} requests, ${S3_PORT_MIN} to ${S3_PORT_MAX}.${tail}`,
      validators: computed ? [] : [intBetween(S3_PORT_MIN, S3_PORT_MAX)],
    }) as const;
  return {
    service: { type: 'bool', ...arg, description: `True when the S3 service is enabled; false disables it on the whole cluster.${tail}` },
    httpsOnly: { type: 'bool', ...arg, description: `Accept only HTTPS requests (false: HTTP and HTTPS).${tail}` },
    httpPort: port('HTTP'),
    httpsPort: port('HTTPS'),
  } as const;
}

export const s3ZoneSettingsSchema = {
  description: `The S3 service settings of one access zone (a singleton per zone: creating the resource changes the zone's settings, it creates nothing). ${RESTORE_RULE} Import by zone name.`,
  attributes: {
    id: { type: 'string', computed: true, description: 'The zone name.', planModifiers: [useStateForUnknown()] },
    zone: replacingZoneAttribute('The access zone whose S3 settings these are. Default System. Changing it puts back the old zone\'s settings and takes over the new zone\'s.'),
    ...zoneSettingAttributes(false),
    restoreOnDestroy,
  },
} satisfies ObjectSchemaSpec;

export const s3GlobalSettingsSchema = {
  description: `The cluster-wide S3 service settings (a singleton: creating the resource changes the settings, it creates nothing). ${RESTORE_RULE} Import with the id \`global\`.`,
  attributes: {
    id: { type: 'string', computed: true, description: 'Always `global`.', planModifiers: [useStateForUnknown()] },
    ...globalSettingAttributes(false),
    restoreOnDestroy,
  },
} satisfies ObjectSchemaSpec;

export const s3ZoneSettingsDataSchema = {
  description: 'The current S3 service settings of one access zone, every setting.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The zone name.' },
    zone: { type: 'string', optional: true, description: 'The access zone to read. Default System. A zone that does not exist is an error.' },
    ...zoneSettingAttributes(true),
  },
} satisfies ObjectSchemaSpec;

export const s3GlobalSettingsDataSchema = {
  description: 'The current cluster-wide S3 service settings, every setting.',
  attributes: {
    id: { type: 'string', computed: true, description: 'Always `global`.' },
    ...globalSettingAttributes(true),
  },
} satisfies ObjectSchemaSpec;

export type S3ZoneSettingsModel = ModelOf<typeof s3ZoneSettingsSchema>;
export type S3GlobalSettingsModel = ModelOf<typeof s3GlobalSettingsSchema>;
export type S3ZoneSettingsDataModel = ModelOf<typeof s3ZoneSettingsDataSchema>;
export type S3GlobalSettingsDataModel = ModelOf<typeof s3GlobalSettingsDataSchema>;

/** The managed settings of each resource (model keys), in schema order. */
export const ZONE_SETTING_KEYS = ['baseDomain', 'bucketDirectoryCreateMode', 'objectAclPolicy', 'rootPath', 'useMd5ForEtag', 'validateContentMd5'] as const;
export const GLOBAL_SETTING_KEYS = ['service', 'httpsOnly', 'httpPort', 'httpsPort'] as const;

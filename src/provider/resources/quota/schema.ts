/** Schemas of `resource "powerscale_quota"` and `data "powerscale_quota"`. */
import { groupNameProblem, userNameProblem, zoneNameProblem, zonePathProblem } from '../../../onefs/rules';
import { QUOTA_TYPES, THRESHOLDS_ON } from '../../../papi/quotas';
import { intBetween, oneOf, requiresReplace, stringValidator, useStateForUnknown, type ModelOf, type ObjectSchemaSpec } from '../../framework';
import { replacingZoneAttribute } from '../shared-attributes';

/** Bytes are exact in a JSON number up to 2^53 - 1 (8 PiB); the API allows up to 2^63 - 1. */
export const MAX_THRESHOLD_BYTES = Number.MAX_SAFE_INTEGER;
/** The API's bound of `soft_grace` (seconds). */
export const MAX_SOFT_GRACE_SECONDS = 1073741823;

/** Quota types that belong to one user or group, and so need a persona. */
export const PERSONA_TYPES: readonly string[] = ['user', 'group'];

const pathProblem = (path: string): string | undefined => zonePathProblem(path)?.replace('a zone path is', 'a quota path is');

/** A persona names a user or a group; both follow the local user name rule. */
const personaProblem = (name: string): string | undefined => userNameProblem(name) ?? groupNameProblem(name);

const bytes = (what: string) =>
  ({ type: 'number', optional: true, description: what, validators: [intBetween(1, MAX_THRESHOLD_BYTES)] }) as const;

const thresholdsAttributes = {
  hard: bytes('Bytes at which further writes are denied.'),
  soft: bytes('Bytes at which notifications are sent and the soft grace time starts; writes are denied once `soft_grace` has passed. Needs `soft_grace`, and must be below `hard`.'),
  softGrace: { type: 'number', optional: true, description: 'Seconds after the soft threshold is passed before writes are denied (1 to 1073741823). Needs `soft`.', validators: [intBetween(1, MAX_SOFT_GRACE_SECONDS)] },
  advisory: bytes('Bytes at which notifications are sent; writes are not denied. Must be below `hard`.'),
} as const;

const usageAttributes = {
  logical: { type: 'number', computed: true, description: 'Logical bytes the governed data uses (as the file system counts them).' },
  physical: { type: 'number', computed: true, description: 'Bytes used including protection and file system overhead.' },
  inodes: { type: 'number', computed: true, description: 'Files and directories the governed data holds.' },
} as const;

export const quotaSchema = {
  description:
    'A SmartQuotas quota on a directory, for the directory as a whole or for one user or group writing in it. Thresholds removed from the configuration are cleared on the cluster. `usage` and `ready` are read from the cluster and never cause a change.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The id the cluster gave the quota; also an import id (`<type>:<path>` imports too).', planModifiers: [useStateForUnknown()] },
    path: {
      type: 'string',
      required: true,
      description: 'The directory the quota governs, /ifs or below it (like `/ifs/tenants/acme`). It must exist. Changing it replaces the quota.',
      validators: [stringValidator('a path under /ifs', (p) => pathProblem(p))],
      planModifiers: [requiresReplace()],
    },
    type: {
      type: 'string',
      optional: true,
      computed: true,
      default: 'directory',
      description: `What the quota counts: ${QUOTA_TYPES.map((t) => `\`${t}\``).join(', ')}. \`user\` and \`group\` count one persona's data; the \`default-*\` types set the quota each user, group or subdirectory gets. Changing it replaces the quota.`,
      validators: [oneOf(...QUOTA_TYPES)],
      planModifiers: [requiresReplace()],
    },
    persona: {
      type: 'string',
      optional: true,
      description: 'For `user` and `group` quotas (required there, refused for the other types): the name of the local user or group of `zone` whose data is counted. Changing it replaces the quota.',
      validators: [stringValidator('a user or group name', personaProblem)],
      planModifiers: [requiresReplace()],
    },
    zone: replacingZoneAttribute('The access zone in which `persona` is resolved. Default System. Changing it replaces the quota.'),
    includeSnapshots: {
      type: 'bool',
      optional: true,
      computed: true,
      default: false,
      description: 'Whether snapshot data counts against the quota. The API cannot change it on an existing quota: changing it replaces the quota.',
      planModifiers: [requiresReplace()],
    },
    enforced: {
      type: 'bool',
      optional: true,
      computed: true,
      default: true,
      description: 'Whether the quota enforces its thresholds (true) or only accounts for usage (false).',
    },
    container: {
      type: 'bool',
      optional: true,
      computed: true,
      default: false,
      description: 'Whether SMB clients of a share on this directory see the hard threshold as the share size.',
    },
    thresholds: {
      optional: true,
      description:
        'The limits, in bytes (and `soft_grace` in seconds). Every threshold left out is cleared on the cluster, so removing one (or the whole attribute) removes it there; a threshold set outside Terraform shows as a change to undo.',
      nested: { nesting: 'single', attributes: thresholdsAttributes },
    },
    thresholdsOn: {
      type: 'string',
      optional: true,
      computed: true,
      description: `Which usage the thresholds apply to: ${THRESHOLDS_ON.map((t) => `\`${t}\``).join(', ')}. Default: the cluster's (\`fslogicalsize\` on OneFS 9.x).`,
      validators: [oneOf(...THRESHOLDS_ON)],
      planModifiers: [useStateForUnknown()],
    },
    usage: {
      computed: true,
      description: 'What the governed data uses now, as the cluster last counted it. Read on every refresh; a change of usage is never a change to apply.',
      nested: { nesting: 'single', attributes: usageAttributes },
    },
    ready: { type: 'bool', computed: true, description: 'False while the cluster is still counting the usage (a QuotaScan job runs after a quota is created on a directory with data).' },
  },
} satisfies ObjectSchemaSpec;

export type QuotaModel = ModelOf<typeof quotaSchema>;

export const quotaDataSchema = {
  description: 'One quota by path and type (and persona for user and group quotas), with its thresholds and usage. No such quota is an error.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The id the cluster gave the quota.' },
    path: { type: 'string', required: true, description: 'The directory the quota governs.', validators: [stringValidator('a path under /ifs', (p) => pathProblem(p))] },
    type: { type: 'string', optional: true, description: `The quota type (${QUOTA_TYPES.map((t) => `\`${t}\``).join(', ')}). Default \`directory\`.`, validators: [oneOf(...QUOTA_TYPES)] },
    persona: { type: 'string', optional: true, description: 'For `user` and `group` quotas: the user or group name (required there).', validators: [stringValidator('a user or group name', personaProblem)] },
    zone: { type: 'string', optional: true, description: 'The access zone in which `persona` is resolved. Default System.', validators: [stringValidator('an access zone name', zoneNameProblem)] },
    includeSnapshots: { type: 'bool', computed: true, description: 'Whether snapshot data counts against the quota.' },
    enforced: { type: 'bool', computed: true, description: 'Whether the quota enforces its thresholds.' },
    container: { type: 'bool', computed: true, description: 'Whether SMB clients see the hard threshold as the share size.' },
    thresholds: { computed: true, description: 'The thresholds (null members are not set).', nested: { nesting: 'single', attributes: { hard: { type: 'number', computed: true, description: 'Hard threshold, bytes.' }, soft: { type: 'number', computed: true, description: 'Soft threshold, bytes.' }, softGrace: { type: 'number', computed: true, description: 'Soft grace, seconds.' }, advisory: { type: 'number', computed: true, description: 'Advisory threshold, bytes.' } } } },
    thresholdsOn: { type: 'string', computed: true, description: 'Which usage the thresholds apply to.' },
    usage: { computed: true, description: 'What the governed data uses now.', nested: { nesting: 'single', attributes: usageAttributes } },
    ready: { type: 'bool', computed: true, description: 'False while the cluster is still counting the usage.' },
  },
} satisfies ObjectSchemaSpec;

export type QuotaDataModel = ModelOf<typeof quotaDataSchema>;

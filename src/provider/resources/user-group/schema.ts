/** Schemas of `resource "powerscale_user_group"` and `data "powerscale_user_group"`. */
import { userNameProblem, zoneNameProblem } from '../../../onefs/rules';
import { intBetween, listValidator, requiresReplace, stringValidator, useStateForUnknown, type ModelOf, type ObjectSchemaSpec } from '../../framework';
import { replacingZoneAttribute } from '../shared-attributes';
import { GROUP_NAME_RULE, groupNameProblem } from './naming';

/** The schema's bounds of `gid`. */
export const MAX_GID = 4294967295;

/** Every member must be a user name OneFS accepts; the first bad one is named. */
const memberNames = listValidator('user names', (elements) => {
  for (const e of elements) {
    const problem = typeof e === 'string' ? userNameProblem(e) : undefined;
    if (problem !== undefined) return problem;
  }
  return undefined;
});

export const userGroupSchema = {
  description:
    'A local group of an access zone and, when `users` is set, exactly its member users (managed through the group members API: members added or removed outside Terraform are put back or taken out on the next apply).',
  attributes: {
    id: { type: 'string', computed: true, description: '`<zone>/<name>`; also the import id.', planModifiers: [useStateForUnknown()] },
    name: {
      type: 'string',
      required: true,
      description: `The group name; ${GROUP_NAME_RULE}. Changing it replaces the group.`,
      validators: [stringValidator('a group name', groupNameProblem)],
      planModifiers: [requiresReplace()],
    },
    zone: replacingZoneAttribute('The access zone of the group. Default System. Changing it replaces the group.', 'an access zone name'),
    gid: {
      type: 'number',
      optional: true,
      computed: true,
      description: 'The numeric group id (0 to 4294967295). Default: one the cluster picks. Changing it changes the group in place (with the force option the cluster requires: files owned by the old gid are not re-owned).',
      validators: [intBetween(0, MAX_GID)],
      planModifiers: [useStateForUnknown()],
    },
    users: {
      type: ['set', 'string'],
      optional: true,
      computed: true,
      description:
        'The local users of the zone that are the group\'s members, by name. Set: exactly these (`[]` empties the group). Omitted: membership is not managed, and the attribute shows the members the cluster reports.',
      validators: [memberNames],
      planModifiers: [useStateForUnknown()],
    },
    sid: { type: 'string', computed: true, description: 'The security identifier of the group (`S-1-5-21-...`).', planModifiers: [useStateForUnknown()] },
  },
} satisfies ObjectSchemaSpec;

export type UserGroupModel = ModelOf<typeof userGroupSchema>;

export const userGroupDataSchema = {
  description: 'One local group of an access zone, by zone and name, with its member users. A group that does not exist is an error.',
  attributes: {
    id: { type: 'string', computed: true, description: '`<zone>/<name>`.' },
    name: { type: 'string', required: true, description: 'The group name.', validators: [stringValidator('a group name', groupNameProblem)] },
    zone: { type: 'string', optional: true, description: 'The access zone of the group. Default System.', validators: [stringValidator('an access zone name', zoneNameProblem)] },
    gid: { type: 'number', computed: true, description: 'The numeric group id.' },
    sid: { type: 'string', computed: true, description: 'The security identifier of the group.' },
    users: { type: ['set', 'string'], computed: true, description: 'The names of the member users (every page of the members list).' },
  },
} satisfies ObjectSchemaSpec;

export type UserGroupDataModel = ModelOf<typeof userGroupDataSchema>;

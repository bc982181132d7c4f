/**
 * `data "powerscale_user"`: one local user by zone and name, or the users of a zone whose names
 * start with `name_prefix` (and, optionally, whose `enabled` matches), as a list. The list follows
 * `resume` tokens to the end (src/papi/users.ts), so a zone with thousands of users is read whole,
 * in pages of 1,000.
 */
import { listUsers, getUser, type OneFsUser } from '../../../papi/users';
import { conflictsWith, defineDataSource, DiagnosticError, lengthBetween, stringValidator, type ModelOf, type ObjectSchemaSpec } from '../../framework';
import { SYSTEM_ZONE, userNameProblem, zoneNameProblem } from '../s3-key/naming';

const text = (description: string) => ({ type: 'string', computed: true, description }) as const;
const integer = (description: string) => ({ type: 'number', computed: true, description }) as const;
const flag = (description: string) => ({ type: 'bool', computed: true, description }) as const;

export const userDataSchema = {
  description: 'Local users of an access zone: one by `name`, or all (or those matching `name_prefix` and `enabled`) as a list. Never a password.',
  attributes: {
    id: text('`<zone>/<name>` for one user, `<zone>/users` for a list.'),
    zone: { type: 'string', optional: true, description: 'The access zone. Default: System.', validators: [stringValidator('a OneFS access zone name', zoneNameProblem)] },
    name: { type: 'string', optional: true, description: 'Read this one user (an error when it does not exist). Conflicts with name_prefix and enabled.', validators: [stringValidator('a OneFS user name', userNameProblem)] },
    namePrefix: { type: 'string', optional: true, description: 'List the users whose names start with this prefix (the cluster filters).', validators: [lengthBetween(1, 104)] },
    enabled: { type: 'bool', optional: true, description: 'List only the users that are (true) or are not (false) enabled.' },
    users: {
      computed: true,
      description: 'The users, in the order the cluster lists them (one element when `name` is set).',
      nested: {
        nesting: 'list',
        attributes: {
          name: text('The user name.'),
          uid: integer('The numeric user id.'),
          sid: text('The security identifier.'),
          onDiskUserIdentity: text('The identity written to disk, e.g. `UID:2000`.'),
          primaryGroup: text('The name of the primary group.'),
          primaryGroupSid: text('The SID of the primary group.'),
          email: text('The email address.'),
          enabled: flag('Whether the user can log in.'),
          expired: flag('Whether the account has expired.'),
          locked: flag('Whether the account is locked.'),
          homeDirectory: text('The home directory.'),
          shell: text('The login shell.'),
          gecos: text('The GECOS field.'),
          passwordExpires: flag('Whether the password expires.'),
          passwordExpired: flag('Whether the password has expired.'),
          promptPasswordChange: flag('Whether the user must change the password at the next login.'),
          expiry: integer('When the account expires (epoch seconds), or null.'),
          passwordLastSet: integer('When the password was last set (epoch seconds), or null.'),
          authProvider: text('The authentication provider, `lsa-local-provider:<zone>`.'),
        },
      },
    },
  },
  constraints: [conflictsWith('name', 'namePrefix'), conflictsWith('name', 'enabled')],
} satisfies ObjectSchemaSpec;

/** The data source's model, derived from its schema. */
export type UserDataModel = ModelOf<typeof userDataSchema>;

type UserItem = NonNullable<UserDataModel['users']>[number];

function toItem(u: OneFsUser): UserItem {
  const { provider, ...rest } = u;
  return { ...rest, authProvider: provider };
}

export const userDataSource = defineDataSource<UserDataModel>({
  typeName: 'powerscale_user',
  schema: userDataSchema,

  async read({ config, papi, signal }) {
    const zone = config.zone ?? SYSTEM_ZONE;
    if (config.name !== null) {
      const user = await getUser(papi, zone, config.name, signal);
      if (user === undefined) {
        throw new DiagnosticError({ summary: 'User Not Found', detail: `Zone ${JSON.stringify(zone)} has no user ${JSON.stringify(config.name)} (or the zone does not exist).`, attribute: 'name' });
      }
      return { ...config, id: `${zone}/${user.name}`, users: [toItem(user)] };
    }
    const all = await listUsers(papi, zone, { namePrefix: config.namePrefix ?? undefined, signal });
    const users = config.enabled === null ? all : all.filter((u) => u.enabled === config.enabled);
    return { ...config, id: `${zone}/users`, users: users.map(toItem) };
  },
});

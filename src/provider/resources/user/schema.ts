/** Schema and model of `powerscale_user` (a local user; attribute names follow the OneFS API and Dell's provider). */
import { validateConfiguredSecretName } from '../../../secrets/names';
import { alsoRequires, conflictsWith, intBetween, lengthBetween, requiresReplace, stringValidator, useStateForUnknown, type ModelOf, type ObjectSchemaSpec } from '../../framework';
import { replacingZoneAttribute } from '../shared-attributes';
import { userNameProblem } from '../s3-key/naming';

const keep = [useStateForUnknown()];
/** An optional setting the cluster fills in when it is not configured. */
const setting = <T extends 'string' | 'number' | 'bool'>(type: T, description: string) => ({ type, optional: true, computed: true, description, planModifiers: keep }) as const;

export const userSchema = {
  description:
    'A local user of an access zone. Its password is never in state or plan: either the provider mints one and writes {"zone", "username", "password"} to the secret store under password_secret_name (set password_secret_name or password_triggers), or it comes from the write-only password_wo, or the user has none (cannot log in).',
  attributes: {
    id: { type: 'string', computed: true, description: '`<zone>/<name>`, also the import id.', planModifiers: keep },
    name: {
      type: 'string',
      required: true,
      description: 'The user name. Changing it replaces the user.',
      validators: [stringValidator('a OneFS user name', userNameProblem)],
      planModifiers: [requiresReplace()],
    },
    zone: replacingZoneAttribute('The access zone of the user (its local provider). Changing it replaces the user.'),
    uid: { ...setting('number', 'The numeric user id. Default: the cluster allocates one. Changing it changes the owner of nothing on disk (OneFS requires force, which the provider sends).'), validators: [intBetween(0, 4294967295)] },
    primaryGroup: setting('string', 'The name of the primary group. Default: the cluster\'s ("Isilon Users").'),
    email: { ...setting('string', 'The email address.'), validators: [lengthBetween(0, 255)] },
    enabled: setting('bool', 'Whether the user can log in. Default: true.'),
    homeDirectory: setting('string', 'The home directory. Default: `<zone path>/home/<name>`.'),
    shell: setting('string', 'The login shell. Default: the cluster\'s (`/bin/zsh`).'),
    gecos: { ...setting('string', 'The GECOS field, usually the full name.'), validators: [lengthBetween(0, 255)] },
    passwordExpires: setting('bool', 'Whether the password expires (the zone\'s password policy). Default: the cluster\'s (true).'),
    promptPasswordChange: setting('bool', 'Whether the user must change the password at the next login. Default: false.'),
    expiry: { ...setting('number', 'When the account expires (epoch seconds); unset: never.'), validators: [intBetween(0, 4294967295)] },
    passwordSecretName: {
      type: 'string',
      optional: true,
      computed: true,
      description:
        'Minted password: where the secret store keeps {"zone", "username", "password"}. Setting it (or password_triggers) makes the provider mint the password. Default when only password_triggers is set: powerscale-user-<zone>-<name> (characters the store refuses become "_" plus a short hash). Changing it moves the secret without a new password. Null when the password is not minted. Names starting with powerscale-minting- are reserved for the provider\'s minting markers. When an apply that changes this user is killed before the provider answers (SIGKILL, a crash), Terraform keeps the previous state without the provider\'s record of the password, and the store may hold a password that never reached the cluster: the next plan mints a new one (a warning says why).',
      validators: [stringValidator('a secret name the store can hold', (s) => validateConfiguredSecretName(s))],
    },
    passwordTriggers: {
      type: ['map', 'string'],
      optional: true,
      description: 'Minted password: arbitrary values; any change mints and sets a new password. Setting it alone mints with the default password_secret_name.',
    },
    passwordWo: {
      type: 'string',
      optional: true,
      sensitive: true,
      writeOnly: true,
      description: 'Given password (write-only, Terraform 1.11+; never stored): set at create, and again whenever password_wo_version changes. Conflicts with password_secret_name and password_triggers.',
      validators: [lengthBetween(1, 255)],
    },
    passwordWoVersion: {
      type: 'number',
      optional: true,
      description: 'Given password: required with password_wo; any change sets password_wo on the cluster again (Terraform cannot see a write-only value change).',
    },
    passwordLastSet: {
      type: 'number',
      computed: true,
      description:
        'When the password was last set (epoch seconds), or null when it never was. Unknown in a plan that sets a password. With a minted password, a later value on refresh means the password was set outside Terraform (an admin reset, the user\'s own change): the stored one no longer works, so the plan mints a new one (a warning says why). A change within the same second as the provider\'s own goes unseen (the cluster reports whole seconds).',
    },
    sid: { type: 'string', computed: true, description: 'The security identifier of the user.' },
    onDiskUserIdentity: { type: 'string', computed: true, description: 'The identity written to disk, e.g. `UID:2000`.' },
    primaryGroupSid: { type: 'string', computed: true, description: 'The SID of the primary group.' },
    authProvider: { type: 'string', computed: true, description: 'The authentication provider, `lsa-local-provider:<zone>` (named so because `provider` is a Terraform meta-argument).' },
  },
  constraints: [conflictsWith('passwordWo', 'passwordSecretName'), conflictsWith('passwordWo', 'passwordTriggers'), alsoRequires('passwordWoVersion', 'passwordWo'), alsoRequires('passwordWo', 'passwordWoVersion')],
} satisfies ObjectSchemaSpec;

/** `powerscale_user` in camelCase, derived from its schema. */
export type UserModel = ModelOf<typeof userSchema>;

import { Construct } from 'constructs';
import type { IResolvable } from 'cdktf';
import { TfDataPowerscaleUser } from './bindings/data-user';
import { TfPowerscaleUser } from './bindings/user';
import type { IPowerScaleCluster } from './powerscale-cluster';
import { ConstructValidationError } from './validation-error';
import { USER_NAME_RULE, userNameProblem, ZONE_NAME_RULE, zoneNameProblem } from '../src/onefs/rules';
import { checkRule, checkSecretName, checkWholeNumber, describeValue, isUnresolved } from './validate';

/**
 * A OneFS local user that other constructs can refer to (an {@link S3Key}'s `user`). Referring to
 * it orders the user before whatever uses it.
 */
export interface ILocalUser {
  /** The user name (a token that references the user resource). */
  readonly userName: string;
  /** The access zone of the user (a token that references the user resource). */
  readonly zoneName: string;
}

/** Properties of a {@link LocalUser}. There is deliberately no password property: passwords are minted into the secret store. */
export interface LocalUserProps {
  /** The cluster the user lives on. */
  readonly cluster: IPowerScaleCluster;

  /**
   * The user name. Changing it replaces the user.
   *
   * 1 to 104 characters, no whitespace and none of `/ \ : @ " < > | * ? + = ; , [ ]` (the OneFS rule).
   */
  readonly name: string;

  /**
   * The access zone of the user. Changing it replaces the user.
   *
   * @default "System"
   */
  readonly zone?: string;

  /**
   * Whether the provider mints the user's password and writes `{"zone", "username", "password"}` to
   * the secret store. Without a password the user cannot log in.
   *
   * @default true
   */
  readonly mintPassword?: boolean;

  /**
   * Name under which the secret store keeps the minted password.
   *
   * @default - `powerscale-user-<zone>-<name>`, derived by the provider
   */
  readonly passwordSecretName?: string;

  /**
   * Arbitrary strings whose change mints a new password (a date, a ticket number, a counter).
   *
   * @default - no triggers; the password is only minted on create (and when the stored one is lost)
   */
  readonly passwordTriggers?: Record<string, string>;

  /** The numeric user id. @default - allocated by the cluster */
  readonly uid?: number;
  /** The name of the primary group. @default - the cluster's ("Isilon Users") */
  readonly primaryGroup?: string;
  /** The email address. @default - none */
  readonly email?: string;
  /** Whether the user can log in. @default true */
  readonly enabled?: boolean;
  /** The home directory. @default - `<zone path>/home/<name>` */
  readonly homeDirectory?: string;
  /** The login shell. @default - the cluster's (`/bin/zsh`) */
  readonly shell?: string;
  /** The GECOS field, usually the full name. @default - empty */
  readonly gecos?: string;
  /** Whether the password expires under the zone's policy. @default - the cluster's (true) */
  readonly passwordExpires?: boolean;
  /** Whether the user must change the password at the next login. @default false */
  readonly promptPasswordChange?: boolean;
  /** When the account expires, in epoch seconds (0 to 4294967295). @default - never */
  readonly expiryEpochSeconds?: number;
}

/**
 * A local user of an access zone (`powerscale_user`). By default the provider mints a strong
 * password and keeps it in the cluster's secret store under {@link LocalUser.passwordSecretName};
 * Terraform state, plans and outputs never hold it.
 */
export class LocalUser extends Construct implements ILocalUser {
  /** The low-level `powerscale_user` resource. */
  readonly resource: TfPowerscaleUser;
  readonly userName: string;
  readonly zoneName: string;
  /** The secret store name holding the minted password (a token; empty when none is minted). */
  readonly passwordSecretName: string;

  constructor(scope: Construct, id: string, props: LocalUserProps) {
    super(scope, id);
    validateLocalUserProps(this, props);
    const mint = props.mintPassword ?? true;
    this.resource = new TfPowerscaleUser(this, 'Resource', {
      provider: props.cluster.provider,
      dependsOn: [props.cluster.clusterResource],
      name: props.name,
      zone: props.zone,
      // An empty map asks the provider to mint under the default name.
      passwordTriggers: mint ? (props.passwordTriggers ?? (props.passwordSecretName === undefined ? {} : undefined)) : undefined,
      passwordSecretName: mint ? props.passwordSecretName : undefined,
      uid: props.uid,
      primaryGroup: props.primaryGroup,
      email: props.email,
      enabled: props.enabled,
      homeDirectory: props.homeDirectory,
      shell: props.shell,
      gecos: props.gecos,
      passwordExpires: props.passwordExpires,
      promptPasswordChange: props.promptPasswordChange,
      expiry: props.expiryEpochSeconds,
    });
    this.userName = this.resource.getStringAttribute('name');
    this.zoneName = this.resource.zone;
    this.passwordSecretName = this.resource.passwordSecretName;
  }
}

function validateLocalUserProps(scope: Construct, props: LocalUserProps): void {
  checkRule(scope, 'LocalUserName', 'name', props.name, userNameProblem, USER_NAME_RULE);
  checkRule(scope, 'LocalUserZone', 'zone', props.zone, zoneNameProblem, ZONE_NAME_RULE);
  checkSecretName(scope, 'LocalUserPasswordSecretName', 'passwordSecretName', props.passwordSecretName);
  checkWholeNumber(scope, 'LocalUserUid', 'uid', props.uid, 0, 4294967295, 'units');
  checkWholeNumber(scope, 'LocalUserExpiry', 'expiryEpochSeconds', props.expiryEpochSeconds, 0, 4294967295, 'seconds');
  if (props.mintPassword === false && (props.passwordSecretName !== undefined || props.passwordTriggers !== undefined)) {
    throw new ConstructValidationError('LocalUserPassword', 'passwordSecretName and passwordTriggers need mintPassword (they say where and when to mint the password), but mintPassword is false', scope);
  }
  const triggers = props.passwordTriggers;
  if (triggers === undefined || isUnresolved(triggers)) return;
  for (const [key, value] of Object.entries(triggers)) {
    if (key === '') throw new ConstructValidationError('LocalUserPasswordTriggers', 'passwordTriggers keys must not be empty, but "" was given', scope);
    if (typeof value !== 'string') {
      throw new ConstructValidationError('LocalUserPasswordTriggers', `passwordTriggers values must be strings, but ${describeValue(value)} (a ${typeof value}) was given for "${key}"`, scope);
    }
  }
}

/** Properties of a {@link LocalUsers} lookup. */
export interface LocalUsersProps {
  /** The cluster to read. */
  readonly cluster: IPowerScaleCluster;
  /** The access zone. @default "System" */
  readonly zone?: string;
  /** Read this one user (an error at plan time when it does not exist). @default - list the users */
  readonly name?: string;
  /** List the users whose names start with this prefix. @default - every user */
  readonly namePrefix?: string;
  /** List only enabled (true) or disabled (false) users. @default - both */
  readonly enabled?: boolean;
}

/** The local users of a zone, read at plan time (`data "powerscale_user"`). Never a password. */
export class LocalUsers extends Construct {
  /** The low-level data source. */
  readonly dataSource: TfDataPowerscaleUser;
  /** The users, as a token for a list of objects (name, uid, sid, enabled, ...). */
  readonly users: IResolvable;

  constructor(scope: Construct, id: string, props: LocalUsersProps) {
    super(scope, id);
    checkRule(this, 'LocalUsersZone', 'zone', props.zone, zoneNameProblem, ZONE_NAME_RULE);
    checkRule(this, 'LocalUsersName', 'name', props.name, userNameProblem, USER_NAME_RULE);
    if (props.name !== undefined && (props.namePrefix !== undefined || props.enabled !== undefined)) {
      throw new ConstructValidationError('LocalUsersFilter', 'name reads one user; namePrefix and enabled filter a list: give one or the other', this);
    }
    this.dataSource = new TfDataPowerscaleUser(this, 'Resource', { provider: props.cluster.provider, zone: props.zone, name: props.name, namePrefix: props.namePrefix, enabled: props.enabled });
    this.users = this.dataSource.users;
  }
}

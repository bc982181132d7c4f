import { Construct } from 'constructs';
import { TfDataPowerscaleUserGroup } from './bindings/data-user-group';
import { TfPowerscaleUserGroup } from './bindings/user-group';
import { zoneNameOf, type IAccessZone } from './access-zone';
import type { ILocalUser } from './local-user';
import type { IPowerScaleCluster } from './powerscale-cluster';
import { ConstructValidationError } from './validation-error';
import { GROUP_NAME_RULE, groupNameProblem, USER_NAME_RULE, userNameProblem, ZONE_NAME_RULE, zoneNameProblem } from '../src/onefs/rules';
import { checkRule, describeValue, isUnresolved } from './validate';

/** The schema's bounds of a gid. */
const MAX_GID = 4294967295;

/** Properties of a {@link UserGroup}. */
export interface UserGroupProps {
  /** The cluster that hosts the group. */
  readonly cluster: IPowerScaleCluster;

  /** The group name (the OneFS local-name rule). Changing it replaces the group. */
  readonly name: string;

  /**
   * The access zone of the group. Changing it replaces the group.
   *
   * @default "System"
   */
  readonly zone?: IAccessZone | string;

  /**
   * The numeric group id, 0 to 4294967295. Changing it changes the group in place.
   *
   * @default - one the cluster picks
   */
  readonly gid?: number;

  /**
   * Exactly these local users of the zone are members (`[]` empties the group); members added
   * or removed outside Terraform are put back or taken out. Each is a {@link LocalUser} (the group
   * is then changed after the user is created) or a user name that must exist in `zone`.
   *
   * @default - membership is not managed
   */
  readonly users?: Array<ILocalUser | string>;
}

function checkZone(scope: Construct, code: string, zone: IAccessZone | string | undefined): void {
  checkRule(scope, code, 'zone', typeof zone === 'string' ? zone : undefined, zoneNameProblem, ZONE_NAME_RULE);
}

/** The member name of a user given as a construct (a reference to the user resource) or a plain name. */
function memberName(user: ILocalUser | string): string {
  return typeof user === 'string' ? user : user.userName;
}

/** A local group of an access zone (`powerscale_user_group`), optionally with exactly its member users. */
export class UserGroup extends Construct {
  /** The low-level `powerscale_user_group` resource. */
  readonly resource: TfPowerscaleUserGroup;

  /** The group name. */
  readonly name: string;

  /** The numeric group id (a token, known after apply). */
  readonly gid: number;

  /** The security identifier (a token, known after apply). */
  readonly sid: string;

  constructor(scope: Construct, id: string, props: UserGroupProps) {
    super(scope, id);
    checkRule(this, 'UserGroupName', 'name', props.name, groupNameProblem, GROUP_NAME_RULE);
    checkZone(this, 'UserGroupZone', props.zone);
    if (props.gid !== undefined && !isUnresolved(props.gid) && (!Number.isInteger(props.gid) || props.gid < 0 || props.gid > MAX_GID)) {
      throw new ConstructValidationError('UserGroupGid', `gid must be a whole number from 0 to ${MAX_GID}, but ${describeValue(props.gid)} was given`, this);
    }
    const users = props.users?.map(memberName);
    if (users !== undefined && !isUnresolved(users)) {
      for (const user of users) checkRule(this, 'UserGroupUsers', 'users', user, userNameProblem, USER_NAME_RULE);
      // Two references to one LocalUser are one token twice: a repeat either way.
      const duplicate = users.find((u, i) => users.indexOf(u) !== i);
      if (duplicate !== undefined) throw new ConstructValidationError('UserGroupUsers', `users must not repeat a user, but ${describeValue(duplicate)} is given twice`, this);
    }
    this.resource = new TfPowerscaleUserGroup(this, 'Resource', {
      provider: props.cluster.provider,
      dependsOn: [props.cluster.clusterResource],
      name: props.name,
      zone: zoneNameOf(props.zone),
      gid: props.gid,
      users,
    });
    this.name = this.resource.getStringAttribute('name');
    this.gid = this.resource.gid;
    this.sid = this.resource.sid;
  }
}

/** Properties of a {@link UserGroupLookup}. */
export interface UserGroupLookupProps {
  /** The cluster to read from. */
  readonly cluster: IPowerScaleCluster;
  /** The group name. */
  readonly name: string;
  /**
   * The access zone of the group.
   *
   * @default "System"
   */
  readonly zone?: IAccessZone | string;
}

/** Reads an existing local group (`data "powerscale_user_group"`): its gid, sid and members. Fails the plan when it does not exist. */
export class UserGroupLookup extends Construct {
  /** The low-level `powerscale_user_group` data source. */
  readonly dataSource: TfDataPowerscaleUserGroup;
  /** The numeric group id (a token). */
  readonly gid: number;
  /** The security identifier (a token). */
  readonly sid: string;
  /** The member user names (a token). */
  readonly users: string[];

  constructor(scope: Construct, id: string, props: UserGroupLookupProps) {
    super(scope, id);
    checkRule(this, 'UserGroupLookupName', 'name', props.name, groupNameProblem, GROUP_NAME_RULE);
    checkZone(this, 'UserGroupLookupZone', props.zone);
    this.dataSource = new TfDataPowerscaleUserGroup(this, 'Data', {
      provider: props.cluster.provider,
      dependsOn: [props.cluster.clusterResource],
      name: props.name,
      zone: zoneNameOf(props.zone),
    });
    this.gid = this.dataSource.gid;
    this.sid = this.dataSource.sid;
    this.users = this.dataSource.users;
  }
}

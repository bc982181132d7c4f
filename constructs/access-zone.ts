import { Construct, type IConstruct } from 'constructs';
import type { IResolvable } from 'cdktf';
import { TfPowerscaleAccesszone } from './bindings/accesszone';
import { TfDataPowerscaleAccesszone } from './bindings/data-accesszone';
import type { IPowerScaleCluster } from './powerscale-cluster';
import { SYSTEM_ZONE, ZONE_NAME_RULE, ZONE_PATH_RULE, zoneNameProblem, zonePathProblem } from '../src/onefs/rules';
import { checkRule } from './validate';

/**
 * An access zone that other constructs can place users, groups and keys in. Implemented by
 * {@link AccessZone}, and by {@link AccessZone.fromName} for a zone that exists already (such as
 * `System`); take this interface in your own constructs.
 */
export interface IAccessZone extends IConstruct {
  /**
   * The zone name. For an {@link AccessZone} it is a reference to the resource, so whatever uses
   * it is created after the zone.
   */
  readonly name: string;

  /**
   * The zone's base directory when it is known at synth (an {@link AccessZone}'s `path`, `/ifs` for
   * System); constructs that place directories in the zone default below it.
   */
  readonly path?: string;
}

/** Properties of an {@link AccessZone}. */
export interface AccessZoneProps {
  /** The cluster that hosts the zone. */
  readonly cluster: IPowerScaleCluster;

  /**
   * The zone name: 1 to 255 letters, digits, `_`, `.` or `-` (the OneFS rule). Changing it
   * replaces the zone.
   */
  readonly name: string;

  /** The base directory: `/ifs` or an absolute path below it. Changes in place. */
  readonly path: string;

  /**
   * Create the base directory when it does not exist.
   *
   * @default false - the directory must exist
   */
  readonly createPath?: boolean;

  /**
   * The groupnet of the zone. Changing it replaces the zone.
   *
   * @default "groupnet0"
   */
  readonly groupnet?: string;

  /**
   * The authentication providers, in order. OneFS adds the zone's own local provider itself.
   *
   * @default - what the cluster chooses (the zone's local provider)
   */
  readonly authProviders?: string[];
}

/** A reference to a zone that is not managed by this stack. */
class ExistingAccessZone extends Construct implements IAccessZone {
  readonly path?: string;

  constructor(
    scope: Construct,
    id: string,
    readonly name: string,
  ) {
    super(scope, id);
    // Only System's base directory is the same on every cluster.
    if (name === SYSTEM_ZONE) this.path = '/ifs';
  }
}

/** An access zone (`powerscale_accesszone`): a base directory under /ifs with its own authentication providers. */
export class AccessZone extends Construct implements IAccessZone {
  /** An existing zone by name (for example `System`), for constructs that take an {@link IAccessZone}. */
  static fromName(scope: Construct, id: string, name: string): IAccessZone {
    checkRule(scope, 'AccessZoneName', 'name', name, zoneNameProblem, ZONE_NAME_RULE);
    return new ExistingAccessZone(scope, id, name);
  }

  /** The low-level `powerscale_accesszone` resource. */
  readonly resource: TfPowerscaleAccesszone;

  /** The zone name (a reference: users of it depend on the zone). */
  readonly name: string;

  /** The base directory, as configured. */
  readonly path: string;

  /** The integer zone id (a token, known after apply). */
  readonly zoneId: number;

  constructor(scope: Construct, id: string, props: AccessZoneProps) {
    super(scope, id);
    checkRule(this, 'AccessZoneName', 'name', props.name, zoneNameProblem, ZONE_NAME_RULE);
    checkRule(this, 'AccessZonePath', 'path', props.path, zonePathProblem, ZONE_PATH_RULE);
    this.resource = new TfPowerscaleAccesszone(this, 'Resource', {
      provider: props.cluster.provider,
      dependsOn: [props.cluster.clusterResource],
      name: props.name,
      path: props.path,
      createPath: props.createPath,
      groupnet: props.groupnet,
      authProviders: props.authProviders,
    });
    this.name = this.resource.getStringAttribute('name');
    this.path = props.path;
    this.zoneId = this.resource.zoneId;
  }
}

/** The name of a zone given as a construct or a plain name. */
export function zoneNameOf(zone: IAccessZone | string | undefined): string | undefined {
  return zone === undefined || typeof zone === 'string' ? zone : zone.name;
}

/** Properties of an {@link AccessZoneLookup}. */
export interface AccessZoneLookupProps {
  /** The cluster to read from. */
  readonly cluster: IPowerScaleCluster;
  /**
   * The zones to read; each must exist.
   *
   * @default - every zone of the cluster
   */
  readonly names?: string[];
}

/** Reads the cluster's access zones (`data "powerscale_accesszone"`). */
export class AccessZoneLookup extends Construct {
  /** The low-level `powerscale_accesszone` data source. */
  readonly dataSource: TfDataPowerscaleAccesszone;
  /** The zones (a token: a list of objects with `name`, `zone_id`, `path`, ...). */
  readonly zones: IResolvable;

  constructor(scope: Construct, id: string, props: AccessZoneLookupProps) {
    super(scope, id);
    for (const name of props.names ?? []) checkRule(this, 'AccessZoneLookupNames', 'names', name, zoneNameProblem, ZONE_NAME_RULE);
    this.dataSource = new TfDataPowerscaleAccesszone(this, 'Data', { provider: props.cluster.provider, dependsOn: [props.cluster.clusterResource], names: props.names });
    this.zones = this.dataSource.zones;
  }
}

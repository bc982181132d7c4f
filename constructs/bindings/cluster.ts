import type { Construct } from 'constructs';
import { TerraformResource, type TerraformMetaArguments } from 'cdktf';
import { powerscaleResourceConfig } from './resource-config';

/** Configuration of a `powerscale_cluster` resource, in camelCase. */
export interface TfPowerscaleClusterConfig extends TerraformMetaArguments {
  /** Fail the plan unless the cluster's GUID is this one (a guard against a wrong endpoint). */
  readonly expectedGuid?: string;
}

/**
 * The `powerscale_cluster` resource: connects and records the cluster's identity. Attribute
 * getters return tokens (`${powerscale_cluster.<id>.guid}`) that resolve at apply time.
 */
export class TfPowerscaleCluster extends TerraformResource {
  /** The Terraform resource type. */
  static readonly tfResourceType = 'powerscale_cluster';

  private readonly config: TfPowerscaleClusterConfig;

  constructor(scope: Construct, id: string, config: TfPowerscaleClusterConfig = {}) {
    super(scope, id, powerscaleResourceConfig(TfPowerscaleCluster.tfResourceType, config));
    this.config = config;
  }

  /** Computed: equals `guid`. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** Computed: the cluster's GUID. */
  get guid(): string {
    return this.getStringAttribute('guid');
  }

  /** Computed: the cluster's name. */
  get name(): string {
    return this.getStringAttribute('name');
  }

  /** Computed: the OneFS release, e.g. `9.5.0.0`. */
  get onefsVersion(): string {
    return this.getStringAttribute('onefs_version');
  }

  /** Computed: the newest Platform API version the cluster serves. */
  get apiVersion(): string {
    return this.getStringAttribute('api_version');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { expected_guid: this.config.expectedGuid };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }
}

import { Construct, type IConstruct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { TfPowerscaleCluster } from './bindings/cluster';
import { PowerScaleProvider, type PowerScaleProviderProps } from './powerscale-provider';
import { checkNonEmpty } from './validate';

/**
 * A PowerScale cluster that other constructs can place resources on. Implemented by
 * {@link PowerScaleCluster}; take this interface, not the class, in your own constructs.
 */
export interface IPowerScaleCluster extends IConstruct {
  /** The provider configured for this cluster; resources on the cluster use it. */
  readonly provider: TerraformProvider;

  /**
   * What resources on this cluster depend on, so that the connection and the `expectedGuid`
   * guard are checked before anything is created.
   */
  readonly clusterResource: ITerraformDependable;

  /** The cluster's GUID (a token, known after apply). */
  readonly guid: string;

  /** The cluster's name (a token, known after apply). */
  readonly clusterName: string;

  /** The OneFS release the cluster runs (a token, known after apply). */
  readonly onefsVersion: string;
}

/** Properties of a {@link PowerScaleCluster}: how to reach it, and an optional identity guard. */
export interface PowerScaleClusterProps extends PowerScaleProviderProps {
  /**
   * Refuse to plan unless the cluster behind `endpoint` has this GUID. Protects against a
   * mistyped endpoint minting keys on the wrong cluster.
   *
   * @default - any cluster is accepted
   */
  readonly expectedGuid?: string;
}

/**
 * One PowerScale cluster: the `powerscale` provider configured for it plus a `powerscale_cluster`
 * resource that records its identity (GUID, name, OneFS and API versions) in state.
 *
 * A second cluster in the same stack needs an `alias`.
 */
export class PowerScaleCluster extends Construct implements IPowerScaleCluster {
  /** The provider configured for this cluster. */
  readonly provider: TerraformProvider;

  /** The `powerscale_cluster` resource. */
  readonly clusterResource: TfPowerscaleCluster;

  /** The cluster's GUID (a token). */
  readonly guid: string;

  /** The cluster's name (a token). */
  readonly clusterName: string;

  /** The OneFS release, e.g. `9.5.0.0` (a token). */
  readonly onefsVersion: string;

  /** The newest Platform API version the cluster serves (a token). */
  readonly apiVersion: string;

  constructor(scope: Construct, id: string, props: PowerScaleClusterProps) {
    super(scope, id);
    checkNonEmpty(this, 'ClusterExpectedGuid', 'expectedGuid', props.expectedGuid);
    const { expectedGuid, ...providerProps } = props;
    this.provider = new PowerScaleProvider(this, 'Provider', providerProps).provider;
    this.clusterResource = new TfPowerscaleCluster(this, 'Resource', {
      provider: this.provider,
      expectedGuid,
    });
    this.guid = this.clusterResource.guid;
    this.clusterName = this.clusterResource.name;
    this.onefsVersion = this.clusterResource.onefsVersion;
    this.apiVersion = this.clusterResource.apiVersion;
  }
}

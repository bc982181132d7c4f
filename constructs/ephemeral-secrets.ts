import { Lazy, TerraformElement, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { IPowerScaleCluster } from './powerscale-cluster';
import type { S3Key } from './s3-key';
import { ConstructValidationError } from './validation-error';
import { USER_NAME_RULE, userNameProblem, ZONE_NAME_RULE, zoneNameProblem } from '../src/onefs/rules';
import { checkRule, checkSecretName } from './validate';

/**
 * One `ephemeral` block in the synthesized configuration. CDKTF 0.21 has no ephemeral-resource
 * class (CDK Terrain 0.24 has one), and the constructs are one source for both CDKs, so the block
 * is written by this small element: the JSON it renders is what Terraform >= 1.10 reads either way.
 */
class EphemeralBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly type: string,
    private readonly attributes: () => Record<string, unknown>,
    private readonly meta: { readonly provider: IPowerScaleCluster['provider']; readonly dependsOn: readonly TerraformResource[] },
  ) {
    super(scope, id, `ephemeral.${type}`);
  }

  /** `ephemeral.<type>.<name>`, the address references use. */
  get address(): string {
    return `ephemeral.${this.type}.${this.friendlyUniqueId}`;
  }

  override toTerraform(): Record<string, unknown> {
    const body: Record<string, unknown> = { ...this.attributes(), provider: this.meta.provider.fqn };
    if (this.meta.dependsOn.length > 0) body.depends_on = this.meta.dependsOn.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
    for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
    return { ephemeral: { [this.type]: { [this.friendlyUniqueId]: { ...body, ...(this.rawOverrides as object) } } } };
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}

/**
 * An expression for `attribute` of the ephemeral block, usable only where Terraform takes ephemeral
 * values. A token (not a literal `${...}` string), so that constructs which refuse literal secrets
 * (a provider's `password`) accept it; resolved at synth, after any `overrideLogicalId`.
 */
function reference(block: EphemeralBlock, attribute: string): string {
  return Lazy.stringValue({ produce: () => `\${${block.address}.${attribute}}` });
}

/** Properties of an {@link S3KeySecret}. */
export interface S3KeySecretProps {
  /** The cluster whose key is checked (its provider reads the store). */
  readonly cluster: IPowerScaleCluster;

  /**
   * The key to read: its secret name and timestamp, so that the read happens once the key is applied
   * (and fails if the cluster holds another key).
   * Exclusive with `secretName`, `user` and `zone`.
   *
   * @default - one of `secretName` or `user` must be given
   */
  readonly key?: S3Key;

  /**
   * The `secret_name` of the key's `powerscale_s3_key`.
   *
   * @default - derived from `zone` and `user` as the resource derives it
   */
  readonly secretName?: string;

  /**
   * The user that owns the key.
   *
   * @default - the user the stored access id names
   */
  readonly user?: string;

  /**
   * The access zone of `user`.
   *
   * @default "System"
   */
  readonly zone?: string;
}

/**
 * The stored secret of an S3 key, read for one Terraform run (`ephemeral
 * "powerscale_s3_key_secret"`, Terraform >= 1.10): never in plan or state. The read fails when the
 * stored secret is not the key's current one. Its attributes are ephemeral: use them only where
 * Terraform takes ephemeral values (write-only arguments, provider configuration, ephemeral outputs
 * and locals).
 */
export class S3KeySecret extends Construct {
  /** The low-level `ephemeral` block. */
  private readonly block: EphemeralBlock;

  constructor(scope: Construct, id: string, props: S3KeySecretProps) {
    super(scope, id);
    if (props.key !== undefined && (props.secretName !== undefined || props.user !== undefined || props.zone !== undefined)) {
      throw new ConstructValidationError('S3KeySecretSource', 'give either key, or secretName / user / zone, not both', this);
    }
    if (props.key === undefined && props.secretName === undefined && props.user === undefined) {
      throw new ConstructValidationError('S3KeySecretSource', 'one of key, secretName or user must be given', this);
    }
    checkSecretName(this, 'S3KeySecretName', 'secretName', props.secretName);
    checkRule(this, 'S3KeySecretUser', 'user', props.user, userNameProblem, USER_NAME_RULE);
    checkRule(this, 'S3KeySecretZone', 'zone', props.zone, zoneNameProblem, ZONE_NAME_RULE);
    const key = props.key;
    this.block = new EphemeralBlock(
      this,
      'Resource',
      'powerscale_s3_key_secret',
      // With a key: its timestamp is unknown while the key is minted or rotated, so Terraform opens
      // the read during apply, after the new secret is stored (depends_on alone does not defer it).
      () => (key === undefined ? { secret_name: props.secretName, user: props.user, zone: props.zone } : { secret_name: key.secretName, secret_key_timestamp: key.resource.secretKeyTimestamp }),
      { provider: props.cluster.provider, dependsOn: key === undefined ? [] : [key.resource] },
    );
  }

  /** `ephemeral.powerscale_s3_key_secret.<name>`. */
  get address(): string {
    return this.block.address;
  }

  /** The S3 access key id (ephemeral expression). */
  get accessId(): string {
    return reference(this.block, 'access_id');
  }

  /** The S3 secret key (ephemeral and sensitive expression). */
  get secretKey(): string {
    return reference(this.block, 'secret_key');
  }
}

/** Properties of a {@link StoredSecret}. */
export interface StoredSecretProps {
  /** The cluster whose provider reads the store. */
  readonly cluster: IPowerScaleCluster;

  /** The secret's name in the store. */
  readonly name: string;

  /**
   * What must be applied before the read (the resource that writes the secret).
   *
   * @default - no dependency
   */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * Any secret of the cluster's secret store, read for one Terraform run (`ephemeral
 * "powerscale_secret"`): a password minted by `powerscale_user`, a cluster admin password kept in
 * the store. Never in plan or state; use {@link StoredSecret.value} only where Terraform takes
 * ephemeral values.
 */
export class StoredSecret extends Construct {
  private readonly block: EphemeralBlock;

  constructor(scope: Construct, id: string, props: StoredSecretProps) {
    super(scope, id);
    checkSecretName(this, 'StoredSecretName', 'name', props.name);
    this.block = new EphemeralBlock(this, 'Resource', 'powerscale_secret', () => ({ name: props.name }), { provider: props.cluster.provider, dependsOn: props.dependsOn ?? [] });
  }

  /** `ephemeral.powerscale_secret.<name>`. */
  get address(): string {
    return this.block.address;
  }

  /** The stored value (ephemeral and sensitive expression). */
  get value(): string {
    return reference(this.block, 'value');
  }
}

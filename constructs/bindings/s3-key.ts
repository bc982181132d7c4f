import type { Construct } from 'constructs';
import { TerraformResource, type TerraformMetaArguments } from 'cdktf';
import { powerscaleResourceConfig } from './resource-config';

/** Configuration of a `powerscale_s3_key` resource, in camelCase. */
export interface TfPowerscaleS3KeyConfig extends TerraformMetaArguments {
  readonly user: string;
  readonly zone?: string;
  readonly existingKeyExpiryMinutes?: number;
  readonly adoptionExpiryMinutes?: number;
  readonly secretName?: string;
  readonly rotationTriggers?: Record<string, string>;
}

/**
 * The `powerscale_s3_key` resource: one S3 access key for a user in an access zone, whose secret
 * goes to the secret store under `secret_name`. State never holds the secret itself.
 */
export class TfPowerscaleS3Key extends TerraformResource {
  /** The Terraform resource type. */
  static readonly tfResourceType = 'powerscale_s3_key';

  private readonly config: TfPowerscaleS3KeyConfig;

  constructor(scope: Construct, id: string, config: TfPowerscaleS3KeyConfig) {
    super(scope, id, powerscaleResourceConfig(TfPowerscaleS3Key.tfResourceType, config));
    this.config = config;
  }

  /** Computed: `<zone>/<user>`. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** Computed: the S3 access key id. */
  get accessId(): string {
    return this.getStringAttribute('access_id');
  }

  /** The secret store key holding `{"access_id", "secret_key"}` (given or derived). */
  get secretName(): string {
    return this.getStringAttribute('secret_name');
  }

  /** Computed: when the current secret was minted (epoch seconds). */
  get secretKeyTimestamp(): number {
    return this.getNumberAttribute('secret_key_timestamp');
  }

  /** Computed: when the previous secret stops working (epoch seconds), if one is still valid. */
  get oldKeyExpiry(): number {
    return this.getNumberAttribute('old_key_expiry');
  }

  // Resource attributes are not snake-cased by the base class (only meta-arguments are), so the
  // Terraform names are spelled out; rotation_triggers keys are user data and stay as given.
  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return {
      user: c.user,
      zone: c.zone,
      existing_key_expiry_minutes: c.existingKeyExpiryMinutes,
      adoption_expiry_minutes: c.adoptionExpiryMinutes,
      secret_name: c.secretName,
      rotation_triggers: c.rotationTriggers,
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }
}

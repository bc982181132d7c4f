import { Construct } from 'constructs';
import { zoneNameOf, type IAccessZone } from './access-zone';
import { TfPowerscaleS3Key } from './bindings/s3-key';
import type { ILocalUser } from './local-user';
import type { IPowerScaleCluster } from './powerscale-cluster';
import { ConstructValidationError } from './validation-error';
import { USER_NAME_RULE, userNameProblem, ZONE_NAME_RULE, zoneNameProblem } from '../src/onefs/rules';
import { MAX_EXISTING_KEY_EXPIRY_MINUTES, checkRule, checkSecretName, checkWholeNumber, describeValue, isUnresolved } from './validate';

/** Properties of an {@link S3Key}. */
export interface S3KeyProps {
  /** The cluster that mints the key. */
  readonly cluster: IPowerScaleCluster;

  /**
   * The OneFS user the key belongs to: a {@link LocalUser} (the key then follows the user, and its
   * zone is the user's unless `zone` is given) or a user name that must exist in `zone`.
   *
   * A name is 1 to 104 characters, no whitespace and none of `/ \ : @ " < > | * ? + = ; , [ ]` (the
   * OneFS rule). Changing it replaces the key.
   */
  readonly user: ILocalUser | string;

  /**
   * The access zone of `user`: an {@link IAccessZone} (the key is then created after the zone) or
   * a zone name. Changing it replaces the key.
   *
   * 1 to 255 letters, digits, `_`, `.` or `-` (the OneFS rule).
   *
   * @default "System"
   */
  readonly zone?: IAccessZone | string;

  /**
   * Name under which the secret store keeps `{"access_id", "secret_key"}`.
   *
   * 1 to 256 characters: letters, digits, `-`, `.` and `_`, starting with a letter (what both
   * secret stores accept).
   *
   * @default - `powerscale-s3-<zone>-<user>`, derived by the provider (stable; unsafe characters become
   * `_` plus a short hash)
   */
  readonly secretName?: string;

  /**
   * Arbitrary strings whose change mints a new secret (rotation), like `keepers` in the `random`
   * provider. Use a date, a ticket number or a counter.
   *
   * @default - no triggers; the key is only minted on create
   */
  readonly rotationTriggers?: Record<string, string>;

  /**
   * After a rotation, how long the previous secret keeps working, in minutes. From 0 to 1440
   * (one day); tenants have this long to pick up the new secret.
   *
   * @default 0 - the previous secret stops working as soon as a new one is minted
   */
  readonly existingKeyExpiryMinutes?: number;

  /**
   * When the provider mints over a secret the store does not hold (after an import, a rotation
   * outside Terraform, a lost secret, or a create for a user who already has a key), how long the
   * current secret keeps working, in minutes, when `existingKeyExpiryMinutes` is 0. From 0 to 1440.
   *
   * @default 60 - the holders of the current secret (a tenant's running applications) keep access for an hour
   */
  readonly adoptionExpiryMinutes?: number;

  /**
   * What the create does when `user` already has an S3 key that no `powerscale_s3_key` manages
   * (made by hand, by a script, by another provider). `"fail"` refuses before minting, so that
   * whoever uses that key's secret keeps working; import the key instead (`cdktf-powerscale
   * discover` writes the import blocks). `"take_over"` mints a new secret over it and keeps the
   * current one valid for `adoptionExpiryMinutes`. Only a create looks at it.
   *
   * @default "fail"
   */
  readonly onExistingKey?: 'fail' | 'take_over';
}

/**
 * An S3 access key for one user in one access zone. The provider mints the key and writes the
 * secret to the cluster's secret store under {@link S3Key.secretName}; Terraform state, plans and
 * outputs only hold the access id and the secret's name.
 */
export class S3Key extends Construct {
  /** The low-level `powerscale_s3_key` resource. */
  readonly resource: TfPowerscaleS3Key;

  /** The S3 access key id (a token, known after apply). Not a secret. */
  readonly accessId: string;

  /** The secret store name holding the secret key (a token when derived by the provider). */
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: S3KeyProps) {
    super(scope, id);
    validateS3KeyProps(this, props);
    this.resource = new TfPowerscaleS3Key(this, 'Resource', {
      provider: props.cluster.provider,
      dependsOn: [props.cluster.clusterResource],
      user: typeof props.user === 'string' ? props.user : props.user.userName,
      zone: props.zone !== undefined ? zoneNameOf(props.zone) : typeof props.user === 'string' ? undefined : props.user.zoneName,
      secretName: props.secretName,
      rotationTriggers: props.rotationTriggers,
      existingKeyExpiryMinutes: props.existingKeyExpiryMinutes,
      adoptionExpiryMinutes: props.adoptionExpiryMinutes,
      onExistingKey: props.onExistingKey,
    });
    this.accessId = this.resource.accessId;
    this.secretName = this.resource.secretName;
  }
}

function validateS3KeyProps(scope: Construct, props: S3KeyProps): void {
  if (typeof props.user === 'string') checkRule(scope, 'S3KeyUser', 'user', props.user, userNameProblem, USER_NAME_RULE);
  checkRule(scope, 'S3KeyZone', 'zone', typeof props.zone === 'string' ? props.zone : undefined, zoneNameProblem, ZONE_NAME_RULE);
  checkSecretName(scope, 'S3KeySecretName', 'secretName', props.secretName);
  checkWholeNumber(scope, 'S3KeyExistingKeyExpiry', 'existingKeyExpiryMinutes', props.existingKeyExpiryMinutes, 0, MAX_EXISTING_KEY_EXPIRY_MINUTES, 'minutes');
  const onExisting: unknown = props.onExistingKey;
  if (onExisting !== undefined && !isUnresolved(onExisting) && onExisting !== 'fail' && onExisting !== 'take_over') {
    throw new ConstructValidationError('S3KeyOnExistingKey', `onExistingKey must be "fail" or "take_over", but ${describeValue(onExisting)} was given`, scope);
  }
  checkWholeNumber(scope, 'S3KeyAdoptionExpiry', 'adoptionExpiryMinutes', props.adoptionExpiryMinutes, 0, MAX_EXISTING_KEY_EXPIRY_MINUTES, 'minutes');
  const triggers = props.rotationTriggers;
  if (triggers === undefined || isUnresolved(triggers)) return;
  for (const [key, value] of Object.entries(triggers)) {
    if (key === '') {
      throw new ConstructValidationError('S3KeyRotationTriggers', 'rotationTriggers keys must not be empty, but "" was given', scope);
    }
    if (typeof value !== 'string') {
      throw new ConstructValidationError(
        'S3KeyRotationTriggers',
        `rotationTriggers values must be strings, but ${describeValue(value)} (a ${typeof value}) was given for "${key}"`,
        scope,
      );
    }
  }
}

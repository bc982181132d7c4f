import { Construct } from 'constructs';
import { Fn, Op, Token } from 'cdktf';
import { zoneNameOf, type IAccessZone } from './access-zone';
import { TfPowerscaleQuota } from './bindings/quota';
import { TfPowerscaleS3Bucket } from './bindings/s3-bucket';
import { LocalUser, type ILocalUser } from './local-user';
import type { IPowerScaleCluster } from './powerscale-cluster';
import { S3Key } from './s3-key';
import { ConstructValidationError } from './validation-error';
import { S3_BUCKET_NAME_RULE, s3BucketNameProblem } from '../src/onefs/bucket-names';
import { SYSTEM_ZONE, USER_NAME_RULE, userNameProblem, ZONE_NAME_RULE, ZONE_PATH_RULE, zoneNameProblem, zonePathProblem } from '../src/onefs/rules';
import { MAX_EXISTING_KEY_EXPIRY_MINUTES, checkRule, checkSecretName, checkWholeNumber, describeValue, isUnresolved } from './validate';

/** The base directory of the System zone. */
const SYSTEM_ZONE_PATH = '/ifs';

/** The S3 permissions a bucket ACL grants. */
export type S3Permission = 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';

const PERMISSIONS: readonly string[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'];
const GRANTEE_TYPES: readonly string[] = ['user', 'group', 'wellknown'];

/** One entry of a bucket ACL. */
export interface S3TenantGrant {
  /** Who is granted: a user or group name of the tenant's zone, or a well-known principal (`Everyone`). */
  readonly grantee: { readonly name: string; readonly type: 'user' | 'group' | 'wellknown' };
  /** What is granted. */
  readonly permission: S3Permission;
}

/** One bucket of an {@link S3Tenant}. */
export interface S3TenantBucket {
  /**
   * The bucket name, unique in the zone. Changing it replaces the bucket (the data directory stays).
   *
   * 3 to 63 lowercase letters, digits and `-` (OneFS's S3 service accepts no `.`), starting and
   * ending with a letter or digit; not `xn--…`, `sthree-…`, `…-s3alias` or `…--ol-s3`.
   */
  readonly name: string;

  /**
   * What a request that changes an object's ACL does: `"replace"` replaces it, `"deny"` refuses it.
   *
   * @default "replace"
   */
  readonly objectAclPolicy?: 'replace' | 'deny';

  /** A description shown by the cluster. @default - none */
  readonly description?: string;

  /**
   * The bucket ACL, exactly these entries.
   *
   * @default - the tenant's user has FULL_CONTROL, nobody else has access
   */
  readonly acl?: S3TenantGrant[];
}

/** The directory quota of an {@link S3Tenant}: one limit on the space of all its buckets together. */
export interface S3TenantQuota {
  /** The hard limit in bytes (writes beyond it fail), a whole number above 0; `Size.gibibytes(500)` reads well. */
  readonly hardBytes: number;

  /**
   * The advisory threshold (a notification, not a limit), as a percentage of `hardBytes`, a whole
   * number from 1 to 100; rounded down to a whole byte.
   *
   * @default - no advisory threshold
   */
  readonly advisoryPercent?: number;

  /**
   * Whether snapshot data counts against the quota.
   *
   * @default false
   */
  readonly includeSnapshots?: boolean;
}

/** When and how the tenant's S3 key is rotated. */
export interface S3TenantKeyRotation {
  /**
   * Arbitrary strings whose change mints a new secret (a date, a ticket number, a counter).
   *
   * @default - no triggers; the key is only minted on create
   */
  readonly triggers?: Record<string, string>;

  /**
   * After a rotation, how long the previous secret keeps working, in minutes, 0 to 1440: the
   * tenant's applications have this long to pick up the new secret from the store.
   *
   * @default 60
   */
  readonly graceMinutes?: number;
}

/** Properties of an {@link S3Tenant}. */
export interface S3TenantProps {
  /** The cluster that hosts the tenant. */
  readonly cluster: IPowerScaleCluster;

  /**
   * The access zone of the tenant: an {@link AccessZone} (everything is created after it, and its
   * path is the root of the default directory) or a zone name.
   *
   * @default "System"
   */
  readonly zone?: IAccessZone | string;

  /**
   * The tenant's user: a name, created as a {@link LocalUser} of the zone whose password the provider
   * mints into the secret store, or an existing {@link ILocalUser}. It owns the buckets and the key.
   */
  readonly user: ILocalUser | string;

  /** The buckets, at least one, with distinct names; each lives in `<directory>/<name>`. */
  readonly buckets: S3TenantBucket[];

  /**
   * The tenant directory, under the zone's base directory; created with the first bucket.
   * Required when `zone` is a name other than System (the construct cannot know that zone's path).
   *
   * @default - `<zone path>/s3/<user>`: `/ifs/s3/<user>` in the System zone
   */
  readonly directory?: string;

  /** The directory quota on the tenant directory. */
  readonly quota: S3TenantQuota;

  /**
   * Rotation of the tenant's S3 key.
   *
   * @default - no rotation triggers, 60 minutes of grace for the previous secret after a rotation
   */
  readonly keyRotation?: S3TenantKeyRotation;

  /**
   * Name under which the secret store keeps the S3 key's `{"access_id", "secret_key"}`.
   *
   * @default - `powerscale-s3-<zone>-<user>`, derived by the provider
   */
  readonly secretName?: string;
}

/**
 * A whole S3 tenant in one construct: a local user (its password minted into the secret store,
 * unless an existing user is given), the user's S3 key (its secret in the store), the buckets owned
 * by the user under one tenant directory, and a directory quota on that directory. State, plans
 * and outputs hold names and the access id, never a password or a secret key.
 */
export class S3Tenant extends Construct {
  /** The tenant's user: the {@link LocalUser} created here, or the one given. */
  readonly user: ILocalUser;

  /** The tenant's S3 key. */
  readonly key: S3Key;

  /** The `powerscale_s3_bucket` resources, in the order of `buckets`. */
  readonly buckets: TfPowerscaleS3Bucket[];

  /** The `powerscale_quota` on the tenant directory. */
  readonly quota: TfPowerscaleQuota;

  /** The tenant directory (may contain a token). */
  readonly directory: string;

  /** The S3 access key id (a token, known after apply). Not a secret. */
  readonly accessId: string;

  /** The secret store name holding the S3 secret key (a token when derived by the provider). */
  readonly secretName: string;

  /** The bucket names, in the order of `buckets`. */
  readonly bucketNames: string[];

  constructor(scope: Construct, id: string, props: S3TenantProps) {
    super(scope, id);
    validateS3TenantProps(this, props);
    const zoneName = zoneNameOf(props.zone) ?? SYSTEM_ZONE;
    this.user = typeof props.user === 'string' ? new LocalUser(this, 'User', { cluster: props.cluster, name: props.user, zone: zoneName }) : props.user;
    this.directory = props.directory ?? `${zonePathOf(props.zone) ?? SYSTEM_ZONE_PATH}/s3/${this.user.userName}`;

    this.key = new S3Key(this, 'Key', {
      cluster: props.cluster,
      user: this.user,
      zone: zoneName,
      secretName: props.secretName,
      rotationTriggers: props.keyRotation?.triggers,
      existingKeyExpiryMinutes: props.keyRotation?.graceMinutes ?? 60,
    });

    this.buckets = props.buckets.map(
      (bucket, index) =>
        // Named by the bucket, so that reordering `buckets` moves no resource (a token name: by position).
        new TfPowerscaleS3Bucket(this, isUnresolved(bucket.name) ? `Bucket${index}` : `Bucket-${bucket.name}`, {
          provider: props.cluster.provider,
          dependsOn: [props.cluster.clusterResource],
          name: bucket.name,
          zone: zoneName,
          path: `${this.directory}/${bucket.name}`,
          createPath: true,
          owner: this.user.userName,
          description: bucket.description,
          objectAclPolicy: bucket.objectAclPolicy ?? 'replace',
          acl: (bucket.acl ?? [{ grantee: { name: this.user.userName, type: 'user' }, permission: 'FULL_CONTROL' }]).map((g) => ({
            grantee: { name: g.grantee.name, type: g.grantee.type },
            permission: g.permission,
          })),
        }),
    );
    this.bucketNames = props.buckets.map((b) => b.name);

    this.quota = new TfPowerscaleQuota(this, 'Quota', {
      provider: props.cluster.provider,
      // The buckets create the directory (create_path): a quota needs it to exist.
      dependsOn: [props.cluster.clusterResource, ...this.buckets],
      path: this.directory,
      type: 'directory',
      includeSnapshots: props.quota.includeSnapshots ?? false,
      enforced: true,
      thresholds: {
        hard: props.quota.hardBytes,
        advisory: props.quota.advisoryPercent === undefined ? undefined : advisoryBytes(props.quota.hardBytes, props.quota.advisoryPercent),
      },
    });

    this.accessId = this.key.accessId;
    this.secretName = this.key.secretName;
  }
}

/** The base directory of a zone when it is known at synth: System's, or an {@link AccessZone}'s. */
function zonePathOf(zone: IAccessZone | string | undefined): string | undefined {
  if (zone === undefined || zone === SYSTEM_ZONE) return SYSTEM_ZONE_PATH;
  return typeof zone === 'string' ? undefined : zone.path;
}

/** `percent` of `hard`, rounded down to a whole byte; a Terraform expression when either is a token. */
function advisoryBytes(hard: number, percent: number): number {
  if (isUnresolved(hard) || isUnresolved(percent)) return Token.asNumber(Fn.floor(Op.div(Op.mul(hard, percent), 100)));
  return Math.floor((hard * percent) / 100);
}

function validateS3TenantProps(scope: Construct, props: S3TenantProps): void {
  const zone = typeof props.zone === 'string' ? props.zone : undefined;
  checkRule(scope, 'S3TenantZone', 'zone', zone, zoneNameProblem, ZONE_NAME_RULE);
  if (typeof props.user === 'string') checkRule(scope, 'S3TenantUser', 'user', props.user, userNameProblem, USER_NAME_RULE);
  checkSecretName(scope, 'S3TenantSecretName', 'secretName', props.secretName);
  validateDirectory(scope, props);
  validateBuckets(scope, props.buckets);
  validateQuota(scope, props.quota);
  checkWholeNumber(scope, 'S3TenantGraceMinutes', 'keyRotation.graceMinutes', props.keyRotation?.graceMinutes, 0, MAX_EXISTING_KEY_EXPIRY_MINUTES, 'minutes');
  const triggers = props.keyRotation?.triggers;
  if (triggers !== undefined && !isUnresolved(triggers)) {
    for (const [key, value] of Object.entries(triggers)) {
      if (key === '' || typeof value !== 'string') {
        throw new ConstructValidationError('S3TenantKeyRotationTriggers', `keyRotation.triggers must map non-empty keys to strings, but ${describeValue(key)} maps to ${describeValue(value)}`, scope);
      }
    }
  }
}

function validateDirectory(scope: Construct, props: S3TenantProps): void {
  const directory = props.directory;
  if (directory === undefined) {
    if (zonePathOf(props.zone) === undefined && typeof props.zone === 'string' && !isUnresolved(props.zone)) {
      throw new ConstructValidationError(
        'S3TenantDirectory',
        `directory is required when zone is a name other than "System" (the base directory of zone ${describeValue(props.zone)} is not known here): give a directory under the zone's path, or the zone as an AccessZone`,
        scope,
      );
    }
    return;
  }
  if (isUnresolved(directory)) return;
  if (zonePathProblem(directory) !== undefined || directory === SYSTEM_ZONE_PATH) {
    throw new ConstructValidationError('S3TenantDirectory', `directory must be a directory below /ifs (${ZONE_PATH_RULE}), but ${describeValue(directory)} was given`, scope);
  }
  const root = zonePathOf(props.zone);
  if (root !== undefined && !isUnresolved(root) && !directory.startsWith(`${root}/`)) {
    throw new ConstructValidationError('S3TenantDirectory', `directory must be below the zone's base directory ${describeValue(root)}, but ${describeValue(directory)} was given`, scope);
  }
}

function validateBuckets(scope: Construct, buckets: S3TenantBucket[]): void {
  if (isUnresolved(buckets)) return;
  if (buckets.length === 0) throw new ConstructValidationError('S3TenantBuckets', 'buckets must name at least one bucket, but none was given', scope);
  const seen = new Set<string>();
  for (const bucket of buckets) {
    const name = bucket.name;
    if (!isUnresolved(name)) {
      const problem = s3BucketNameProblem(name);
      if (problem !== undefined) throw new ConstructValidationError('S3TenantBucketName', `buckets[].name must follow the S3 rule (${S3_BUCKET_NAME_RULE}), but ${describeValue(name)} was given`, scope);
      if (seen.has(name)) throw new ConstructValidationError('S3TenantBucketName', `buckets[].name must be distinct, but ${describeValue(name)} is given twice`, scope);
      seen.add(name);
    }
    const policy: unknown = bucket.objectAclPolicy;
    if (policy !== undefined && !isUnresolved(policy) && policy !== 'replace' && policy !== 'deny') {
      throw new ConstructValidationError('S3TenantObjectAclPolicy', `buckets[].objectAclPolicy must be "replace" or "deny", but ${describeValue(policy)} was given for bucket ${describeValue(name)}`, scope);
    }
    for (const grant of bucket.acl ?? []) validateGrant(scope, grant, name);
  }
}

function validateGrant(scope: Construct, grant: S3TenantGrant, bucket: string): void {
  const permission: unknown = grant.permission;
  if (!isUnresolved(permission) && !PERMISSIONS.includes(permission as string)) {
    throw new ConstructValidationError('S3TenantAcl', `buckets[].acl[].permission must be one of ${PERMISSIONS.join(', ')}, but ${describeValue(permission)} was given for bucket ${describeValue(bucket)}`, scope);
  }
  const type: unknown = grant.grantee.type;
  if (!isUnresolved(type) && !GRANTEE_TYPES.includes(type as string)) {
    throw new ConstructValidationError('S3TenantAcl', `buckets[].acl[].grantee.type must be one of ${GRANTEE_TYPES.join(', ')}, but ${describeValue(type)} was given for bucket ${describeValue(bucket)}`, scope);
  }
}

function validateQuota(scope: Construct, quota: S3TenantQuota): void {
  checkWholeNumber(scope, 'S3TenantQuotaHardBytes', 'quota.hardBytes', quota.hardBytes, 1, Number.MAX_SAFE_INTEGER, 'bytes');
  checkWholeNumber(scope, 'S3TenantQuotaAdvisoryPercent', 'quota.advisoryPercent', quota.advisoryPercent, 1, 100, 'percent');
}

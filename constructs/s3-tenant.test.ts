import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { AccessZone } from './access-zone';
import { LocalUser } from './local-user';
import { PowerScaleCluster } from './powerscale-cluster';
import { S3Tenant, type S3TenantProps } from './s3-tenant';
import { Size } from './size';
import { clusterProps, onlyResource, synth } from './test-helpers';
import { ConstructValidationError } from './validation-error';

const REF = (type: string, attr: string) => new RegExp(`^\\$\\{${type}\\.[A-Za-z0-9_-]+\\.${attr}\\}$`);

function tenantIn(scope: Construct, props: Omit<S3TenantProps, 'cluster'>): S3Tenant {
  return new S3Tenant(scope, 'Acme', { cluster: new PowerScaleCluster(scope, 'Cluster', clusterProps), ...props });
}

const minimal: Omit<S3TenantProps, 'cluster'> = { user: 'acme', buckets: [{ name: 'acme-data' }], quota: { hardBytes: Size.gibibytes(1) } };

function errorOf(props: Omit<S3TenantProps, 'cluster'>): ConstructValidationError {
  try {
    synth((scope) => tenantIn(scope, props));
  } catch (err) {
    if (ConstructValidationError.isConstructValidationError(err)) return err;
    throw err;
  }
  throw new Error('expected a ConstructValidationError');
}

describe('Size', () => {
  it('turns binary units into whole bytes', () => {
    expect([Size.bytes(1), Size.kibibytes(1), Size.mebibytes(1.5), Size.gibibytes(500), Size.tebibytes(2)]).toEqual([1, 1024, 1572864, 536870912000, 2199023255552]);
  });

  it('refuses a negative or non-finite amount, naming the unit', () => {
    expect(() => Size.gibibytes(-1)).toThrow('Size.gibibytes takes a finite amount of 0 or more, but -1 was given');
    expect(() => Size.tebibytes(Number.NaN)).toThrow('Size.tebibytes');
  });
});

describe('S3Tenant', () => {
  it('writes the issue example: a user with a minted password, its key, two owned buckets under one tenant directory, and a directory quota on it', () => {
    let tenant: S3Tenant | undefined;
    const json = synth((scope) => {
      tenant = tenantIn(scope, {
        zone: 'System',
        user: 'acme',
        buckets: [{ name: 'acme-data' }, { name: 'acme-logs', objectAclPolicy: 'deny' }],
        quota: { hardBytes: Size.gibibytes(500), advisoryPercent: 80 },
        keyRotation: { triggers: { rotated_on: '2026-12-01' }, graceMinutes: 30 },
      });
    });
    expect(onlyResource(json, 'powerscale_user')).toMatchObject({ name: 'acme', zone: 'System', password_triggers: {} });
    expect(onlyResource(json, 'powerscale_s3_key')).toMatchObject({
      user: expect.stringMatching(REF('powerscale_user', 'name')),
      zone: 'System',
      rotation_triggers: { rotated_on: '2026-12-01' },
      existing_key_expiry_minutes: 30,
    });
    const buckets = Object.values(json.resource?.powerscale_s3_bucket ?? {});
    const owner = expect.stringMatching(REF('powerscale_user', 'name'));
    expect(buckets).toMatchObject([
      { name: 'acme-data', zone: 'System', create_path: true, owner, object_acl_policy: 'replace', acl: [{ grantee: { name: owner, type: 'user' }, permission: 'FULL_CONTROL' }] },
      { name: 'acme-logs', zone: 'System', create_path: true, owner, object_acl_policy: 'deny' },
    ]);
    const dirs = buckets.map((b) => String(b.path));
    expect(dirs[0]).toMatch(/^\/ifs\/s3\/\$\{powerscale_user\.[^}]+\.name\}\/acme-data$/);
    const directory = dirs[0]?.replace(/\/acme-data$/, '');
    expect(dirs[1]).toBe(`${String(directory)}/acme-logs`);
    const quota = onlyResource(json, 'powerscale_quota');
    expect(quota).toMatchObject({ path: directory, type: 'directory', enforced: true, include_snapshots: false, thresholds: { hard: 536870912000, advisory: 429496729600 } });
    expect(quota.depends_on).toEqual(expect.arrayContaining(Object.keys(json.resource?.powerscale_s3_bucket ?? {}).map((k) => `powerscale_s3_bucket.${k}`)));
    expect(tenant?.bucketNames).toEqual(['acme-data', 'acme-logs']);
    expect(tenant?.accessId).toMatch(/\S/);
    expect(tenant?.secretName).toMatch(/\S/);
  });

  it('uses a given LocalUser and AccessZone: no second user, the directory below the zone path, 60 minutes of grace by default', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      const zone = new AccessZone(scope, 'Zone', { cluster, name: 'globex', path: '/ifs/globex', createPath: true });
      const user = new LocalUser(scope, 'Svc', { cluster, name: 'globex-svc', zone: zone.name });
      new S3Tenant(scope, 'Globex', { cluster, zone, user, secretName: 's3-globex', buckets: [{ name: 'globex-data', acl: [{ grantee: { name: 'Everyone', type: 'wellknown' }, permission: 'READ' }] }], quota: { hardBytes: 1000, includeSnapshots: true } });
    });
    expect(Object.keys(json.resource?.powerscale_user ?? {})).toHaveLength(1);
    const bucket = onlyResource(json, 'powerscale_s3_bucket');
    expect(bucket).toMatchObject({ zone: expect.stringMatching(REF('powerscale_accesszone', 'name')), acl: [{ grantee: { name: 'Everyone', type: 'wellknown' }, permission: 'READ' }] });
    expect(String(bucket.path)).toMatch(/^\/ifs\/globex\/s3\/\$\{powerscale_user\.[^}]+\.name\}\/globex-data$/);
    expect(onlyResource(json, 'powerscale_s3_key')).toMatchObject({ secret_name: 's3-globex', existing_key_expiry_minutes: 60 });
    const quota = onlyResource(json, 'powerscale_quota');
    expect(quota).toMatchObject({ include_snapshots: true, thresholds: { hard: 1000 } });
    expect(quota.thresholds).not.toHaveProperty('advisory');
  });

  it('takes an explicit directory for a zone given by name, and computes the advisory threshold in Terraform when the size is a variable', () => {
    const json = synth((scope) => {
      const size = new TerraformVariable(scope, 'size', { type: 'number' });
      tenantIn(scope, { zone: 'initech', directory: '/ifs/initech/s3', user: 'initech', buckets: [{ name: 'initech-data' }], quota: { hardBytes: size.numberValue, advisoryPercent: 90 } });
    });
    expect(onlyResource(json, 'powerscale_s3_bucket')).toMatchObject({ zone: 'initech', path: '/ifs/initech/s3/initech-data' });
    const quota = onlyResource(json, 'powerscale_quota');
    expect(quota).toMatchObject({ path: '/ifs/initech/s3', thresholds: { hard: '${var.size}', advisory: '${floor(((var.size * 90) / 100))}' } });
  });

  it('skips unresolved values in its checks', () => {
    expect(() =>
      synth((scope) => {
        const name = new TerraformVariable(scope, 'bucket', { type: 'string' });
        tenantIn(scope, { ...minimal, zone: new TerraformVariable(scope, 'zone', { type: 'string' }).stringValue, directory: '/ifs/x', buckets: [{ name: name.stringValue }, { name: name.stringValue }] });
      }),
    ).not.toThrow();
  });

  it.each<[string, Omit<S3TenantProps, 'cluster'>, string, string]>([
    ['a bucket name with capitals', { ...minimal, buckets: [{ name: 'Acme-Data' }] }, 'S3TenantBucketName', 'buckets[].name must follow the S3 rule (a bucket name is 3 to 63 characters'],
    ['a bucket name in IP form', { ...minimal, buckets: [{ name: '10.0.0.1' }] }, 'S3TenantBucketName', 'but "10.0.0.1" was given'],
    ['a bucket name with ".."', { ...minimal, buckets: [{ name: 'acme..data' }] }, 'S3TenantBucketName', 'OneFS accepts no "."'],
    ['a bucket name of 2 characters', { ...minimal, buckets: [{ name: 'ab' }] }, 'S3TenantBucketName', 'but "ab" was given'],
    ['two buckets of one name', { ...minimal, buckets: [{ name: 'acme-data' }, { name: 'acme-data' }] }, 'S3TenantBucketName', 'buckets[].name must be distinct, but "acme-data" is given twice'],
    ['no bucket', { ...minimal, buckets: [] }, 'S3TenantBuckets', 'buckets must name at least one bucket'],
    ['an unknown object ACL policy', { ...minimal, buckets: [{ name: 'acme-data', objectAclPolicy: 'allow' as 'deny' }] }, 'S3TenantObjectAclPolicy', 'buckets[].objectAclPolicy must be "replace" or "deny", but "allow" was given'],
    ['an unknown permission', { ...minimal, buckets: [{ name: 'acme-data', acl: [{ grantee: { name: 'bob', type: 'user' }, permission: 'ALL' as 'READ' }] }] }, 'S3TenantAcl', 'buckets[].acl[].permission must be one of READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL, but "ALL" was given'],
    ['an unknown grantee type', { ...minimal, buckets: [{ name: 'acme-data', acl: [{ grantee: { name: 'bob', type: 'role' as 'user' }, permission: 'READ' }] }] }, 'S3TenantAcl', 'buckets[].acl[].grantee.type must be one of user, group, wellknown'],
    ['a zero hard limit', { ...minimal, quota: { hardBytes: 0 } }, 'S3TenantQuotaHardBytes', 'quota.hardBytes must be a whole number of bytes from 1 to'],
    ['a fractional hard limit', { ...minimal, quota: { hardBytes: 1.5 } }, 'S3TenantQuotaHardBytes', 'but 1.5 was given'],
    ['an advisory percentage of 0', { ...minimal, quota: { hardBytes: 100, advisoryPercent: 0 } }, 'S3TenantQuotaAdvisoryPercent', 'quota.advisoryPercent must be a whole number of percent from 1 to 100, but 0 was given'],
    ['an advisory percentage above 100', { ...minimal, quota: { hardBytes: 100, advisoryPercent: 120 } }, 'S3TenantQuotaAdvisoryPercent', 'but 120 was given'],
    ['a grace period above a day', { ...minimal, keyRotation: { graceMinutes: 1441 } }, 'S3TenantGraceMinutes', 'keyRotation.graceMinutes must be a whole number of minutes from 0 to 1440'],
    ['an empty trigger key', { ...minimal, keyRotation: { triggers: { '': 'x' } } }, 'S3TenantKeyRotationTriggers', 'keyRotation.triggers must map non-empty keys to strings'],
    ['a user name OneFS refuses', { ...minimal, user: 'a:b' }, 'S3TenantUser', 'user must be a name OneFS accepts'],
    ['a zone name OneFS refuses', { ...minimal, zone: 'bad zone', directory: '/ifs/x' }, 'S3TenantZone', 'zone must be a name OneFS accepts'],
    ['a secret name the stores refuse', { ...minimal, secretName: '1-bad' }, 'S3TenantSecretName', 'secretName must be what the secret stores accept'],
    ['a zone by name without a directory', { ...minimal, zone: 'initech' }, 'S3TenantDirectory', 'directory is required when zone is a name other than "System"'],
    ['a directory outside /ifs', { ...minimal, directory: '/tmp/acme' }, 'S3TenantDirectory', 'directory must be a directory below /ifs'],
    ['/ifs itself as the directory', { ...minimal, directory: '/ifs' }, 'S3TenantDirectory', 'directory must be a directory below /ifs'],
  ])('refuses %s at synth, naming the prop and what is allowed', (_what, props, code, message) => {
    const error = errorOf(props);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.constructPath).toMatch(/Acme$/);
  });

  it('refuses a directory outside the AccessZone it is given', () => {
    let error: unknown;
    try {
      synth((scope) => {
        const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
        const zone = new AccessZone(scope, 'Zone', { cluster, name: 'globex', path: '/ifs/globex' });
        new S3Tenant(scope, 'Globex', { cluster, zone, user: 'g', directory: '/ifs/other/s3', buckets: [{ name: 'globex-data' }], quota: { hardBytes: 1 } });
      });
    } catch (err) {
      error = err;
    }
    expect(ConstructValidationError.isConstructValidationError(error) && error.code).toBe('S3TenantDirectory');
    expect(String(error)).toContain('directory must be below the zone\'s base directory "/ifs/globex", but "/ifs/other/s3" was given');
  });
});

import { describe, expect, it } from 'vitest';
import { AccessZone, AccessZoneLookup } from './access-zone';
import { LocalUser } from './local-user';
import { PowerScaleCluster } from './powerscale-cluster';
import { S3Key } from './s3-key';
import { clusterProps, onlyResource, synth } from './test-helpers';
import { UserGroup, UserGroupLookup } from './user-group';
import { ConstructValidationError } from './validation-error';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (ConstructValidationError.isConstructValidationError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a ConstructValidationError');
}

describe('AccessZone', () => {
  it('writes a powerscale_accesszone on the cluster provider, and keys and groups in it are created after it', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      const zone = new AccessZone(scope, 'Zone', { cluster, name: 'tenant-a', path: '/ifs/tenant-a', createPath: true, authProviders: ['lsa-file-provider:System'] });
      new S3Key(scope, 'Key', { cluster, user: 'alice', zone });
      new UserGroup(scope, 'Group', { cluster, name: 'devs', zone, gid: 5000, users: ['alice'] });
    });
    expect(onlyResource(json, 'powerscale_accesszone')).toMatchObject({ name: 'tenant-a', path: '/ifs/tenant-a', create_path: true, auth_providers: ['lsa-file-provider:System'], provider: 'powerscale' });
    expect(onlyResource(json, 'powerscale_s3_key').zone).toMatch(/^\$\{powerscale_accesszone\.[^.]+\.name\}$/);
    expect(onlyResource(json, 'powerscale_user_group')).toMatchObject({ name: 'devs', gid: 5000, users: ['alice'], zone: expect.stringMatching(/^\$\{powerscale_accesszone\.[^.]+\.name\}$/) });
  });

  it('takes an existing zone by name, and plain zone names still work', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      new S3Key(scope, 'Key', { cluster, user: 'alice', zone: AccessZone.fromName(scope, 'System', 'System') });
      new UserGroup(scope, 'Group', { cluster, name: 'devs', zone: 'tenant-b' });
    });
    expect(onlyResource(json, 'powerscale_s3_key').zone).toBe('System');
    expect(onlyResource(json, 'powerscale_user_group').zone).toBe('tenant-b');
    expect(json.resource?.powerscale_accesszone).toBeUndefined();
  });

  it('takes LocalUser constructs as group members, by reference, alongside plain names', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      const user = new LocalUser(scope, 'User', { cluster, name: 'svc', zone: 'tenant-a' });
      new UserGroup(scope, 'Group', { cluster, name: 'devs', zone: 'tenant-a', users: [user, 'alice'] });
    });
    expect(onlyResource(json, 'powerscale_user_group').users).toEqual([expect.stringMatching(/^\$\{powerscale_user\.User_[A-Za-z0-9_]+\.name\}$/), 'alice']);
  });

  it('refuses one LocalUser given twice as a member', () => {
    expect(
      codeOf(() =>
        synth((scope) => {
          const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
          const user = new LocalUser(scope, 'User', { cluster, name: 'svc' });
          new UserGroup(scope, 'Group', { cluster, name: 'devs', users: [user, user] });
        }),
      ),
    ).toBe('UserGroupUsers');
  });

  it('refuses names, paths, gids and members OneFS would refuse, at synth', () => {
    const inScope = (fn: (scope: import('constructs').Construct, cluster: PowerScaleCluster) => void) => () => synth((scope) => fn(scope, new PowerScaleCluster(scope, 'Cluster', clusterProps)));
    expect(codeOf(inScope((s, cluster) => new AccessZone(s, 'Z', { cluster, name: 'a b', path: '/ifs/x' })))).toBe('AccessZoneName');
    expect(codeOf(inScope((s, cluster) => new AccessZone(s, 'Z', { cluster, name: 'z', path: '/tmp/x' })))).toBe('AccessZonePath');
    expect(codeOf(inScope((s, cluster) => new UserGroup(s, 'G', { cluster, name: 'a:b' })))).toBe('UserGroupName');
    expect(codeOf(inScope((s, cluster) => new UserGroup(s, 'G', { cluster, name: 'g', gid: -1 })))).toBe('UserGroupGid');
    expect(codeOf(inScope((s, cluster) => new UserGroup(s, 'G', { cluster, name: 'g', users: ['a', 'a'] })))).toBe('UserGroupUsers');
    expect(codeOf(inScope((s, cluster) => new UserGroup(s, 'G', { cluster, name: 'g', zone: 'bad zone' })))).toBe('UserGroupZone');
  });

  it('reads groups and zones through data sources', () => {
    let lookup: UserGroupLookup | undefined;
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      lookup = new UserGroupLookup(scope, 'Admins', { cluster, name: 'admins', zone: 'tenant-a' });
      new AccessZoneLookup(scope, 'Zones', { cluster, names: ['System'] });
    });
    expect(Object.values(json.data?.powerscale_user_group ?? {})).toMatchObject([{ name: 'admins', zone: 'tenant-a', provider: 'powerscale' }]);
    expect(Object.values(json.data?.powerscale_accesszone ?? {})).toMatchObject([{ names: ['System'] }]);
    expect(lookup?.gid).toBeDefined();
  });
});

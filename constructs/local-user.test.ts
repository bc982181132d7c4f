import { describe, expect, it } from 'vitest';
import { LocalUser, LocalUsers } from './local-user';
import { PowerScaleCluster } from './powerscale-cluster';
import { S3Key } from './s3-key';
import { ConstructValidationError } from './validation-error';
import { clusterProps, onlyResource, synth } from './test-helpers';

describe('LocalUser', () => {
  it('writes a powerscale_user that mints its password under the default name, on the cluster provider, with no password anywhere', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      new LocalUser(scope, 'User', { cluster, name: 'tenant-app', zone: 'tenant1', gecos: 'Tenant App', expiryEpochSeconds: 1900000000 });
    });
    const user = onlyResource(json, 'powerscale_user');
    expect(user).toMatchObject({ name: 'tenant-app', zone: 'tenant1', gecos: 'Tenant App', expiry: 1900000000, password_triggers: {}, provider: 'powerscale' });
    expect(Object.keys(user).filter((k) => k.startsWith('password_wo'))).toEqual([]);
  });

  it('mints under a chosen name with triggers, or not at all with mintPassword false', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      new LocalUser(scope, 'A', { cluster, name: 'a', passwordSecretName: 'a-pw', passwordTriggers: { rotated: '2026-12' } });
      new LocalUser(scope, 'B', { cluster, name: 'b', mintPassword: false });
    });
    const users = Object.values(json.resource?.powerscale_user ?? {});
    expect(users[0]).toMatchObject({ name: 'a', password_secret_name: 'a-pw', password_triggers: { rotated: '2026-12' } });
    expect(users[1]).not.toHaveProperty('password_triggers');
    expect(users[1]).not.toHaveProperty('password_secret_name');
  });

  it('is an S3Key user: the key references the user and its zone', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      const user = new LocalUser(scope, 'User', { cluster, name: 'svc', zone: 'tenant1' });
      new S3Key(scope, 'Key', { cluster, user });
    });
    const key = onlyResource(json, 'powerscale_s3_key');
    expect(key.user).toMatch(/^\$\{powerscale_user\.User_[A-Za-z0-9_]+\.name\}$/);
    expect(key.zone).toMatch(/^\$\{powerscale_user\.User_[A-Za-z0-9_]+\.zone\}$/);
  });

  it.each([
    [{ name: 'a/b' }, 'LocalUserName'],
    [{ name: 'a', mintPassword: false, passwordTriggers: { v: '1' } }, 'LocalUserPassword'],
    [{ name: 'a', passwordSecretName: '1bad' }, 'LocalUserPasswordSecretName'],
    [{ name: 'a', uid: -1 }, 'LocalUserUid'],
  ])('refuses %j at synth time (%s)', (props, code) => {
    let error: unknown;
    try {
      synth((scope) => new LocalUser(scope, 'User', { cluster: new PowerScaleCluster(scope, 'Cluster', clusterProps), ...props }));
    } catch (err) {
      error = err;
    }
    expect(ConstructValidationError.isConstructValidationError(error) ? error.code : error).toBe(code);
  });
});

describe('LocalUsers', () => {
  it('reads the users of a zone matching a prefix through data "powerscale_user"', () => {
    const json = synth((scope) => {
      new LocalUsers(scope, 'Tenants', { cluster: new PowerScaleCluster(scope, 'Cluster', clusterProps), zone: 'tenant1', namePrefix: 'svc-', enabled: true });
    });
    expect(Object.values(json.data?.powerscale_user ?? {})).toEqual([expect.objectContaining({ zone: 'tenant1', name_prefix: 'svc-', enabled: true })]);
  });
});

import { TerraformOutput, Token } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { S3KeySecret, StoredSecret } from './ephemeral-secrets';
import { PowerScaleCluster } from './powerscale-cluster';
import { S3Key } from './s3-key';
import { clusterProps, synth } from './test-helpers';
import { ConstructValidationError } from './validation-error';

type Ephemeral = Record<string, Record<string, Record<string, unknown>>>;
const ephemeralOf = (json: object): Ephemeral => (json as { ephemeral?: Ephemeral }).ephemeral ?? {};
const only = (blocks: Record<string, Record<string, unknown>> | undefined): [string, Record<string, unknown>] => {
  const entries = Object.entries(blocks ?? {});
  if (entries.length !== 1 || entries[0] === undefined) throw new Error(`expected one block, found ${entries.length}`);
  return entries[0];
};

describe('S3KeySecret and StoredSecret', () => {
  it('write ephemeral blocks on the cluster provider, with references Terraform resolves', () => {
    let address = '';
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      const key = new S3Key(scope, 'Key', { cluster, user: 'alice' });
      const fromKey = new S3KeySecret(scope, 'FromKey', { cluster, key });
      const byUser = new S3KeySecret(scope, 'ByUser', { cluster, user: 'bob', zone: 'tenant-a' });
      const admin = new StoredSecret(scope, 'Admin', { cluster, name: 'onefs-admin-password' });
      // Tokens, so that constructs refusing literal secrets accept them; resolved at synth.
      expect(Token.isUnresolved(fromKey.secretKey)).toBe(true);
      new TerraformOutput(scope, 'r0', { value: fromKey.secretKey });
      new TerraformOutput(scope, 'r1', { value: fromKey.accessId });
      new TerraformOutput(scope, 'r2', { value: admin.value });
      address = byUser.address;
    }) as ReturnType<typeof synth> & { output?: Record<string, { value: string }> };
    const eph = ephemeralOf(json);
    const keyBlocks = Object.values(eph.powerscale_s3_key_secret ?? {});
    expect(keyBlocks).toHaveLength(2);
    const fromKey = keyBlocks.find((b) => b.depends_on !== undefined);
    expect(fromKey).toMatchObject({ provider: 'powerscale', depends_on: [expect.stringMatching(/^powerscale_s3_key\./)] });
    expect(String(fromKey?.secret_name)).toMatch(/^\$\{powerscale_s3_key\.[^.]+\.secret_name\}$/);
    expect(String(fromKey?.secret_key_timestamp)).toMatch(/^\$\{powerscale_s3_key\.[^.]+\.secret_key_timestamp\}$/);
    expect(keyBlocks.find((b) => b.user === 'bob')).toEqual(expect.objectContaining({ user: 'bob', zone: 'tenant-a', provider: 'powerscale' }));
    const [adminName, admin] = only(eph.powerscale_secret);
    expect(admin).toMatchObject({ name: 'onefs-admin-password', provider: 'powerscale' });
    expect(json.output?.r2?.value).toBe(`\${ephemeral.powerscale_secret.${adminName}.value}`);
    expect(json.output?.r0?.value).toMatch(/^\$\{ephemeral\.powerscale_s3_key_secret\.[A-Za-z0-9_-]+\.secret_key\}$/);
    expect(json.output?.r1?.value).toMatch(/\.access_id\}$/);
    expect(address).toMatch(/^ephemeral\.powerscale_s3_key_secret\./);
  });

  it('feed a second cluster alias its password from the store (the provider takes ephemeral values)', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      const admin = new StoredSecret(scope, 'Admin', { cluster, name: 'onefs-admin-password' });
      new PowerScaleCluster(scope, 'FromStore', { endpoint: clusterProps.endpoint, username: 'admin', password: admin.value, alias: 'from_store' });
    });
    const [name] = only(ephemeralOf(json).powerscale_secret);
    expect(json.provider?.powerscale?.find((p) => p.alias === 'from_store')).toMatchObject({ password: `\${ephemeral.powerscale_secret.${name}.value}` });
  });

  it('refuse an ambiguous or empty source, and names OneFS or the store would refuse, at synth', () => {
    const attempt = (props: object) => () =>
      synth((scope) => {
        const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
        const key = new S3Key(scope, 'Key', { cluster, user: 'alice' });
        new S3KeySecret(scope, 'S', { cluster, ...(props as { key?: boolean }), key: (props as { key?: boolean }).key ? key : undefined });
      });
    expect(attempt({})).toThrow(/one of key, secretName or user must be given/);
    expect(attempt({ key: true, user: 'alice' })).toThrow(/either key, or secretName/);
    expect(attempt({ user: 'a/b' })).toThrow(ConstructValidationError);
    expect(attempt({ secretName: '1bad' })).toThrow(/secretName must be what the secret stores accept/);
    expect(() => synth((scope) => new StoredSecret(scope, 'S', { cluster: new PowerScaleCluster(scope, 'C', clusterProps), name: 'bad name' }))).toThrow(/name must be what/);
  });
});

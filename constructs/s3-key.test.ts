import { TerraformVariable } from 'cdktf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PowerScaleCluster } from './powerscale-cluster';
import { S3Key, type S3KeyProps } from './s3-key';
import { ConstructValidationError } from './validation-error';
import { clusterProps, onlyResource, synth } from './test-helpers';

type KeyProps = Omit<S3KeyProps, 'cluster'>;

function synthKey(props: KeyProps) {
  return synth((scope) => {
    const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
    new S3Key(scope, 'Key', { cluster, ...props });
  });
}

function errorOf(fn: () => unknown): ConstructValidationError {
  try {
    fn();
  } catch (err) {
    if (ConstructValidationError.isConstructValidationError(err)) return err;
    throw err;
  }
  throw new Error('expected a ConstructValidationError');
}

describe('S3Key', () => {
  it('writes a powerscale_s3_key with Terraform attribute names, on the cluster provider, after the cluster', () => {
    const json = synthKey({ user: 'alice', zone: 'tenant-a', secretName: 's3-alice', existingKeyExpiryMinutes: 10, rotationTriggers: { rotated_on: '2026-11-01', Ticket: 'OPS-7' } });
    const key = onlyResource(json, 'powerscale_s3_key');
    expect(key).toMatchObject({
      user: 'alice',
      zone: 'tenant-a',
      secret_name: 's3-alice',
      existing_key_expiry_minutes: 10,
      // Trigger keys are user data: not snake-cased.
      rotation_triggers: { rotated_on: '2026-11-01', Ticket: 'OPS-7' },
      provider: 'powerscale',
    });
    expect(key.depends_on).toEqual([expect.stringMatching(/^powerscale_cluster\./)]);
  });

  it('leaves optional attributes out so that the provider defaults apply', () => {
    const key = onlyResource(synthKey({ user: 'bob' }), 'powerscale_s3_key');
    expect(Object.keys(key).filter((k) => !['//', 'depends_on', 'provider'].includes(k))).toEqual(['user']);
  });

  it('exposes accessId and secretName as references to the resource', () => {
    let key: S3Key | undefined;
    synth((scope) => {
      key = new S3Key(scope, 'Key', { cluster: new PowerScaleCluster(scope, 'Cluster', clusterProps), user: 'carol' });
    });
    expect(key?.accessId).toMatch(/^\$\{TfToken\[/);
    expect(key?.secretName).toMatch(/^\$\{TfToken\[/);
  });

  it.each([
    ['', '""'],
    ['a/b', '"a/b"'],
    ['a:b', '"a:b"'],
    ['two words', '"two words"'],
    ['tab\there', '"tab\\there"'],
    ['x@corp', '"x@corp"'],
    ['x'.repeat(105), '"xxxx'],
    ['.', '"."'],
    ['..', '".."'],
    ['evil\u202egnp.exe', '"evil\\u202egnp.exe"'],
    ['bell\u0007', '"bell\\u0007"'],
  ])('fails on user %j, saying what was given and what is allowed', (user, shown) => {
    const err = errorOf(() => synthKey({ user }));
    expect(err.code).toBe('S3KeyUser');
    expect(err.message).toContain('user must be a name OneFS accepts (a user name is 1 to 104 characters, with no whitespace, no control or bidirectional-formatting characters and none of');
    expect(err.message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(err.message).toContain(`but ${shown}`);
  });

  it('accepts a user name OneFS accepts, such as a service account with a dot and a dash', () => {
    expect(onlyResource(synthKey({ user: 'svc.backup-01' }), 'powerscale_s3_key').user).toBe('svc.backup-01');
  });

  it('fails on a zone with a slash', () => {
    expect(errorOf(() => synthKey({ user: 'alice', zone: 'a/b' })).message).toMatch(/zone must be a name OneFS accepts \(a zone name is 1 to 255 characters: letters, digits, "_", "\." and "-"\), but "a\/b" was given/);
  });

  it.each([-1, 1441, 2.5, Number.NaN])('fails on existingKeyExpiryMinutes %s', (minutes) => {
    expect(errorOf(() => synthKey({ user: 'alice', existingKeyExpiryMinutes: minutes })).message).toMatch(
      new RegExp(`existingKeyExpiryMinutes must be a whole number of minutes from 0 to 1440, but ${String(minutes)} was given`),
    );
  });

  it('writes on_existing_key, and fails on a value other than "fail" or "take_over"', () => {
    expect(onlyResource(synthKey({ user: 'alice', onExistingKey: 'take_over' }), 'powerscale_s3_key').on_existing_key).toBe('take_over');
    expect(errorOf(() => synthKey({ user: 'alice', onExistingKey: 'overwrite' as 'fail' })).message).toMatch(/onExistingKey must be "fail" or "take_over", but "overwrite" was given/);
  });

  it.each([0, 1440])('accepts existingKeyExpiryMinutes %s at the edge of the range', (minutes) => {
    expect(onlyResource(synthKey({ user: 'alice', existingKeyExpiryMinutes: minutes }), 'powerscale_s3_key').existing_key_expiry_minutes).toBe(minutes);
  });

  it.each(['-leading-dash', '9starts-with-digit', 'has space', 'slash/inside', 'x'.repeat(257), ''])('fails on secretName %j, stating the store rule', (secretName) => {
    expect(errorOf(() => synthKey({ user: 'alice', secretName })).message).toMatch(
      /secretName must be what the secret stores accept \(a secret name is 1 to 256 characters: letters, digits, "-", "\." and "_", starting with a letter\), but .* was given/,
    );
  });

  it('accepts every secret name the secret stores accept', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,255}$/);
    fc.assert(
      fc.property(name, (secretName) => {
        expect(onlyResource(synthKey({ user: 'alice', secretName }), 'powerscale_s3_key').secret_name).toBe(secretName);
      }),
      { numRuns: 25 },
    );
  });

  it('fails on a rotation trigger that is not a string', () => {
    const rotationTriggers = { version: 3 } as unknown as Record<string, string>;
    expect(errorOf(() => synthKey({ user: 'alice', rotationTriggers })).message).toMatch(/rotationTriggers values must be strings, but 3 \(a number\) was given for "version"/);
  });

  it('skips validation of values given as tokens and writes the references', () => {
    const json = synth((scope) => {
      const user = new TerraformVariable(scope, 'user', { type: 'string' });
      const expiry = new TerraformVariable(scope, 'expiry', { type: 'number' });
      const rotation = new TerraformVariable(scope, 'rotation', { type: 'string' });
      new S3Key(scope, 'Key', {
        cluster: new PowerScaleCluster(scope, 'Cluster', clusterProps),
        user: user.stringValue,
        existingKeyExpiryMinutes: expiry.numberValue,
        secretName: `s3-${user.stringValue}`,
        rotationTriggers: { rotation: rotation.stringValue },
      });
    });
    expect(onlyResource(json, 'powerscale_s3_key')).toMatchObject({
      user: '${var.user}',
      existing_key_expiry_minutes: '${var.expiry}',
      secret_name: 's3-${var.user}',
      rotation_triggers: { rotation: '${var.rotation}' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { explain, affectsTenants, explainDrift, riskyChanges } from './explain';
import type { ResourceChange } from './plan-document';

function keyChange(actions: ResourceChange['actions'], before: Record<string, unknown> | null, after: Record<string, unknown> | null, extra: Partial<ResourceChange> = {}): ResourceChange {
  return {
    address: 'powerscale_s3_key.k',
    mode: 'managed',
    type: 'powerscale_s3_key',
    name: 'k',
    actions,
    before,
    after,
    afterUnknown: {},
    beforeSensitive: before === null ? false : {},
    afterSensitive: after === null ? false : {},
    replacePaths: [],
    ...extra,
  };
}

const alice = { id: 'System/alice', user: 'alice', zone: 'System', secret_name: 's3-alice', existing_key_expiry_minutes: 0, rotation_triggers: { v: '1' }, access_id: 'AID' };

describe('explain', () => {
  it('says a bucket replacement or deletion leaves its data on disk, in the tenant\'s terms', () => {
    const data = { id: 'System/acme-data', name: 'acme-data', zone: 'System', path: '/ifs/acme/data', owner: 'acme' };
    const bucket = (actions: ResourceChange['actions'], before: Record<string, unknown> | null, after: Record<string, unknown> | null, extra: Partial<ResourceChange> = {}): ResourceChange => ({
      ...keyChange(actions, before, after, extra),
      type: 'powerscale_s3_bucket',
      address: 'powerscale_s3_bucket.data',
    });
    const moved = bucket(['delete', 'create'], data, { ...data, path: '/ifs/acme/v2' }, { replacePaths: [['path']] });
    expect(explain(moved)).toBe(
      '**Replacement** because `path` changed: deletes the bucket `System/acme-data` and creates `System/acme-data` on `/ifs/acme/v2`. The data stays on disk: the objects under `/ifs/acme/data` are not deleted (a bucket on another path does not show them). Applications lose the bucket between the delete and the create.',
    );
    expect(explain(bucket(['delete'], data, null))).toBe('**Deletes** the bucket `System/acme-data`: S3 applications lose access to it, but its directory `/ifs/acme/data` and the objects in it stay on disk.');
    expect(explain(bucket(['create'], null, data))).toContain('Creates the S3 bucket `System/acme-data` on `/ifs/acme/data`');
    expect(explain(bucket(['update'], data, { ...data, description: 'x' }))).toContain('in place (`description`); its objects are untouched');
    expect(explainDrift(bucket(['delete'], data, null))).toBe('The bucket `System/acme-data` was deleted outside Terraform (its data stays under `/ifs/acme/data`); the plan creates it again on the same path.');
  });

  it('says the previous secret stops at once when a rotation has no grace period', () => {
    const rc = keyChange(['update'], alice, { ...alice, rotation_triggers: { v: '2' } });
    expect(explain(rc)).toContain('the previous secret stops working immediately');
    expect(affectsTenants(rc)).toBe(true);
  });

  it('says why a key rotates when its triggers did not change', () => {
    const rc = keyChange(['update'], alice, { ...alice, secret_key_timestamp: null }, { afterUnknown: { secret_key_timestamp: true } });
    expect(explain(rc)).toMatch(/^\*\*Rotation\*\* because the secret in the store no longer works \(the key was rotated outside Terraform, or the secret is missing\): mints a new secret for `System\/alice`/);
    expect(explain(keyChange(['update'], alice, { ...alice, rotation_triggers: { v: '2' } }))).toMatch(/^\*\*Rotation\*\*: mints/);
  });

  it('says until when the current secret stays valid, counted from the apply, for a rotation with a grace window', () => {
    const rotated = keyChange(['update'], alice, { ...alice, existing_key_expiry_minutes: 30, rotation_triggers: { v: '2' } });
    expect(explain(rotated, '2026-11-25T08:23:44Z')).toContain('the current secret stays valid until 2026-11-25T08:53:44Z if applied when planned (30 minutes counted from the apply: `existing_key_expiry_minutes`)');
    expect(explain(rotated)).toContain('the current secret stays valid for 30 minutes after the apply (`existing_key_expiry_minutes`)');
  });

  it('uses the adoption window for a rotation the provider planned because the store holds no usable secret', () => {
    const adopted = (after: Record<string, unknown>) => keyChange(['update'], { ...alice, existing_key_expiry_minutes: null }, after, { afterUnknown: { secret_key_timestamp: true } });
    expect(explain(adopted({ ...alice, adoption_expiry_minutes: 60 }), '2026-11-25T23:30:00Z')).toContain(
      'the current secret stays valid until 2026-11-26T00:30:00Z if applied when planned (60 minutes counted from the apply: `adoption_expiry_minutes`)',
    );
    expect(explain(adopted({ ...alice, adoption_expiry_minutes: 0 }), '2026-11-25T23:30:00Z')).toContain('the previous secret stops working immediately');
    expect(explain(adopted({ ...alice, existing_key_expiry_minutes: 5, adoption_expiry_minutes: 60 }), '2026-11-25T23:30:00Z')).toContain('until 2026-11-25T23:35:00Z');
    // A plan from a provider without adoption_expiry_minutes: the provider's default applies.
    expect(explain(adopted(alice), '2026-11-25T23:30:00Z')).toContain('until 2026-11-26T00:30:00Z');
  });

  it('explains a change of secret_name as a move, not a rotation', () => {
    const rc = keyChange(['update'], alice, { ...alice, secret_name: 'tenant-a-s3' });
    expect(explain(rc)).toBe('Moves the secret of `System/alice` from `s3-alice` to `tenant-a-s3`; no new secret is minted, but the tenant must read it from the new name.');
    expect(affectsTenants(rc)).toBe(false);
  });

  it('names a tainted key as the cause of a replacement', () => {
    const rc = keyChange(['delete', 'create'], alice, { ...alice, access_id: null }, { actionReason: 'replace_because_tainted', afterUnknown: { access_id: true } });
    expect(explain(rc)).toContain('because the key is tainted (a previous apply failed part-way)');
  });

  it('never uses a user name that is marked sensitive', () => {
    const rc = keyChange(['create'], null, { ...alice, user: 'CANARY' }, { afterSensitive: { user: true } });
    expect(explain(rc)).not.toContain('CANARY');
  });

  it('says a cluster change never changes the cluster', () => {
    const rc: ResourceChange = { ...keyChange(['create'], null, { expected_guid: null }), type: 'powerscale_cluster', address: 'powerscale_cluster.c' };
    expect(explain(rc)).toBe('Connects to the cluster and records its identity (GUID, name, OneFS version); nothing changes on the cluster.');
  });

  it('has nothing to say about resources of other providers', () => {
    expect(explain({ ...keyChange(['create'], null, {}), type: 'random_pet' })).toBe('');
  });
});

describe('explainDrift', () => {
  it('says a key was rotated outside Terraform when only its timestamp moved', () => {
    const rc = keyChange(['update'], { ...alice, secret_key_timestamp: 1 }, { ...alice, secret_key_timestamp: 2 });
    expect(explainDrift(rc)).toBe('The key of `System/alice` was rotated outside Terraform (its `secret_key_timestamp` changed): the secret `s3-alice` in the store no longer matches it.');
  });

  it('says a key was deleted outside Terraform when refresh found it gone', () => {
    expect(explainDrift(keyChange(['delete'], alice, null))).toContain('The key of `System/alice` was deleted outside Terraform');
  });

  it('lists the moved attributes of other resources, masking sensitive ones', () => {
    const rc: ResourceChange = { ...keyChange(['update'], { size: 1, pw: 'CANARY-a' }, { size: 2, pw: 'CANARY-b' }, { beforeSensitive: { pw: true }, afterSensitive: { pw: true } }), type: 'powerscale_quota' };
    const text = explainDrift(rc);
    expect(text).toBe('Changed outside Terraform: `pw` _(sensitive)_ → _(sensitive)_, `size` `1` → `2`.');
    expect(text).not.toContain('CANARY');
  });
});

describe('riskyChanges', () => {
  it('names credential breakers and deletions, but not cluster records or plain creates', () => {
    const bucket: ResourceChange = { ...keyChange(['delete'], { name: 'b' }, null), type: 'powerscale_s3_bucket', address: 'powerscale_s3_bucket.b' };
    const cluster: ResourceChange = { ...keyChange(['delete'], { name: 'c' }, null), type: 'powerscale_cluster', address: 'powerscale_cluster.c' };
    const rotation = keyChange(['update'], alice, { ...alice, rotation_triggers: { v: '2' } });
    const create = keyChange(['create'], null, alice);
    expect(riskyChanges([bucket, cluster, rotation, create])).toEqual([
      { kind: 'deletes', address: 'powerscale_s3_bucket.b', what: 'deletion' },
      { kind: 'credentials', address: 'powerscale_s3_key.k', what: 'rotation' },
    ]);
  });
});

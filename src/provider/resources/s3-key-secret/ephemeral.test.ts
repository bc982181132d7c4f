import { describe, expect, it } from 'vitest';
import type { TfObject } from '../../framework';
import { useOneFsSimulator } from '../../../simulator/testing';
import { createProviderHarness } from '../../testing/harness';
import { s3KeyResource } from '../s3-key';
import { s3KeySecretEphemeral } from './ephemeral';

const sim = useOneFsSimulator({ users: ['alice', 'bob'] });
const TYPE = 'powerscale_s3_key_secret';
const harness = () => createProviderHarness(sim, { resources: [s3KeyResource], ephemeralResources: [s3KeySecretEphemeral] }, sim.credentials.password);

const keyConfig = (user: string, extra: TfObject = {}): TfObject => ({
  id: null,
  user,
  zone: null,
  existing_key_expiry_minutes: null,
  adoption_expiry_minutes: null,
  secret_name: null,
  rotation_triggers: null,
  access_id: null,
  secret_key_timestamp: null,
  old_key_expiry: null,
  ...extra,
});
const read = (values: TfObject): TfObject => ({ secret_name: null, zone: null, user: null, access_id: null, secret_key: null, secret_key_timestamp: null, ...values });

/** A harness with alice's key applied through powerscale_s3_key; returns the stored secret. */
async function withKey(extra: TfObject = {}) {
  const h = await harness();
  const applied = await h.apply('powerscale_s3_key', null, keyConfig('alice', extra));
  expect(applied.diagnostics).toEqual([]);
  const name = String(applied.state?.secret_name);
  const secret = (JSON.parse(h.store.values.get(name) ?? '{}') as { secret_key: string }).secret_key;
  return { h, state: applied.state as TfObject, name, secret };
}

describe('ephemeral "powerscale_s3_key_secret"', () => {
  it('opens the key powerscale_s3_key stored, by zone + user (the default name) and by secret_name alone', async () => {
    const { h, state, name, secret } = await withKey();
    const byUser = await h.openEphemeral(TYPE, read({ user: 'alice' }));
    expect(byUser.diagnostics).toEqual([]);
    const expected = { secret_name: name, zone: 'System', user: 'alice', access_id: state.access_id, secret_key: secret, secret_key_timestamp: state.secret_key_timestamp };
    expect(byUser.result).toEqual(expected);
    // By name only: zone and user come from the stored access id (<zone id>_<user>_accid).
    const byName = await h.openEphemeral(TYPE, read({ secret_name: name }));
    expect(byName.diagnostics).toEqual([]);
    expect(byName.result).toEqual(expected);
    expect(h.transcript.join('\n')).not.toContain(secret);
  });

  it('fails with "Stale S3 Key Secret" when the key was rotated outside Terraform, and hands out nothing', async () => {
    const { h, name, secret } = await withKey();
    sim.clock.advance(5_000);
    sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 30 });
    const { result, diagnostics } = await h.openEphemeral(TYPE, read({ secret_name: name }));
    expect(result).toBeNull();
    expect(diagnostics).toMatchObject([{ severity: 'error', summary: 'Stale S3 Key Secret', attribute: [{ attribute: 'secret_name' }] }]);
    expect(diagnostics[0]?.detail).toMatch(/previous one, which stops working at 20\d\d-/);
    expect(diagnostics[0]?.detail).toContain('Run terraform apply');
    expect(JSON.stringify(diagnostics) + h.transcript.join('\n')).not.toContain(secret);
  });

  it('checks secret_key_timestamp when the configuration gives it (the applied key), and fails on another', async () => {
    const { h, state, name } = await withKey();
    const ok = await h.openEphemeral(TYPE, read({ secret_name: name, secret_key_timestamp: state.secret_key_timestamp ?? null }));
    expect(ok.diagnostics).toEqual([]);
    const other = await h.openEphemeral(TYPE, read({ secret_name: name, secret_key_timestamp: Number(state.secret_key_timestamp) - 60 }));
    expect(other.diagnostics).toMatchObject([{ summary: 'Stale S3 Key Secret' }]);
    expect(other.diagnostics[0]?.detail).toContain('not the one the configuration expects');
  });

  it('fails when the key was deleted outside Terraform, or the user is gone', async () => {
    const { h, name } = await withKey();
    sim.model.deleteKey('System', 'alice');
    expect((await h.openEphemeral(TYPE, read({ secret_name: name }))).diagnostics).toMatchObject([{ summary: 'Stale S3 Key Secret' }]);
    sim.model.removeUser('System', 'alice');
    const gone = await h.openEphemeral(TYPE, read({ user: 'alice' }));
    expect(gone.diagnostics[0]?.detail).toContain('no longer exists');
  });

  it('fails when the stored document holds another access id than the user\'s key', async () => {
    const { h, name } = await withKey();
    const bob = await h.apply('powerscale_s3_key', null, keyConfig('bob'));
    expect(bob.diagnostics).toEqual([]);
    // alice's secret_name now holds bob's document, read as alice's key.
    h.store.values.set(name, h.store.values.get(String(bob.state?.secret_name)) ?? '');
    const { diagnostics } = await h.openEphemeral(TYPE, read({ secret_name: name, user: 'alice' }));
    expect(diagnostics).toMatchObject([{ summary: 'Stale S3 Key Secret' }]);
    expect(diagnostics[0]?.detail).toContain('another access id');
  });

  it('accepts a document from an older provider (no timestamp) by its access id, with a warning', async () => {
    const { h, name, secret } = await withKey();
    const doc = JSON.parse(h.store.values.get(name) ?? '{}') as Record<string, unknown>;
    delete doc.secret_key_timestamp;
    h.store.values.set(name, JSON.stringify(doc));
    const { result, diagnostics } = await h.openEphemeral(TYPE, read({ secret_name: name }));
    expect(result?.secret_key).toBe(secret);
    expect(diagnostics).toMatchObject([{ severity: 'warning', summary: 'S3 Key Secret Checked by Access Id Only' }]);
  });

  it('says what is wrong when the secret is missing or not a key document', async () => {
    const h = await harness();
    expect((await h.openEphemeral(TYPE, read({ user: 'alice' }))).diagnostics).toMatchObject([{ summary: 'S3 Key Secret Not Found', attribute: [{ attribute: 'secret_name' }] }]);
    h.store.values.set('plain', 'not json');
    expect((await h.openEphemeral(TYPE, read({ secret_name: 'plain' }))).diagnostics).toMatchObject([{ summary: 'Not an S3 Key Secret' }]);
  });

  it('asks for user when the stored access id does not name one', async () => {
    const h = await harness();
    h.store.values.set('odd', JSON.stringify({ access_id: 'AKIAEXAMPLE', secret_key: 'x'.repeat(28) }));
    const { diagnostics } = await h.openEphemeral(TYPE, read({ secret_name: 'odd' }));
    expect(diagnostics).toMatchObject([{ summary: 'Cannot Check S3 Key Secret', attribute: [{ attribute: 'user' }] }]);
  });

  it('requires secret_name or user at validate time', async () => {
    const d = await (await harness()).validate('ephemeral resource', TYPE, read({ zone: 'System' }));
    expect(d).toMatchObject([{ summary: 'Missing Attribute' }]);
  });
});

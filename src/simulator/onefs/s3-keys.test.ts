import { describe, expect, it } from 'vitest';
import { S3KeyStore } from './s3-keys';

describe('S3KeyStore', () => {
  it('keeps one access id across rotations and at most two valid secrets', () => {
    const store = new S3KeyStore();
    const first = store.create('System', 'alice', '1_alice_accid', 0, 1000);
    const second = store.create('System', 'alice', 'ignored', 10, 1100);
    const third = store.create('System', 'alice', 'ignored', 10, 1200);
    expect(new Set([first.access_id, second.access_id, third.access_id])).toEqual(new Set(['1_alice_accid']));
    expect(third.old_secret_key).toBe(second.secret_key);
    expect(store.authenticate('1_alice_accid', third.secret_key, 1201)).toBe(true);
    expect(store.authenticate('1_alice_accid', second.secret_key, 1201)).toBe(true);
    expect(store.authenticate('1_alice_accid', first.secret_key, 1201)).toBe(false);
  });

  it('expires the old secret exactly at old_key_expiry', () => {
    const store = new S3KeyStore();
    const first = store.create('System', 'bob', 'id', 0, 1000);
    const second = store.create('System', 'bob', 'id', 1, 2000);
    expect(second.old_key_expiry).toBe(2060);
    expect(second.old_key_timestamp).toBe(1000);
    expect(store.authenticate('id', first.secret_key, 2059)).toBe(true);
    expect(store.authenticate('id', first.secret_key, 2060)).toBe(false);
    expect(store.view('System', 'bob', 2060)).toEqual({ access_id: 'id', old_key_expiry: null, old_key_timestamp: null, secret_key_timestamp: 2000 });
  });

  it('invalidates the old secret at once when the expiry is zero', () => {
    const store = new S3KeyStore();
    const first = store.create('System', 'carol', 'id', 0, 1000);
    const second = store.create('System', 'carol', 'id', 0, 1001);
    expect(second.old_secret_key).toBeNull();
    expect(second.old_key_expiry).toBeNull();
    expect(store.authenticate('id', first.secret_key, 1001)).toBe(false);
  });

  it('generates 28-character secrets', () => {
    const store = new S3KeyStore();
    expect(store.create('System', 'dave', 'id', 0, 1).secret_key).toHaveLength(28);
  });
});

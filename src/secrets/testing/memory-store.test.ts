import { describe, expect, it } from 'vitest';
import { isSecretStoreError } from '../errors';
import { createMemorySecretStore } from './memory-store';

describe('in-memory secret store for tests', () => {
  it('fails the next N calls of one operation with a retryable error, counting every call', async () => {
    const store = createMemorySecretStore();
    store.failNext('createOrUpdate', 2);
    await expect(store.createOrUpdate('k', 'v1')).rejects.toMatchObject({ retryable: true });
    await expect(store.createOrUpdate('k', 'v2')).rejects.toMatchObject({ retryable: true });
    await store.createOrUpdate('k', 'v3');
    expect(store.values.get('k')).toBe('v3');
    expect(store.calls.createOrUpdate).toBe(3);
  });

  it('refuses the write probe and writes while read-only, keeping the stored value, and accepts them again after', async () => {
    const store = createMemorySecretStore();
    await store.createOrUpdate('k', 'before');
    store.readOnly = true;
    const probe = await store.probeWritable?.('k').catch((e: unknown) => e);
    expect(isSecretStoreError(probe) && probe.retryable).toBe(false);
    await expect(store.createOrUpdate('k', 'after')).rejects.toMatchObject({ message: expect.stringContaining('read-only') });
    expect(store.values.get('k')).toBe('before');
    store.readOnly = false;
    await store.probeWritable?.('k');
    await store.createOrUpdate('k', 'after');
    expect(store.values.get('k')).toBe('after');
  });
});

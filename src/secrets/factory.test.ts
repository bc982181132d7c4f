import { setupServer } from 'msw/node';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDapSimulator } from '../simulator/dap';
import { SecretStoreError } from './errors';
import { createSecretStore } from './factory';
import { createLazySecretStore } from './lazy';
import type { SecretStore } from './types';

const sim = createDapSimulator();
const server = setupServer(...sim.handlers);
let dir: string;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-factory-'));
});
afterEach(() => {
  sim.reset();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => server.close());

describe('createSecretStore', () => {
  it('touches no file until the first call', async () => {
    const path = join(dir, 'sub', 'secrets.json');
    const store = createSecretStore({ type: 'file', path });
    expect(existsSync(join(dir, 'sub'))).toBe(false);
    await store.createOrUpdate('k1', 'v');
    expect(existsSync(path)).toBe(true);
    await store.close();
  });

  it('reports a missing DAP credentials file only when first used, and again after a fix', async () => {
    const credentialsFile = join(dir, 'dap.json');
    const store = createSecretStore(
      { type: 'dap', url: 'https://dap.test', credentialsFile },
      { fetch: (input, init) => globalThis.fetch(input, init), retry: { limit: 0 } },
    );
    const error = await store.get('k1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as SecretStoreError).errorCode).toBe('credentials_file');
    expect((error as SecretStoreError).message).toContain('does not exist');
    writeFileSync(credentialsFile, JSON.stringify({ token: sim.credentials.token }), { mode: 0o600 });
    await store.createOrUpdate('k1', 'v');
    expect(sim.peek('k1')).toBe('v');
    await store.close();
  });

  it('reports an incomplete DAP block as invalid_config', async () => {
    const error = await createSecretStore({ type: 'dap' })
      .exists('k1')
      .catch((e: unknown) => e);
    expect((error as SecretStoreError).errorCode).toBe('invalid_config');
    expect((error as SecretStoreError).message).toContain('url is required');
  });
});

describe('createLazySecretStore', () => {
  it('builds the backend once, on first use, and closes it', async () => {
    let builds = 0;
    let closed = 0;
    const values = new Map<string, string>();
    const backend: SecretStore = {
      get: async (k) => values.get(k),
      exists: async (k) => values.has(k),
      createOrUpdate: async (k, v) => void values.set(k, v),
      delete: async (k) => void values.delete(k),
      close: async () => void closed++,
    };
    const store = createLazySecretStore(() => {
      builds++;
      return backend;
    });
    expect(builds).toBe(0);
    await Promise.all([store.createOrUpdate('a', '1'), store.get('a'), store.exists('b')]);
    expect(builds).toBe(1);
    await store.close();
    expect(closed).toBe(1);
    await expect(store.get('a')).rejects.toThrow(/closed/);
  });
});

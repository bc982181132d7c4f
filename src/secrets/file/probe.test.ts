import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSecretStore } from './file-store';

const dir = mkdtempSync(join(tmpdir(), 'file-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FileSecretStore.probeWritable', () => {
  it('passes for a store that does not exist yet in a directory it can create', async () => {
    await expect(new FileSecretStore({ path: join(dir, 'new', 'deeper', 'store.json') }).probeWritable('a')).resolves.toBeUndefined();
  });

  it('refuses, as the write would, a store file that others can read', async () => {
    const path = join(dir, 'open.json');
    writeFileSync(path, '{"version":1,"secrets":{}}');
    chmodSync(path, 0o644);
    await expect(new FileSecretStore({ path }).probeWritable('a')).rejects.toMatchObject({ name: 'SecretStoreError', errorCode: 'insecure_file', operation: 'createOrUpdate' });
  });

  it('refuses a store whose directory cannot exist (a regular file in the way)', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    await expect(new FileSecretStore({ path: join(blocker, 'store.json') }).probeWritable('a')).rejects.toMatchObject({ errorCode: 'io_error', operation: 'createOrUpdate' });
  });

  it('refuses a name the store cannot hold', async () => {
    await expect(new FileSecretStore({ path: join(dir, 's.json') }).probeWritable('9lives')).rejects.toMatchObject({ errorCode: 'invalid_key' });
  });
});

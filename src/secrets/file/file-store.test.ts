import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, promises as fsp, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretStoreError } from '../errors';
import { FileSecretStore } from './file-store';

const CANARY = 'canary-file-secret-0d6f3b';
let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-file-'));
  path = join(dir, 'nested', 'secrets.json');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

describe('FileSecretStore', () => {
  it('creates the file with mode 0600 (and its directory 0700) on first write', async () => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k1', CANARY);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, secrets: { k1: CANARY } });
  });

  it('reads nothing and creates nothing before the first write', async () => {
    const store = new FileSecretStore({ path });
    expect(await store.get('k1')).toBeUndefined();
    expect(await store.exists('k1')).toBe(false);
    await store.delete('k1');
    expect(existsSync(path)).toBe(false);
  });

  it('round-trips values, replaces them and deletes them', async () => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('a', '{"access_id":"x","secret_key":"y"}');
    await store.createOrUpdate('b', 'two');
    await store.createOrUpdate('b', 'three');
    expect(await store.get('a')).toBe('{"access_id":"x","secret_key":"y"}');
    expect(await store.get('b')).toBe('three');
    await store.delete('a');
    await store.delete('a');
    expect(await store.exists('a')).toBe(false);
    expect(await store.exists('b')).toBe(true);
  });

  it('parses the file once while it is unchanged, and again after a write by another instance or an edit in place', async () => {
    const writer = new FileSecretStore({ path });
    await writer.createOrUpdate('a', 'one');
    const reader = new FileSecretStore({ path });
    const parse = vi.spyOn(JSON, 'parse');
    for (let i = 0; i < 5; i++) expect(await reader.get('a')).toBe('one');
    expect(parse).toHaveBeenCalledTimes(1);
    await writer.createOrUpdate('a', 'two');
    expect(await reader.get('a')).toBe('two');
    // In place (same inode), as an editor that does not rename might: the size differs.
    writeFileSync(path, JSON.stringify({ version: 1, secrets: { a: 'three, edited' } }));
    expect(await reader.get('a')).toBe('three, edited');
    // The privacy check still runs on every read, cached or not.
    chmodSync(path, 0o640);
    expect((await caught(reader.get('a'))).errorCode).toBe('insecure_file');
  });

  it('does not treat inherited object members as secrets', async () => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k1', 'v');
    expect(await store.get('constructor')).toBeUndefined();
    expect(await store.exists('toString')).toBe(false);
  });

  it('refuses a group-readable file with a message that says how to fix it', async () => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k1', CANARY);
    chmodSync(path, 0o640);
    const error = await caught(store.get('k1'));
    expect(error.errorCode).toBe('insecure_file');
    expect(error.message).toContain('mode 0640');
    expect(error.message).toContain(`chmod 600 ${path}`);
    const writeError = await caught(store.createOrUpdate('k2', 'v'));
    expect(writeError.errorCode).toBe('insecure_file');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('reports a corrupt file without quoting it', async () => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k1', CANARY);
    writeFileSync(path, `{"version":1,"secrets":{"k1":"${CANARY}"`, { mode: 0o600 });
    const error = await caught(store.get('k1'));
    expect(error.errorCode).toBe('corrupt_file');
    expect(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain(CANARY);
  });

  it('loses no update when 20 writers in two store instances write at once', async () => {
    const a = new FileSecretStore({ path });
    const b = new FileSecretStore({ path });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).createOrUpdate(`key_${i}`, `value-${i}`)));
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { secrets: Record<string, string> };
    expect(Object.keys(doc.secrets).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `key_${i}`).sort());
    expect(readdirSync(join(dir, 'nested')).sort()).toEqual(['secrets.json']);
  });

  it('keeps the old file when the write fails before the rename', async () => {
    const good = new FileSecretStore({ path });
    await good.createOrUpdate('k1', 'old');
    const failing = new FileSecretStore({
      path,
      beforeRename: () => {
        throw new Error('disk full');
      },
    });
    const error = await caught(failing.createOrUpdate('k1', CANARY));
    expect(error.errorCode).toBe('io_error');
    expect(inspect(error)).not.toContain(CANARY);
    expect(await good.get('k1')).toBe('old');
    expect(readdirSync(join(dir, 'nested')).sort()).toEqual(['secrets.json']);
  });

  it('rejects invalid names and never logs values', async () => {
    const lines: string[] = [];
    const store = new FileSecretStore({ path, log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`) });
    expect((await caught(store.createOrUpdate('bad name', 'v'))).errorCode).toBe('invalid_key');
    await store.createOrUpdate('k1', CANARY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(CANARY);
  });

  it('writes through a symbolic link: the link stays a link and its target receives the secret', async () => {
    const target = join(dir, 'real', 'secrets.json');
    mkdirSync(dirname(target), { mode: 0o700 });
    await new FileSecretStore({ path: target }).createOrUpdate('k1', 'one');
    const link = join(dir, 'link.json');
    symlinkSync('real/secrets.json', link);
    const viaLink = new FileSecretStore({ path: link });
    await viaLink.createOrUpdate('k2', 'two');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ version: 1, secrets: { k1: 'one', k2: 'two' } });
    expect(await viaLink.get('k1')).toBe('one');
    // The lock and temp files live beside the target, so writers through either name exclude each other.
    expect(readdirSync(dirname(target))).toEqual(['secrets.json']);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real']);
  });

  it('refuses a symbolic link whose target does not exist, saying so', async () => {
    const link = join(dir, 'dangling.json');
    symlinkSync(join(dir, 'missing', 'secrets.json'), link);
    const error = await caught(new FileSecretStore({ path: link }).createOrUpdate('k1', CANARY));
    expect(error.message).toContain(`${link} is a symbolic link whose target does not exist`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('keeps top-level members it does not know, in their order, on every write', async () => {
    mkdirSync(dirname(path), { mode: 0o700 });
    const original = { comment: 'managed by hand', version: 1, secrets: { k1: 'one' }, future: { rotation: [1, 2] } };
    writeFileSync(path, JSON.stringify(original), { mode: 0o600 });
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k2', 'two');
    await store.delete('k1');
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text)).toEqual({ ...original, secrets: { k2: 'two' } });
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['comment', 'version', 'secrets', 'future']);
  });

  // What a file system can answer, and the sentence each answer must produce (never "cannot be read"
  // for a refused write, never "does not exist" for a read-only file system).
  it.each([
    ['EACCES', 'cannot be written by the current user (EACCES)'],
    ['EPERM', 'cannot be written by the current user (EPERM)'],
    ['EROFS', 'is on a read-only file system (EROFS)'],
    ['ENOSPC', 'no space left on the device'],
    ['EDQUOT', 'disk quota'],
    ['EIO', 'an I/O error (EIO)'],
  ])('reports a write that fails with %s as "%s"', async (code, sentence) => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k1', 'old');
    const open = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (file, flags, mode) => {
      if (String(file).endsWith('.tmp') && !String(file).includes('.lock.')) throw Object.assign(new Error(`${code}: fake`), { code });
      return open(file, flags, mode);
    });
    const error = await caught(store.createOrUpdate('k1', CANARY));
    expect(error.errorCode).toBe('io_error');
    expect(error.message).toContain(sentence);
    expect(error.message).not.toMatch(/cannot be read|does not exist/);
    vi.restoreAllMocks();
    expect(await store.get('k1')).toBe('old');
  });

  it.each([
    ['EACCES', 'cannot be read by the current user (EACCES)'],
    ['EIO', 'cannot be read: an I/O error (EIO)'],
  ])('reports a read that fails with %s as "%s"', async (code, sentence) => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k1', 'old');
    vi.spyOn(fsp, 'open').mockRejectedValue(Object.assign(new Error(`${code}: fake`), { code }));
    const error = await caught(store.get('k1'));
    expect(error.message).toContain(sentence);
  });

  it('says which directory cannot be created when the store directory cannot be made', async () => {
    writeFileSync(join(dir, 'nested'), 'a file where a directory should be');
    const error = await caught(new FileSecretStore({ path }).createOrUpdate('k1', CANARY));
    expect(error.message).toMatch(/ENOTDIR|EEXIST/);
    expect(error.message).not.toContain('cannot be read');
  });
});

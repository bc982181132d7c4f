import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CODE_CACHE_ENV_VAR,
  MAX_CACHE_FILES,
  STALE_TEMP_MS,
  codeCacheDirectory,
  codeCacheFileName,
  decodeCodeCache,
  encodeCodeCache,
  readCodeCache,
  writeCodeCache,
} from './code-cache';

const ID = '0123456789abcdef0123456789abcdef';
const NODE = 'v20.0.0\nx64\n\n';
const PAYLOAD = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'code-cache-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('codeCacheDirectory', () => {
  it('is under XDG_CACHE_HOME, else ~/.cache, and can be moved or turned off', () => {
    expect(codeCacheDirectory({ HOME: '/home/u' })).toBe('/home/u/.cache/cdktf-powerscale/provider-code');
    expect(codeCacheDirectory({ HOME: '/home/u', XDG_CACHE_HOME: '/var/cache/u' })).toBe('/var/cache/u/cdktf-powerscale/provider-code');
    // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    expect(codeCacheDirectory({ HOME: '/home/u', XDG_CACHE_HOME: 'rel' })).toBe('/home/u/.cache/cdktf-powerscale/provider-code');
    expect(codeCacheDirectory({ HOME: '/home/u', [CODE_CACHE_ENV_VAR]: '/elsewhere' })).toBe('/elsewhere');
    expect(codeCacheDirectory({ HOME: '/home/u', [CODE_CACHE_ENV_VAR]: 'off' })).toBeUndefined();
    expect(codeCacheDirectory({ HOME: '/home/u', [CODE_CACHE_ENV_VAR]: 'relative/dir' })).toBeUndefined();
    expect(codeCacheDirectory({})).toBeUndefined();
  });
});

describe('the file format', () => {
  it('round-trips, and refuses another code id, a changed byte, a truncation and foreign bytes', () => {
    const bytes = encodeCodeCache(ID, PAYLOAD);
    expect(decodeCodeCache(ID, bytes)).toEqual(PAYLOAD);
    expect(decodeCodeCache('f'.repeat(32), bytes)).toBeUndefined();
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 0x01;
    expect(decodeCodeCache(ID, flipped)).toBeUndefined();
    expect(decodeCodeCache(ID, bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeCodeCache(ID, bytes.subarray(0, 40))).toBeUndefined();
    expect(decodeCodeCache(ID, PAYLOAD)).toBeUndefined();
    expect(decodeCodeCache(ID, Buffer.alloc(0))).toBeUndefined();
  });

  it('names a file by the code and by what V8 checks besides it', () => {
    expect(codeCacheFileName(ID, NODE)).toMatch(new RegExp(`^${ID}-[0-9a-f]{16}\\.bin$`));
    expect(codeCacheFileName(ID, NODE)).not.toBe(codeCacheFileName(ID, 'v22.0.0\nx64\n\n'));
    expect(codeCacheFileName(ID, NODE)).not.toBe(codeCacheFileName(ID, 'v20.0.0\nx64\n--max-semi-space-size=4\n'));
  });
});

describe('readCodeCache and writeCodeCache', () => {
  it('writes owner-only, atomically, and reads back what it wrote', () => {
    const dir = join(root, 'a', 'cache');
    const missing = readCodeCache(dir, ID, NODE);
    expect(missing.status).toBe('missing');
    expect(missing.path).toBe(join(dir, codeCacheFileName(ID, NODE)));
    expect(writeCodeCache(missing.path as string, ID, PAYLOAD)).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(missing.path as string).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([codeCacheFileName(ID, NODE)]);
    const found = readCodeCache(dir, ID, NODE);
    expect(found.status).toBe('found');
    expect(found.payload).toEqual(PAYLOAD);
  });

  it('is off without a directory', () => {
    expect(readCodeCache(undefined, ID, NODE)).toEqual({ status: 'off' });
  });

  it('calls a damaged file corrupt and hands V8 nothing from it', () => {
    const { path } = readCodeCache(root, ID, NODE);
    writeCodeCache(path as string, ID, PAYLOAD);
    const bytes = readFileSync(path as string);
    writeFileSync(path as string, bytes.subarray(0, bytes.length >> 1), { mode: 0o600 });
    expect(readCodeCache(root, ID, NODE)).toEqual({ status: 'corrupt', path });
    writeFileSync(path as string, Buffer.alloc(bytes.length, 0x41), { mode: 0o600 });
    expect(readCodeCache(root, ID, NODE)).toEqual({ status: 'corrupt', path });
  });

  it('reads nothing from a file or directory someone else can write, or from a link', () => {
    const { path } = readCodeCache(root, ID, NODE);
    writeCodeCache(path as string, ID, PAYLOAD);
    chmodSync(path as string, 0o620);
    expect(readCodeCache(root, ID, NODE).status).toBe('unsafe');
    chmodSync(path as string, 0o600);
    expect(readCodeCache(root, ID, NODE).status).toBe('found');

    chmodSync(root, 0o777);
    expect(readCodeCache(root, ID, NODE).status).toBe('unsafe');
    // ...and writes nothing into it.
    const other = join(root, codeCacheFileName(ID, 'v22'));
    let produced = 0;
    expect(
      writeCodeCache(other, ID, () => {
        produced++;
        return PAYLOAD;
      }),
    ).toBe(false);
    // V8 was not asked to serialise anything for a file that could not be written.
    expect(produced).toBe(0);
    expect(readdirSync(root)).toEqual([codeCacheFileName(ID, NODE)]);
    chmodSync(root, 0o700);

    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    const real = join(elsewhere, 'real.bin');
    writeFileSync(real, encodeCodeCache(ID, PAYLOAD), { mode: 0o600 });
    const linked = join(root, 'linked');
    mkdirSync(linked, { mode: 0o700 });
    symlinkSync(real, join(linked, codeCacheFileName(ID, NODE)));
    expect(readCodeCache(linked, ID, NODE).status).toBe('unsafe');
    const linkedDir = join(root, 'linked-dir');
    symlinkSync(elsewhere, linkedDir);
    expect(readCodeCache(linkedDir, ID, NODE).status).toBe('unsafe');
  });

  it(`keeps at most ${MAX_CACHE_FILES} files, dropping the oldest and never the one just written`, () => {
    for (let i = 0; i < MAX_CACHE_FILES + 3; i++) {
      const name = join(root, codeCacheFileName(ID, `node ${i}`));
      writeCodeCache(name, ID, PAYLOAD);
      // Older files first, whatever the clock's resolution.
      utimesSync(name, 1_000_000 + i, 1_000_000 + i);
    }
    const newest = join(root, codeCacheFileName(ID, 'newest'));
    writeFileSync(join(root, 'not-a-cache.txt'), 'x');
    expect(writeCodeCache(newest, ID, PAYLOAD)).toBe(true);
    const left = readdirSync(root).filter((n) => n.endsWith('.bin'));
    expect(left).toHaveLength(MAX_CACHE_FILES);
    expect(left).toContain(codeCacheFileName(ID, 'newest'));
    for (let i = MAX_CACHE_FILES + 3 - (MAX_CACHE_FILES - 1); i < MAX_CACHE_FILES + 3; i++) expect(left).toContain(codeCacheFileName(ID, `node ${i}`));
    expect(readdirSync(root)).toContain('not-a-cache.txt');
  });

  it('removes the temporary file of a writer that died before its rename, once it is old, and no young one', () => {
    const dead = join(root, `${codeCacheFileName(ID, NODE)}.4242-deadbeef.tmp`);
    const young = join(root, `${codeCacheFileName(ID, NODE)}.4343-cafecafe.tmp`);
    writeFileSync(dead, 'half a cache');
    writeFileSync(young, 'being written');
    const old = (Date.now() - STALE_TEMP_MS - 60_000) / 1000;
    utimesSync(dead, old, old);
    expect(writeCodeCache(join(root, codeCacheFileName(ID, NODE)), ID, PAYLOAD)).toBe(true);
    expect(readdirSync(root).sort()).toEqual([codeCacheFileName(ID, NODE), `${codeCacheFileName(ID, NODE)}.4343-cafecafe.tmp`]);
  });

  it('leaves no temporary file behind when the write fails', () => {
    const dir = join(root, 'ro');
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o500);
    try {
      // root ignores directory modes: only check where the write did fail.
      const ok = writeCodeCache(join(dir, codeCacheFileName(ID, NODE)), ID, PAYLOAD);
      if (!ok) expect(readdirSync(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});

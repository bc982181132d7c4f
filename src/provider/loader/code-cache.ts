/**
 * V8's code cache for the provider's code, kept per user outside the provider package.
 *
 * Terraform starts the provider 3-5 times per command and every start compiles the same 460 KB
 * of JavaScript. V8 can hand back the bytecode it made last time (`vm.Script` `cachedData`),
 * which saves most of that compile (docs/bench.md, round 8). The cache cannot live in the
 * package: Terraform pins the package's bytes in `.terraform.lock.hcl` (a team shares one), and
 * a cache is specific to one V8 build and its flags. So it lives in the user's cache directory,
 * one file per (provider code, Node), written by the first provider process that lacks it.
 *
 * V8 trusts a cache more than its source: it checks only the source's length, its own version and
 * its flags, and a release build does not checksum the payload, so a damaged file can crash it.
 * Hence the file carries the code's id and a SHA-256 of the payload, and is read only from a
 * directory and a file that belong to the current user and nobody else can write (bytecode in a
 * cache is code this process runs). Anything wrong means: compile as if there were no cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, constants } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ownerOnlyProblem } from '../../secrets/owner-only';

/** The variable that turns the cache off (`off`) or moves it (an absolute directory). */
export const CODE_CACHE_ENV_VAR = 'POWERSCALE_PROVIDER_CODE_CACHE';

/** Where, under `$XDG_CACHE_HOME` (default `~/.cache`), the cache files live. */
export const CODE_CACHE_SUBDIR = join('cdktf-powerscale', 'provider-code');

/** Cache files kept in the directory at most (each ≈ 200-250 KB; one per provider build and Node). */
export const MAX_CACHE_FILES = 8;

const HEADER_PREFIX = 'cdktf-powerscale code cache 1 ';
/** A header is a short ASCII line; anything without a newline this early is not a cache file. */
const MAX_HEADER_BYTES = 256;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** What became of the cache in this start. */
export type CodeCacheStatus =
  /** V8 took the cached bytecode. */
  | 'used'
  /** No cache file for this code and Node yet. */
  | 'missing'
  /** The file is not one we wrote for this code: wrong header, id or checksum, truncated. */
  | 'corrupt'
  /** V8 refused it (another V8 build or other flags behind the same key). */
  | 'rejected'
  /** The directory or file is not the current user's alone, or is a link: not read, not written. */
  | 'unsafe'
  /** Turned off by the variable, or no home directory to keep it in. */
  | 'off';

/** The cache directory for this environment, or undefined when caching is off. */
export function codeCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  const setting = env[CODE_CACHE_ENV_VAR];
  if (setting !== undefined && setting !== '') {
    if (setting === 'off') return undefined;
    return isAbsolute(setting) ? setting : undefined;
  }
  // The XDG spec ignores a relative XDG_CACHE_HOME; so do we.
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, CODE_CACHE_SUBDIR);
  const home = env.HOME;
  return home !== undefined && isAbsolute(home) ? join(home, '.cache', CODE_CACHE_SUBDIR) : undefined;
}

/**
 * The file name for one piece of code on this Node. `nodeKey` stands for what V8 checks besides
 * the source: its build and flags (Node's version and architecture, the flags given to it). Keying
 * by it keeps two Nodes, or one Node with and without flags, from overwriting each other's file.
 */
export function codeCacheFileName(codeId: string, nodeKey: string): string {
  const node = createHash('sha256').update(nodeKey).digest('hex').slice(0, 16);
  return `${codeId}-${node}.bin`;
}

/** What this process's V8 checks besides the source, as a string (see `codeCacheFileName`). */
export function currentNodeKey(env: NodeJS.ProcessEnv = process.env): string {
  return [process.version, process.arch, process.execArgv.join(' '), env.NODE_OPTIONS ?? ''].join('\n');
}

/** Why `dir` must not hold a cache, or undefined when it is a real directory only the current user can change. */
export function unsafeDirectoryProblem(dir: string): string | undefined {
  const stats = lstatSync(dir);
  if (!stats.isDirectory()) return `${dir} is not a directory`;
  if (process.platform === 'win32') return undefined;
  if ((stats.mode & 0o022) !== 0) return `${dir} can be written by others`;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) return `${dir} belongs to another user`;
  return undefined;
}

/** The bytes of a cache file: a header line naming the code and the payload's SHA-256, then V8's payload. */
export function encodeCodeCache(codeId: string, payload: Buffer): Buffer {
  const digest = createHash('sha256').update(payload).digest('hex');
  return Buffer.concat([Buffer.from(`${HEADER_PREFIX}${codeId} ${digest}\n`, 'latin1'), payload]);
}

/** V8's payload from a cache file's bytes, or undefined when they are not a whole file for `codeId`. */
export function decodeCodeCache(codeId: string, bytes: Buffer): Buffer | undefined {
  const newline = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
  if (newline < 0) return undefined;
  const header = bytes.subarray(0, newline).toString('latin1');
  if (!header.startsWith(HEADER_PREFIX)) return undefined;
  const [id, digest] = header.slice(HEADER_PREFIX.length).split(' ');
  if (id !== codeId || digest === undefined) return undefined;
  const payload = bytes.subarray(newline + 1);
  if (payload.length === 0 || createHash('sha256').update(payload).digest('hex') !== digest) return undefined;
  return payload;
}

/** The outcome of looking for a cache file: `found` becomes `used` or `rejected` once V8 has seen it. */
export interface CodeCacheLookup {
  status: Exclude<CodeCacheStatus, 'used' | 'rejected'> | 'found';
  /** The file this start reads or would write; undefined when caching is off or unsafe. */
  path?: string;
  /** V8's payload, when the file is there and whole. */
  payload?: Buffer;
}

/** Finds and checks the cache file for `codeId` on this Node. Never throws. */
export function readCodeCache(dir: string | undefined, codeId: string, nodeKey: string): CodeCacheLookup {
  if (dir === undefined) return { status: 'off' };
  const path = join(dir, codeCacheFileName(codeId, nodeKey));
  try {
    if (unsafeDirectoryProblem(dir) !== undefined) return { status: 'unsafe' };
  } catch {
    return { status: 'missing', path };
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: the name is a symbolic link (O_NOFOLLOW).
    return code === 'ELOOP' ? { status: 'unsafe' } : { status: 'missing', path };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || ownerOnlyProblem(path, stats) !== undefined) return { status: 'unsafe' };
    if (stats.size > MAX_CACHE_BYTES) return { status: 'corrupt', path };
    const bytes = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const payload = decodeCodeCache(codeId, bytes.subarray(0, read));
    return payload === undefined ? { status: 'corrupt', path } : { status: 'found', path, payload };
  } catch {
    return { status: 'corrupt', path };
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a cache file atomically (a private temporary file renamed over the name, so a reader sees
 * the old file or the new one, and concurrent writers each write a whole file), creating the
 * directory owner-only, then drops the oldest files beyond `MAX_CACHE_FILES`. `payload` is asked
 * for only once the directory is there and safe (a home directory that cannot be written costs a
 * failed mkdir per start, not V8's serialisation too). Returns false, and leaves no file behind,
 * when anything fails: a cache is an optimisation, never an error.
 */
export function writeCodeCache(path: string, codeId: string, payload: Buffer | (() => Buffer)): boolean {
  const dir = dirname(path);
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (unsafeDirectoryProblem(dir) !== undefined) return false;
    writeFileSync(temp, encodeCodeCache(codeId, typeof payload === 'function' ? payload() : payload), { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    return false;
  }
  pruneCodeCaches(dir, path);
  return true;
}

/** A temporary file this old was left by a writer that died before its rename (another may be writing a young one). */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * Removes the least recently written cache files beyond `MAX_CACHE_FILES` (never `keep`), and the
 * temporary files of writers that died before their rename. Best effort.
 */
export function pruneCodeCaches(dir: string, keep: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const entries: { file: string; mtime: number; temp: boolean }[] = [];
  for (const name of names) {
    const temp = name.endsWith('.tmp');
    if (!temp && !name.endsWith('.bin')) continue;
    const file = join(dir, name);
    try {
      entries.push({ file, mtime: statSync(file).mtimeMs, temp });
    } catch {
      // gone meanwhile (renamed or pruned by another process)
    }
  }
  const caches = entries.filter((e) => !e.temp && e.file !== keep).sort((a, b) => b.mtime - a.mtime);
  const stale = entries.filter((e) => e.temp && now - e.mtime > STALE_TEMP_MS);
  for (const { file } of [...caches.slice(MAX_CACHE_FILES - 1), ...stale]) {
    try {
      unlinkSync(file);
    } catch {
      // another process pruned it first
    }
  }
}

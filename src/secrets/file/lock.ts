import { randomBytes } from 'node:crypto';
import { constants, promises as fsp, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /** Told when a lock left by a dead process is broken. */
  onStale?: (info: { pid: number; host: string }) => void;
  signal?: AbortSignal;
  /**
   * Test seam: runs after this process judged a lock instance stale and before it tries to break
   * it, so a test can let other processes act in exactly that gap (the race of issue 13).
   */
  beforeBreak?: (owner: LockOwner) => Promise<void> | void;
  /**
   * Test seam: runs once this process has won the right to break a stale instance (its break
   * token), before it checks and removes the lock: the moment another process must still be
   * locked out.
   */
  whileBreaking?: (owner: LockOwner) => Promise<void> | void;
}

/** A held lock. */
export interface FileLock {
  /** Whether the lock file is still this holder's (false only if someone deleted it by hand). */
  verify(): Promise<boolean>;
  /** Removes the lock if it is still ours; idempotent. */
  release(): Promise<void>;
}

/** What a lock file (or a break token) records about its owner. */
export interface LockOwner {
  pid: number;
  host: string;
  /**
   * Identifies the process beyond its pid: `<boot id>:<start time in clock ticks>` from /proc on
   * Linux, absent elsewhere. A live pid with a different start is a reused pid, so the owner is dead.
   */
  start?: string;
  /** Unique per lock instance: names the instance's break token and tells instances apart. */
  nonce: string;
}

/** Thrown when the lock is still held by a live owner (or one we cannot judge) after `timeoutMs`. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/**
 * An advisory inter-process lock on `lockPath` whose takeover is atomic and can never delete or
 * displace a live owner's lock.
 *
 * Why this design (issue 13, item 1). The old lock broke a stale lock by renaming "whatever is
 * there now" aside and putting it back if it turned out to be fresh; with a third process in
 * between, a live owner's lock was deleted and two writers held the lock at once. Alternatives
 * weighed:
 * - `flock`/`fcntl`: Node has neither, and native addons are out (npm does not run install scripts
 *   by default).
 * - A Linux abstract-namespace Unix socket (bound while held, released by the kernel on death, so
 *   never stale): exclusion would follow the *network namespace*, not the file. Two containers
 *   sharing the store through a volume, or a name derived from device+inode that differs between a
 *   bind mount and its source, would both "hold" it, which is exactly the silent loss to prevent;
 *   and macOS would still need a second, file-based mechanism. One mechanism everywhere is simpler
 *   to reason about.
 * - An age limit ("older than 30 s is stale"): breaks a live but slow owner. Gone.
 *
 * The chosen design:
 * 1. A lock instance is a file `lockPath` holding {@link LockOwner}. It is written completely to a
 *    private temp file and published with `link(temp, lockPath)`, which fails with EEXIST when a
 *    lock exists: taking a free lock is atomic, and a lock file is never seen half-written.
 *    (Filesystems without hard links fall back to O_CREAT|O_EXCL and a write.)
 * 2. Staleness is decided only by the owner's death: same host, and its pid is gone or now belongs
 *    to a process with another start time (pid reuse, or a reboot: the boot id differs). A lock
 *    from another host, one we cannot read, or one whose owner is alive is never broken; the
 *    waiter times out with an error that names the owner and says when deleting the file is safe.
 * 3. Breaking a given stale instance requires creating its *break token* `lockPath.break.<nonce>`
 *    (same atomic publish). The token is unique to that instance, so at most one breaker acts on
 *    it. The token holder re-reads the lock and unlinks it only if it still carries that nonce.
 *    That check-then-unlink cannot hit a newer lock: while the stale instance is there nobody can
 *    publish a new one, its dead owner cannot release it, and every other breaker needs the token
 *    we hold. A breaker that read the record long ago (the race above) and gets the token late
 *    finds another nonce, or none, and touches nothing.
 * 4. A breaker that dies holding a token would block that instance forever, so a token is itself a
 *    lock instance, broken by the same rule (its own token, recursively, a few levels deep).
 * 5. Leftover temp files of dead processes are removed by the next holder.
 * Limits: a pid namespace shared under one host name across containers, or a store on a network
 * filesystem used from several hosts, cannot be judged; those locks are only ever waited for.
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const me = newOwner();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    if (await publish(lockPath, me)) {
      await removeLeftovers(lockPath);
      return lockHandle(lockPath, me.nonce);
    }
    const owner = await readOwner(lockPath);
    if (owner && isStale(owner)) {
      await options.beforeBreak?.(owner);
      if (await breakInstance(lockPath, lockPath, owner, 0, options.whileBreaking)) {
        options.onStale?.({ pid: owner.pid, host: owner.host });
        continue;
      }
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(timeoutMessage(lockPath, timeoutMs, owner));
    // Jittered, growing poll: two processes hammering the same lock would otherwise stay in step.
    const ms = Math.min(50, 2 + attempt * 2) * (0.5 + Math.random());
    await sleep(ms, undefined, options.signal ? { signal: options.signal } : undefined);
  }
}

function timeoutMessage(lockPath: string, timeoutMs: number, owner: LockOwner | undefined): string {
  const base = `timed out after ${timeoutMs} ms waiting for the lock ${lockPath}`;
  if (!owner) return `${base}; it cannot be read (written by an older version?): if no provider is running, delete ${lockPath}`;
  const where = owner.host === hostname() ? 'on this host' : `on host ${owner.host}`;
  return `${base}, held by process ${owner.pid} ${where}; if that process is gone (for example killed on another machine), delete ${lockPath}`;
}

function lockHandle(lockPath: string, nonce: string): FileLock {
  let released = false;
  return {
    async verify() {
      return (await readOwner(lockPath))?.nonce === nonce;
    },
    async release() {
      if (released) return;
      released = true;
      // Nobody breaks a live owner's lock, so a matching nonce cannot change between read and unlink.
      if ((await readOwner(lockPath))?.nonce === nonce) await fsp.rm(lockPath, { force: true });
    },
  };
}

/**
 * Breaks the stale instance `owner` at `path` (the lock or a break token) if this process wins its
 * break token. True when this call removed it.
 */
async function breakInstance(lockPath: string, path: string, owner: LockOwner, depth: number, whileBreaking?: FileLockOptions['whileBreaking']): Promise<boolean> {
  const token = `${lockPath}.break.${owner.nonce}`;
  if (!(await publish(token, newOwner()))) {
    // Another breaker is at it, or died at it: then its token is stale and broken the same way.
    const holder = await readOwner(token);
    if (holder && depth < 4 && isStale(holder)) await breakInstance(lockPath, token, holder, depth + 1);
    return false;
  }
  try {
    await whileBreaking?.(owner);
    if ((await readOwner(path))?.nonce !== owner.nonce) return false;
    await fsp.rm(path, { force: true });
    return true;
  } finally {
    await fsp.rm(token, { force: true });
  }
}

/** Atomically creates `path` holding `owner`; false when it already exists. */
async function publish(path: string, owner: LockOwner): Promise<boolean> {
  const text = JSON.stringify(owner);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fsp.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  try {
    await fsp.link(temp, path);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    return publishWithoutLink(path, text);
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** For filesystems without hard links: O_EXCL, then write (a reader may briefly see it empty). */
async function publishWithoutLink(path: string, text: string): Promise<boolean> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

/** Removes temp files and break tokens that dead processes left next to the lock (we hold it). */
async function removeLeftovers(lockPath: string): Promise<void> {
  const dir = dirname(lockPath);
  const name = basename(lockPath);
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const entry of names) {
    if (entry.startsWith(`.${name}.`) && entry.endsWith('.tmp')) {
      // `.<lock or token name>.<pid>.<random>.tmp`: the pid is second from the end.
      const pid = Number(/\.(\d+)\.[0-9a-f]+\.tmp$/.exec(entry)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await fsp.rm(join(dir, entry), { force: true }).catch(() => undefined);
    } else if (entry.startsWith(`${name}.break.`)) {
      // A token whose instance is gone: harmless but clutter. Remove it only through the protocol.
      const path = join(dir, entry);
      const holder = await readOwner(path);
      if (holder && isStale(holder)) await breakInstance(lockPath, path, holder, 1).catch(() => false);
    }
  }
}

function newOwner(): LockOwner {
  const start = processStart(process.pid);
  return { pid: process.pid, host: hostname(), ...(start ? { start } : {}), nonce: randomBytes(12).toString('hex') };
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fsp.readFile(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, host, start, nonce } = parsed as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof nonce !== 'string' || nonce === '') return undefined;
    return { pid, host, ...(typeof start === 'string' ? { start } : {}), nonce };
  } catch {
    return undefined;
  }
}

/**
 * Whether the owner is certainly dead: on this host, and its pid is gone or is another process
 * now. When in doubt (another host, start time unknown on this platform) it is alive.
 */
export function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (!isAlive(owner.pid)) return true;
  if (owner.start === undefined) return false;
  const now = processStart(owner.pid);
  return now !== undefined && now !== owner.start;
}

let bootId: string | undefined | null = null;

/** `<boot id>:<start ticks>` of a process on Linux (from /proc); undefined elsewhere or when unreadable. */
export function processStart(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    if (bootId === null) bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses; the fields after its last ')' start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[19]; // field 22: starttime
    return ticks ? `${bootId}:${ticks}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

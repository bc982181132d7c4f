import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /**
   * A lock older than this is stale even if its owner looks alive (another host, a reused pid, a
   * hung process). Writers hold the lock for milliseconds, so the default is generous. @default 30000
   */
  staleMs?: number;
  /** Told when a stale lock is broken. */
  onStale?: (info: { pid: number; ageMs: number }) => void;
  signal?: AbortSignal;
}

/** A held lock; `release()` is idempotent. */
export interface FileLock {
  release(): Promise<void>;
}

interface LockRecord {
  pid: number;
  host: string;
  nonce: string;
}

/** Thrown when the lock is still held by a live owner after `timeoutMs`. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/**
 * An advisory inter-process lock: `lockPath` is created with O_CREAT|O_EXCL and holds
 * `{pid, host, nonce}`. A lock whose owner is a dead process on this host, or that is older than
 * `staleMs`, is broken: it is renamed away (atomic, so two breakers cannot both win), and the moved
 * file is checked to be the stale one we read; if a live lock was moved by mistake it is put back.
 * Every process that writes the store uses this, so read-modify-write cycles never interleave.
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const me: LockRecord = { pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex') };
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      const handle = await fsp.open(lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      return lockHandle(lockPath, me.nonce);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    await breakIfStale(lockPath, staleMs, options.onStale);
    if (Date.now() >= deadline) throw new LockTimeoutError(`timed out after ${timeoutMs} ms waiting for the lock ${lockPath}`);
    // Jittered, growing poll: two processes hammering the same lock would otherwise stay in step.
    const ms = Math.min(50, 2 + attempt * 2) * (0.5 + Math.random());
    await sleep(ms, undefined, options.signal ? { signal: options.signal } : undefined);
  }
}

function lockHandle(lockPath: string, nonce: string): FileLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // Only remove the lock if it is still ours (it may have been broken as stale meanwhile).
      const current = await readRecord(lockPath);
      if (current?.nonce === nonce) await fsp.rm(lockPath, { force: true });
    },
  };
}

async function breakIfStale(lockPath: string, staleMs: number, onStale: FileLockOptions['onStale']): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(lockPath);
  } catch {
    return; // released meanwhile
  }
  const record = await readRecord(lockPath);
  const ageMs = Date.now() - stat.mtimeMs;
  // A lock file without a readable record is one being written right now, unless it is old.
  const stale = record === undefined ? ageMs > 1_000 : ageMs > staleMs || (record.host === hostname() && !isAlive(record.pid));
  if (!stale) return;
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await fsp.rename(lockPath, aside);
  } catch {
    return; // someone else broke or released it
  }
  const moved = await readRecord(aside);
  if (record !== undefined && moved?.nonce !== record.nonce) {
    // We moved a fresh lock taken after our check: put it back unless a third process got in.
    await fsp.link(aside, lockPath).catch(() => undefined);
  } else {
    onStale?.({ pid: record?.pid ?? 0, ageMs: Math.round(ageMs) });
  }
  await fsp.rm(aside, { force: true });
}

async function readRecord(path: string): Promise<LockRecord | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fsp.readFile(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, host, nonce } = parsed as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof nonce !== 'string') return undefined;
    return { pid, host, nonce };
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

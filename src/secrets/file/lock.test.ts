import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock, isAlive, LockTimeoutError } from './lock';

let dir: string;
let lockPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-lock-'));
  lockPath = join(dir, 'store.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that certainly belongs to no running process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('acquireFileLock', () => {
  it('excludes a second holder until the first releases', async () => {
    const first = await acquireFileLock(lockPath);
    let secondHeld = false;
    const second = acquireFileLock(lockPath).then((lock) => {
      secondHeld = true;
      return lock;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(secondHeld).toBe(false);
    await first.release();
    await (await second).release();
    expect(secondHeld).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
  });

  it('breaks a lock left by a dead process on this host', async () => {
    const pid = deadPid();
    expect(isAlive(pid)).toBe(false);
    writeFileSync(lockPath, JSON.stringify({ pid, host: hostname(), nonce: 'dead' }));
    const stale: number[] = [];
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000, onStale: (info) => stale.push(info.pid) });
    expect(stale).toEqual([pid]);
    await lock.release();
  });

  it('waits for a live holder and times out with a clear error', async () => {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'alive' }));
    await expect(acquireFileLock(lockPath, { timeoutMs: 150 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(existsSync(lockPath)).toBe(true);
  });

  it('breaks a live-looking lock once it is older than staleMs', async () => {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: 'another-host', nonce: 'old' }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000, staleMs: 30_000 });
    await lock.release();
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fsp, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireFileLock, isAlive, LockTimeoutError, processStart, type FileLock, type LockOwner } from './lock';

let dir: string;
let lockPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-lock-'));
  lockPath = join(dir, 'store.lock');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A pid that certainly belongs to no running process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeOwner(path: string, owner: LockOwner): void {
  writeFileSync(path, JSON.stringify(owner), { mode: 0o600 });
}

const nonceOf = (path: string): string => (JSON.parse(readFileSync(path, 'utf8')) as LockOwner).nonce;

/** A promise plus the function that settles it: a gate a test opens when it chooses. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => {};
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

/** Resolves once `p` settled, or after `ms` (false): "did it get the lock yet?" */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(ms);
  return settled;
}

describe('acquireFileLock', () => {
  it('excludes a second holder until the first releases', async () => {
    const first = await acquireFileLock(lockPath);
    let secondHeld = false;
    const second = acquireFileLock(lockPath).then((lock) => {
      secondHeld = true;
      return lock;
    });
    await sleep(50);
    expect(secondHeld).toBe(false);
    await first.release();
    await (await second).release();
    expect(secondHeld).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
  });

  it('breaks a lock left by a dead process on this host and leaves no token behind', async () => {
    const pid = deadPid();
    expect(isAlive(pid)).toBe(false);
    writeOwner(lockPath, { pid, host: hostname(), nonce: 'dead' });
    const stale: number[] = [];
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000, onStale: (info) => stale.push(info.pid) });
    expect(stale).toEqual([pid]);
    expect(await lock.verify()).toBe(true);
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('waits for a live holder and times out naming it', async () => {
    writeOwner(lockPath, { pid: process.pid, host: hostname(), nonce: 'alive' });
    const error = await acquireFileLock(lockPath, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toContain(`held by process ${process.pid} on this host`);
    expect(nonceOf(lockPath)).toBe('alive');
  });

  it('never breaks a lock from another host, however old, and says when deleting it is safe', async () => {
    writeOwner(lockPath, { pid: deadPid(), host: 'another-host', nonce: 'remote' });
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(lockPath, old, old);
    const error = await acquireFileLock(lockPath, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('on host another-host; if that process is gone');
    expect((error as Error).message).toContain(`delete ${lockPath}`);
    expect(nonceOf(lockPath)).toBe('remote');
  });

  it.runIf(process.platform === 'linux')('treats a live pid with another start time as a dead owner (pid reuse)', async () => {
    const start = processStart(process.pid);
    expect(start).toMatch(/^[0-9a-f-]+:\d+$/);
    writeOwner(lockPath, { pid: process.pid, host: hostname(), start: `${start}0`, nonce: 'reused' });
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000 });
    await lock.release();
    // The same pid with its real start time is alive: waited for, never broken.
    writeOwner(lockPath, { pid: process.pid, host: hostname(), ...(start ? { start } : {}), nonce: 'mine' });
    await expect(acquireFileLock(lockPath, { timeoutMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
  });

  it('never deletes a live lock taken while a slow breaker was about to break the stale one (issue 13)', async () => {
    // A judges the dead lock stale and pauses; meanwhile B breaks it and takes the lock. A goes on
    // and pauses again in the middle of its own break: now C must still be locked out (the old
    // lock had renamed B's lock aside at this point, so C got in and B and C both held it).
    writeOwner(lockPath, { pid: deadPid(), host: hostname(), nonce: 'stale' });
    const judged = gate();
    const resume = gate();
    const breaking = gate();
    const finish = gate();
    const a = acquireFileLock(lockPath, {
      timeoutMs: 5_000,
      beforeBreak: async () => {
        judged.open();
        await resume.wait;
      },
      whileBreaking: async () => {
        breaking.open();
        await finish.wait;
      },
    });
    await judged.wait;
    const b = await acquireFileLock(lockPath, { timeoutMs: 2_000 });
    const bNonce = nonceOf(lockPath);
    resume.open();
    await breaking.wait;
    await expect(acquireFileLock(lockPath, { timeoutMs: 200 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(nonceOf(lockPath)).toBe(bNonce);
    finish.open();
    const c = acquireFileLock(lockPath, { timeoutMs: 5_000 });
    expect(await settledWithin(Promise.race([a, c]), 300)).toBe(false);
    expect(nonceOf(lockPath)).toBe(bNonce);
    expect(await b.verify()).toBe(true);
    await b.release();
    // Exactly one of A and C gets it next; the other only after that one releases.
    const first = await Promise.race([a.then((l) => ['a', l] as const), c.then((l) => ['c', l] as const)]);
    const other = first[0] === 'a' ? c : a;
    expect(await settledWithin(other, 150)).toBe(false);
    await first[1].release();
    await (await other).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('lets exactly one of several breakers of the same stale lock hold it', async () => {
    writeOwner(lockPath, { pid: deadPid(), host: hostname(), nonce: 'stale' });
    const together = gate();
    let arrived = 0;
    const holders: FileLock[] = [];
    const attempts = Array.from({ length: 4 }, () =>
      acquireFileLock(lockPath, {
        timeoutMs: 5_000,
        beforeBreak: async () => {
          if (++arrived === 4) together.open();
          await together.wait;
        },
      }).then((l) => (holders.push(l), l)),
    );
    await together.wait;
    await sleep(200);
    expect(holders).toHaveLength(1);
    for (let i = 0; i < 4; i++) {
      const lock = holders[i];
      expect(lock).toBeDefined();
      await lock?.release();
      await sleep(i < 3 ? 20 : 0);
      if (i < 3) await expect.poll(() => holders.length).toBe(i + 2);
    }
    await Promise.all(attempts);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('breaks the token of a breaker that died mid-break, then the stale lock', async () => {
    const dead = deadPid();
    writeOwner(lockPath, { pid: dead, host: hostname(), nonce: 'stale' });
    writeOwner(`${lockPath}.break.stale`, { pid: dead, host: hostname(), nonce: 'dead-breaker' });
    writeFileSync(join(dir, `.store.lock.${dead}.abcdef.tmp`), '{}');
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000 });
    expect(await lock.verify()).toBe(true);
    expect(readdirSync(dir)).toEqual(['store.lock']);
    await lock.release();
  });

  it('waits for (never breaks) a breaker that is alive', async () => {
    writeOwner(lockPath, { pid: deadPid(), host: hostname(), nonce: 'stale' });
    writeOwner(`${lockPath}.break.stale`, { pid: process.pid, host: hostname(), nonce: 'live-breaker' });
    await expect(acquireFileLock(lockPath, { timeoutMs: 150 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(nonceOf(lockPath)).toBe('stale');
    expect(nonceOf(`${lockPath}.break.stale`)).toBe('live-breaker');
  });

  it('removes break tokens and temp files that dead processes left after their lock was gone', async () => {
    const dead = deadPid();
    writeOwner(`${lockPath}.break.gone`, { pid: dead, host: hostname(), nonce: 'orphan' });
    writeFileSync(join(dir, `.store.lock.break.gone.${dead}.abcdef.tmp`), '{}');
    const lock = await acquireFileLock(lockPath, { timeoutMs: 2_000 });
    expect(readdirSync(dir)).toEqual(['store.lock']);
    await lock.release();
  });

  it('still excludes and breaks stale locks on a file system without hard links', async () => {
    vi.spyOn(fsp, 'link').mockRejectedValue(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
    writeOwner(lockPath, { pid: deadPid(), host: hostname(), nonce: 'stale' });
    const first = await acquireFileLock(lockPath, { timeoutMs: 2_000 });
    await expect(acquireFileLock(lockPath, { timeoutMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
    await first.release();
    await (await acquireFileLock(lockPath, { timeoutMs: 2_000 })).release();
    expect(readdirSync(dir)).toEqual([]);
  });
});

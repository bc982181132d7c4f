/**
 * The file store across processes: two processes with ten concurrent writers each lose no entry,
 * and a writer killed between writing the temp file and renaming it leaves the old file intact
 * (and its lock and temp file are cleaned up by the next writer); and four processes racing at a
 * stale lock, twenty times over, lose nothing (issue 13).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../src/secrets/backends';

const root = resolve(import.meta.dirname, '../..');
const writer = join(root, 'test/fixtures/secrets/file-writer.ts');
let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-file-it-'));
  path = join(dir, 'secrets.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Writer {
  /** Resolves when the child printed "ready" (it is waiting for the go file). */
  ready: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>;
}

function startWriter(args: string[]): Writer {
  let markReady = (): void => {};
  const ready = new Promise<void>((r) => (markReady = r));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) markReady();
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      markReady();
      done({ code, signal, out });
    });
  });
  return { ready, exit };
}

describe('file secret store across processes', () => {
  it('loses no entry when 20 writers in two processes write at once', async () => {
    const go = join(dir, 'go');
    const children = [startWriter(['write', path, 'p1', '10', go]), startWriter(['write', path, 'p2', '10', go])];
    // Release both at once, so that their writes really overlap.
    await Promise.all(children.map((c) => c.ready));
    writeFileSync(go, '');
    const results = await Promise.all(children.map((c) => c.exit));
    for (const r of results) expect(r, r.out).toMatchObject({ code: 0 });
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { secrets: Record<string, string> };
    const expected = ['p1', 'p2'].flatMap((p) => Array.from({ length: 10 }, (_, i) => `${p}_${i}`));
    expect(Object.keys(doc.secrets).sort()).toEqual(expected.sort());
    expect(doc.secrets.p2_7).toBe('value-p2-7');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['go', 'secrets.json']);
  });

  it('keeps the old file intact when a writer dies between write and rename', async () => {
    const store = new FileSecretStore({ path });
    await store.createOrUpdate('k1', 'old');
    const before = readFileSync(path, 'utf8');
    const crashed = await startWriter(['crash', path, 'k1', 'new']).exit;
    expect(crashed.signal, crashed.out).toBe('SIGKILL');
    expect(crashed.out).toContain('crashing');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(await store.get('k1')).toBe('old');
    // The dead writer left its lock and a synced temp file; the next writer breaks one, removes the other.
    expect(readdirSync(dir).some((n) => n.endsWith('.tmp'))).toBe(true);
    expect(readdirSync(dir)).toContain('secrets.json.lock');
    await store.createOrUpdate('k2', 'v2');
    expect(await store.get('k1')).toBe('old');
    expect(await store.get('k2')).toBe('v2');
    expect(readdirSync(dir).sort()).toEqual(['secrets.json']);
  });
});

describe('file secret store lock under contention', () => {
  it('loses nothing when 4 processes make 100 writes into a store that starts with a stale lock, 20 times in a row', async () => {
    // Four long-lived writers serve 20 rounds, so the race at the stale lock is repeated without
    // paying for 80 process start-ups. Each round starts from a fresh store whose lock was left by
    // a dead process: every writer sees it stale at once and tries to break it.
    const children = Array.from({ length: 4 }, () => spawn(process.execPath, ['--import', 'tsx', writer, 'serve'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }));
    const lines = children.map((child) => {
      const queue: string[] = [];
      const waiters: ((line: string) => void)[] = [];
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          const waiter = waiters.shift();
          if (waiter) waiter(line);
          else queue.push(line);
        }
      });
      return () => new Promise<string>((r) => (queue.length > 0 ? r(queue.shift() ?? '') : waiters.push(r)));
    });
    try {
      expect(await Promise.all(lines.map((next) => next()))).toEqual(['ready', 'ready', 'ready', 'ready']);
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const kept: number[] = [];
      for (let round = 0; round < 20; round++) {
        const store = join(dir, `round-${round}`, 'secrets.json');
        mkdirSync(dirname(store), { mode: 0o700 });
        writeFileSync(`${store}.lock`, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), nonce: `stale-${round}` }), { mode: 0o600 });
        children.forEach((child, i) => child.stdin.write(`${store} r${round}p${i} 25\n`));
        const replies = await Promise.all(lines.map((next) => next()));
        expect(replies.sort()).toEqual([0, 1, 2, 3].map((i) => `done r${round}p${i}`));
        const doc = JSON.parse(readFileSync(store, 'utf8')) as { secrets: Record<string, string> };
        kept.push(Object.keys(doc.secrets).length);
        expect(readdirSync(dirname(store))).toEqual(['secrets.json']);
      }
      expect(kept).toEqual(Array.from({ length: 20 }, () => 100));
    } finally {
      for (const child of children) child.kill();
    }
  }, 240_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { peakRssKb } from './peak-rss';

const hook = join(dirname(fileURLToPath(import.meta.url)), 'hooks', 'peak-rss.cjs');
const dir = mkdtempSync(join(tmpdir(), 'peak-rss-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('peakRssKb', () => {
  it("gives a child's own peak, not the RSS its parent had when it forked", () => {
    const log = join(dir, 'log.jsonl');
    // A parent holding 300 MB starts a child that does nothing, with the exit hook loaded.
    const parent = `const big = Buffer.alloc(300e6, 1);
      require('node:child_process').execFileSync(process.execPath, ['--require', ${JSON.stringify(hook)}, '-e', '0'], { env: { ...process.env, BENCH_PROVIDER_LOG: ${JSON.stringify(log)} } });
      big[0] = 2;`;
    const res = spawnSync(process.execPath, ['-e', parent], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const line = JSON.parse(readFileSync(log, 'utf8').trim()) as { maxRssKb: number; hwmKb: number | null };
    // What the bench read before (round 7): the parent's 300 MB.
    expect(line.maxRssKb).toBeGreaterThan(250 * 1024);
    // A bare Node process: well under 100 MB.
    expect(peakRssKb(line)).toBeLessThan(100 * 1024);
    expect(peakRssKb(line)).toBe(line.hwmKb);
  });

  it('falls back to ru_maxrss where VmHWM could not be read', () => {
    expect(peakRssKb({ maxRssKb: 1234, hwmKb: null })).toBe(1234);
  });
});

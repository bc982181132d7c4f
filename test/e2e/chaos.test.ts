/**
 * The short, fixed-seed chaos run of `npm test` (the long run is `npm run chaos`; its figures are in
 * docs/reliability.md). Real terraform, the real provider and the simulator over HTTPS: every
 * round's invariants must hold. Seed 7 (DAP store) adds users under store faults and delivers a
 * SIGTERM; seed 8 (file store) leaves the store's lock stale before its first apply. Needs
 * `npm run build` first.
 */
import { describe, expect, it } from 'vitest';
import { formatSummary, runChaos } from '../chaos/run';

describe('chaos (short fixed-seed run)', () => {
  it.each([
    { seed: 7, rounds: 2, store: 'dap' },
    { seed: 8, rounds: 1, store: 'file' },
  ])('keeps every invariant through rounds of faults, kills and outside changes (seed $seed, $store store)', async ({ seed, rounds, store }) => {
    const lines: string[] = [];
    const summary = await runChaos({ seed, rounds, poolSize: 6, print: (line) => lines.push(line) });
    const report = `${lines.join('\n')}\n${formatSummary(summary)}`;
    console.info(report);
    expect(summary.rounds, report).toBe(rounds);
    expect(summary.store).toBe(store);
    // Positive control: the seed really injects faults or a violent event.
    expect(Object.values(summary.faults).reduce((a, b) => a + b, 0) + Object.values(summary.violentEvents).reduce((a, b) => a + b, 0), report).toBeGreaterThan(0);
    expect(summary.violations, report).toEqual([]);
  }, 600_000);
});

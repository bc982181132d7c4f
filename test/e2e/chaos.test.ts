/**
 * The short, fixed-seed chaos run of `npm test` (the long run is `npm run chaos`; its figures are in
 * docs/reliability.md). Real terraform, the real provider and the simulator over HTTPS: every
 * round's invariants must hold. Needs `npm run build` first.
 */
import { describe, expect, it } from 'vitest';
import { formatSummary, runChaos } from '../chaos/run';

describe('chaos (short fixed-seed run)', () => {
  it('keeps every invariant through rounds of faults, kills and outside changes', async () => {
    const lines: string[] = [];
    const summary = await runChaos({ seed: 7, rounds: 3, poolSize: 6, print: (line) => lines.push(line) });
    const report = `${lines.join('\n')}\n${formatSummary(summary)}`;
    console.info(report);
    expect(summary.rounds, report).toBe(3);
    // Positive control: the seed really injects faults and a violent event.
    expect(Object.values(summary.faults).reduce((a, b) => a + b, 0), report).toBeGreaterThan(0);
    expect(summary.violations, report).toEqual([]);
  }, 600_000);
});

import { describe, expect, it } from 'vitest';
import { OLD_GENERATION_GROWTH_PERCENT } from './old-generation';
import { nodeTitle, runInFreshNode, SUPPORTED_NODES } from './testing/fresh-node';

/**
 * In a fresh Node process with V8's GC tracing on, promotes garbage the way a refresh does (objects
 * kept for a while, then dropped) until V8 has run several full collections, and returns the
 * growth factor V8 applied each time it set a new old-generation limit. The trace is V8's own:
 * V8 11-12 (Node 20, 22) print the applied factor at the end of
 * `[HeapController] Limit: old size: N KB, new limit: M KB (F)` (their `factor F based on …` line
 * shows the factor before the flag overrides it); V8 13 (Node 24) prints it in
 * `[HeapController] factor F based on …` and no longer on the limit line. A Node whose trace reads
 * otherwise fails the "lines found" checks below, not silently.
 */
function growthFactors(node: string, makeClient: boolean): number[] {
  const stdout = runInFreshNode(node, {
    makeClient,
    nodeArgs: ['--trace-gc-verbose'],
    body: `const kept = new Array(50000);
    for (let slice = 0; slice < 150; slice++) {
      for (let i = 0; i < 20000; i++) kept[(slice * 20000 + i) % kept.length] = { n: i, s: 'key-' + i + slice, a: [i, slice] };
      await new Promise((r) => setImmediate(r));
    }`,
  });
  const onLimitLines = [...stdout.matchAll(/\[HeapController\] Limit: old size: \d+ KB, new limit: \d+ KB \(([\d.]+)\)/g)];
  const applied = onLimitLines.length > 0 ? onLimitLines : [...stdout.matchAll(/\[HeapController\] factor ([\d.]+) based on/g)];
  return applied.map((m) => Number(m[1]));
}

describe('limitOldGenerationGrowth', () => {
  const allowed = 1 + OLD_GENERATION_GROWTH_PERCENT / 100;
  for (const node of SUPPORTED_NODES) {
    const { executable } = node;
    describe.skipIf(!node.installed)(nodeTitle(node), () => {
      it(`every old-generation limit V8 sets after an HTTP client exists grows by at most ${OLD_GENERATION_GROWTH_PERCENT} %`, () => {
        const factors = growthFactors(executable, true);
        expect(factors.length).toBeGreaterThanOrEqual(2);
        // V8 prints the factor with one decimal (1.25 reads 1.2).
        for (const factor of factors) expect(factor).toBeLessThanOrEqual(allowed + 0.05);
      }, 30_000);

      it('the same allocations get larger factors in a process without an HTTP client (so the test above can fail)', () => {
        const factors = growthFactors(executable, false);
        expect(factors.length).toBeGreaterThanOrEqual(1);
        expect(Math.max(...factors)).toBeGreaterThan(allowed + 0.05);
      }, 30_000);
    });
  }
});

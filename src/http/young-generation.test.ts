import { describe, expect, it } from 'vitest';
import { nodeTitle, runInFreshNode, SUPPORTED_NODES } from './testing/fresh-node';
import { YOUNG_GENERATION_CAP_BYTES } from './young-generation';

/**
 * In a fresh Node process, allocates the way a refresh does (many short-lived objects, some kept
 * for a while) in slices with the event loop turning between them, and reports the largest young
 * generation V8 had (`new_space`, both semi-spaces). `makeClient` first creates an HTTP client the
 * way the PAPI transport and the DAP store do.
 */
function largestYoungGeneration(node: string, makeClient: boolean): number {
  const stdout = runInFreshNode(node, {
    makeClient,
    body: `const v8 = await import('node:v8');
    const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    let largest = young();
    const kept = [];
    for (let slice = 0; slice < 30; slice++) {
      for (let i = 0; i < 40000; i++) {
        const o = { n: i, s: 'key-' + i, a: [i, slice] };
        if (i % 20 === 0) kept.push(o);
        if (kept.length > 20000) kept.shift();
      }
      largest = Math.max(largest, young());
      await new Promise((r) => setImmediate(r));
    }
    process.stdout.write(String(largest));`,
  });
  return Number(stdout);
}

describe('capYoungGeneration', () => {
  for (const node of SUPPORTED_NODES) {
    const { executable } = node;
    describe.skipIf(!node.installed)(nodeTitle(node), () => {
      it('keeps the young generation at 8 MB once an HTTP client exists', () => {
        expect(largestYoungGeneration(executable, true)).toBeLessThanOrEqual(YOUNG_GENERATION_CAP_BYTES);
      }, 30_000);

      it('the same allocations grow it past 8 MB in a process without an HTTP client (so the test above can fail)', () => {
        expect(largestYoungGeneration(executable, false)).toBeGreaterThan(YOUNG_GENERATION_CAP_BYTES);
      }, 30_000);
    });
  }
});

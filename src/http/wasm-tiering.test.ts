import { describe, expect, it } from 'vitest';
import { nodeTitle, runInFreshNode, SUPPORTED_NODES } from './testing/fresh-node';
import { BASELINE_TIER_FLAGS } from './wasm-tiering';

// (func (export "spin") (param $n i32) (result i32) (local $acc i32)
//   (loop $l (local.set $acc (i32.add (local.get $acc) (local.get $n)))
//            (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//   (local.get $acc))
const SPIN_WASM = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 8, 1, 4, 115, 112, 105, 110, 0, 0, 10, 27, 1, 25, 1, 1, 127, 3, 64, 32, 1, 32, 0, 106, 33, 1, 32, 0, 65, 1,
  107, 34, 0, 13, 0, 11, 32, 1, 11,
];

/**
 * Runs a WebAssembly loop in a fresh Node process for 10,000 calls (≈ 10^8 loop iterations, far past
 * V8's default tiering budget and past the point where a larger budget still tiered up), waits up
 * to `waitMs` for a background recompile (it comes within ≈ 10-50 ms when it comes), and says
 * whether V8 moved the function to TurboFan.
 * `makeClient` first creates an HTTP client the way the PAPI transport and the DAP store do.
 * Needs V8's test intrinsics (`--allow-natives-syntax`).
 */
function tieredUp(node: string, makeClient: boolean, waitMs: number): boolean {
  const stdout = runInFreshNode(node, {
    makeClient,
    nodeArgs: ['--allow-natives-syntax'],
    body: `const { spin } = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(SPIN_WASM)}))).exports;
    let sum = 0;
    for (let i = 0; i < 10000; i++) sum += spin(10000);
    for (let t = 0; t < ${waitMs / 20} && !%IsTurboFanFunction(spin); t++) await new Promise((r) => setTimeout(r, 20));
    process.stdout.write(JSON.stringify({ turbofan: %IsTurboFanFunction(spin), sum }));`,
  });
  const out = JSON.parse(stdout) as { turbofan: boolean; sum: number };
  expect(out.sum).toBe(10000 * 50005000);
  return out.turbofan;
}

describe('keepWasmOnBaselineTier', () => {
  for (const node of SUPPORTED_NODES) {
    const { executable } = node;
    describe.skipIf(!node.installed)(nodeTitle(node), () => {
      it("keeps WebAssembly on Liftoff once an HTTP client exists (undici's parser is never recompiled in the background, which delayed every exit)", () => {
        expect(tieredUp(executable, true, 1000)).toBe(false);
      }, 30_000);

      it('the probe does see a tier-up in a process without an HTTP client (so the test above can fail)', () => {
        // A loaded machine may starve the compiler thread for a while: wait longer here, where the
        // wait ends as soon as the recompile is seen.
        expect(tieredUp(executable, false, 5000)).toBe(true);
      }, 30_000);
    });
  }

  it('turns off both ways up: dynamic tiering and, without it, eager tier-up', () => {
    expect(BASELINE_TIER_FLAGS).toEqual(['--no-wasm-dynamic-tiering', '--no-wasm-tier-up']);
  });
});

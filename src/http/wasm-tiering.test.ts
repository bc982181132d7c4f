import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WASM_TIERING_BUDGET } from './wasm-tiering';

const here = dirname(fileURLToPath(import.meta.url));

// (func (export "spin") (param $n i32) (result i32) (local $acc i32)
//   (loop $l (local.set $acc (i32.add (local.get $acc) (local.get $n)))
//            (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//   (local.get $acc))
const SPIN_WASM = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 8, 1, 4, 115, 112, 105, 110, 0, 0, 10, 27, 1, 25, 1, 1, 127, 3, 64, 32, 1, 32, 0, 106, 33, 1, 32, 0, 65, 1,
  107, 34, 0, 13, 0, 11, 32, 1, 11,
];

/**
 * Runs a WebAssembly loop in a fresh Node process for ≈ 30 MB of executed code (17× V8's default
 * tiering budget, 1/70 of ours), waits up to 1 s for a background recompile, and says whether V8
 * moved the function to TurboFan. `makeClient` first creates an HTTP client the way the PAPI
 * transport and the DAP store do. Needs V8's test intrinsics (`--allow-natives-syntax`).
 */
function tieredUp(makeClient: boolean): boolean {
  const script = `import(${JSON.stringify(join(here, 'dispatcher-fetch.ts'))}).then(async (m) => {
    if (${makeClient}) m.dispatcherFetch({ request() { throw new Error('not used'); } });
    const { spin } = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(SPIN_WASM)}))).exports;
    let sum = 0;
    for (let i = 0; i < 200; i++) sum += spin(10000);
    for (let t = 0; t < 50 && !%IsTurboFanFunction(spin); t++) await new Promise((r) => setTimeout(r, 20));
    process.stdout.write(JSON.stringify({ turbofan: %IsTurboFanFunction(spin), sum }));
  });`;
  const res = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', script], { encoding: 'utf8' });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  const out = JSON.parse(res.stdout) as { turbofan: boolean; sum: number };
  expect(out.sum).toBe(200 * 50005000);
  return out.turbofan;
}

describe('keepWasmOnBaselineTier', () => {
  it("keeps WebAssembly on Liftoff once an HTTP client exists (undici's parser is never recompiled in the background, which delayed every exit)", () => {
    expect(tieredUp(true)).toBe(false);
  });

  it('the probe does see a tier-up in a process without an HTTP client (so the test above can fail)', () => {
    expect(tieredUp(false)).toBe(true);
  });

  it('is a budget a provider process cannot use up, and the largest V8 accepts', () => {
    expect(WASM_TIERING_BUDGET).toBe(2147483647);
  });
});

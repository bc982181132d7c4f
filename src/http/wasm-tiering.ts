/**
 * Keeps WebAssembly on V8's baseline compiler for the rest of the process.
 *
 * undici parses HTTP/1.1 with llhttp compiled to WebAssembly. V8 compiles it with Liftoff and, once
 * the parser has executed about 1.8 MB of code (V8's tiering budget: a few dozen responses),
 * recompiles its one very large function with TurboFan on a background thread. On Node 20 that is
 * ≈ 250 ms of CPU that a provider process never earns back (2,000 small responses for 1,000 keys
 * parse as fast on Liftoff's code), and Node joins that thread before the process may exit: every
 * process that talked to the cluster or the store ended ≈ 130 ms after `process.exit` (≈ 50-75 ms
 * on Node 22 and 24). Measured in docs/bench.md, round 6.
 *
 * Both tiering modes are turned off: dynamic tiering (hot functions move up) and, without it, eager
 * tier-up (every function is recompiled in the background at once). Measured and not enough: a
 * larger tiering budget only postpones the recompile (it came after ≈ 2,000 responses, with a
 * transient ≈ 30 MB compiler zone on top of a larger heap: a higher peak RSS than before), and
 * `--liftoff-only` is ignored by Node 24 once the isolate runs. The two flags below keep Liftoff on
 * Node 20, 22 and 24 (src/http/wasm-tiering.test.ts).
 *
 * The flags are changed once, when the first HTTP client is made, not at start-up: a flag change
 * makes V8 refuse the code cache Node ships for its own modules, so every built-in module loaded
 * after it compiles from source. By then the ones the provider needs are loaded.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flags set, in order. */
export const BASELINE_TIER_FLAGS = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up'] as const;

let applied = false;

export function keepWasmOnBaselineTier(): void {
  if (applied) return;
  applied = true;
  for (const flag of BASELINE_TIER_FLAGS) setFlagsFromString(flag);
}

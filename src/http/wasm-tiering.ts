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
 * A budget of 2^31 - 1 bytes is never reached by a provider process, so the parser stays on
 * Liftoff. `--liftoff-only` would say it more directly, but Node 24 ignores it once the isolate runs.
 *
 * The flag is changed once, when the first HTTP client is made, not at start-up: a flag change
 * makes V8 refuse the code cache Node ships for its own modules, so every built-in module loaded
 * after it compiles from source. By then the ones the provider needs are loaded.
 */
import { setFlagsFromString } from 'node:v8';

/** Larger than anything a provider process parses: V8's tier-up never triggers. */
export const WASM_TIERING_BUDGET = 2 ** 31 - 1;

let applied = false;

export function keepWasmOnBaselineTier(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
}

/**
 * Lets V8's old generation grow by a quarter of what survived the last full collection (and at
 * least V8's own minimum step of a few MB) before the next one, in a process that talks to the
 * cluster.
 *
 * A refresh or an apply promotes garbage into the old generation at a steady rate (ky's
 * requests, their signals, undici's responses: ≈ 40 KB per refreshed key that only a full
 * collection frees), while what stays alive is ≈ 10-15 MB. V8 sets the next full collection's
 * limit at up to four times what survived the last one when collecting is cheap, which it is
 * here, so a 1,000-key refresh ran with 40 MB of old generation committed for ≈ 12 MB alive: the
 * largest part of its peak RSS above Node's own. A full collection of this heap takes 4-7 ms and
 * is mostly concurrent: the extra ones cost no measurable CPU at 1,000 keys and ≈ 6 % at 5,000
 * (docs/bench.md, round 7, which also measured a factor of 2: too close to 100 MB at 1,000 keys).
 *
 * V8 reads this flag whenever a full collection sets the next limit, so unlike the heap's sizes it
 * works when set at run time (the provider's launchers pass no flags, and flags on the command line
 * would cost every start the code cache of Node's own modules: see wasm-tiering.ts).
 */
import { setFlagsFromString } from 'node:v8';

/** Growth allowed between two full collections, in per cent of what survived the last one. */
export const OLD_GENERATION_GROWTH_PERCENT = 25;

let done = false;

/** Sets V8's old-generation growth factor, once per process. */
export function limitOldGenerationGrowth(): void {
  if (done) return;
  done = true;
  setFlagsFromString(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`);
}

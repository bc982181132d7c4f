/**
 * Caps V8's young generation of a process that talks to the cluster at 8 MB (two 4 MB semi-spaces).
 *
 * V8 doubles the young generation whenever many objects survive a scavenge, up to two 16 MB
 * semi-spaces on 64-bit. A refresh or an apply allocates a lot of short-lived objects per key (ky's
 * requests, undici's responses, gRPC messages), so its young generation reaches 32 MB committed
 * with a few MB in use: a quarter of the process's peak RSS. Capped at 8 MB it costs no CPU
 * (docs/bench.md: round 6 measured this cap and a tighter one, round 5 the command-line flag).
 *
 * The size can only be fixed on the command line, which the provider's launchers leave alone (so
 * that `node bin/terraform-provider-powerscale` and `node dist/provider.cjs` run the same) and which
 * would cost every start the code cache of Node's own modules (see wasm-tiering.ts). Growth,
 * though, can be stopped at run time: once a scavenge has grown the young generation to the cap,
 * V8's growth factor is set to 1.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Both semi-spaces together, as V8 reports `new_space`. */
export const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;

let watching = false;

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

function stopGrowing(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** Watches garbage collections until the young generation has reached the cap, then stops its growth. */
export function capYoungGeneration(): void {
  if (watching) return;
  watching = true;
  if (youngGenerationBytes() >= YOUNG_GENERATION_CAP_BYTES) return stopGrowing();
  const observer = new PerformanceObserver(() => {
    if (youngGenerationBytes() < YOUNG_GENERATION_CAP_BYTES) return;
    observer.disconnect();
    stopGrowing();
  });
  observer.observe({ entryTypes: ['gc'] });
}

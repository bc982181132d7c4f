/**
 * Combining cancellation signals without `AbortSignal.any`. On Node 20, `AbortSignal.any` adds a
 * WeakRef to every source for every signal it makes and never removes it, so combining each call's
 * signal with a provider-lifetime "stop" signal grows that signal's set by one entry per call (about
 * 7 000 WeakRefs after a 1000-key refresh, see docs/bench.md). A linked signal is detached from its
 * sources when the call is over instead.
 */
import { setMaxListeners } from 'node:events';

/**
 * A controller for a signal that lives as long as the provider process (StopProvider, shutdown):
 * every call in flight links to it, so it holds one listener per call. Terraform runs ten calls at
 * once by default and more with `-parallelism`, and Node would print a MaxListenersExceededWarning
 * ("possible memory leak") past ten listeners on one signal into Terraform's log. The listeners are
 * removed when each call ends (see linkSignals), so the limit is lifted for this signal only.
 */
export function longLivedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** A signal that aborts when any of its sources does, until it is disposed. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Detaches from the sources; call when the work the signal guards is over. Idempotent. */
  dispose(): void;
}

const NOTHING_TO_DISPOSE = (): void => {};

/** Links `sources`: the result aborts with the reason of the first source that aborts. */
export function linkSignals(...sources: AbortSignal[]): LinkedSignal {
  for (const source of sources) {
    if (source.aborted) return { signal: AbortSignal.abort(source.reason), dispose: NOTHING_TO_DISPOSE };
  }
  const controller = new AbortController();
  const listeners = sources.map((source) => {
    const onAbort = (): void => {
      dispose();
      controller.abort(source.reason);
    };
    source.addEventListener('abort', onAbort, { once: true });
    return onAbort;
  });
  let disposed = false;
  function dispose(): void {
    if (disposed) return;
    disposed = true;
    sources.forEach((source, i) => source.removeEventListener('abort', listeners[i] as () => void));
  }
  return { signal: controller.signal, dispose };
}

/**
 * A per-attempt time limit that covers connecting, the response headers and reading the body (ky's
 * own `timeout` stops at the headers), combined with the caller's cancellation signal.
 */
export class Deadline {
  /** Aborts when the time is up or the caller's signal aborts. */
  readonly signal: AbortSignal;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #outer: AbortSignal | undefined;
  readonly #onOuterAbort: (() => void) | undefined;
  #expired = false;

  constructor(ms: number, outer?: AbortSignal) {
    const controller = new AbortController();
    this.signal = controller.signal;
    this.#timer = setTimeout(() => {
      this.#expired = true;
      controller.abort(new Error('deadline expired'));
    }, ms);
    // A listener on the caller's signal, removed by clear(), rather than AbortSignal.any: on Node 20
    // `any` leaves an entry in every source signal for each signal it makes, and the caller's
    // signal may live as long as the provider.
    if (outer?.aborted) {
      controller.abort(outer.reason);
    } else if (outer !== undefined) {
      this.#outer = outer;
      this.#onOuterAbort = () => controller.abort(outer.reason);
      outer.addEventListener('abort', this.#onOuterAbort, { once: true });
    }
  }

  /** True once the time limit (not the caller) aborted the attempt. */
  get expired(): boolean {
    return this.#expired;
  }

  /** Stops the timer and detaches from the caller's signal; call when the attempt is over. */
  clear(): void {
    clearTimeout(this.#timer);
    if (this.#onOuterAbort !== undefined) this.#outer?.removeEventListener('abort', this.#onOuterAbort);
  }
}

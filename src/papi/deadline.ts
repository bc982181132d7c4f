/**
 * A per-attempt time limit that covers connecting, the response headers and reading the body (ky's
 * own `timeout` stops at the headers), combined with the caller's cancellation signal.
 */
export class Deadline {
  /** Aborts when the time is up or the caller's signal aborts. */
  readonly signal: AbortSignal;
  readonly #timer: ReturnType<typeof setTimeout>;
  #expired = false;

  constructor(ms: number, outer?: AbortSignal) {
    const controller = new AbortController();
    this.#timer = setTimeout(() => {
      this.#expired = true;
      controller.abort(new Error('deadline expired'));
    }, ms);
    this.signal = outer === undefined ? controller.signal : AbortSignal.any([outer, controller.signal]);
  }

  /** True once the time limit (not the caller) aborted the attempt. */
  get expired(): boolean {
    return this.#expired;
  }

  /** Stops the timer; call when the attempt is over. */
  clear(): void {
    clearTimeout(this.#timer);
  }
}

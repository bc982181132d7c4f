/**
 * The simulator's notion of time. Sessions and S3 key expiry read it, so tests can jump past a
 * 15-minute idle timeout or a rotation window without waiting (control API `POST /clock`,
 * in-process `clock.advance()`), or hold time still so that several mints share one second
 * (`clock.freeze()`, `POST /clock {"freeze": true}`).
 */
export interface SimClock {
  /** Current simulated time, epoch milliseconds. */
  now(): number;
  /** Moves simulated time forward by `ms` (never backwards); a frozen clock stays frozen, later. */
  advance(ms: number): void;
  /** Stops simulated time where it is now, until `thaw()` or `reset()`. */
  freeze(): void;
  /** Lets a frozen clock run again from where it stood (never backwards). */
  thaw(): void;
  /** Back to real time. */
  reset(): void;
}

/** A clock that follows `base` (default `Date.now`) plus an offset that only grows. */
export function createClock(base: () => number = Date.now): SimClock {
  let offset = 0;
  let frozenAt: number | undefined;
  return {
    now: () => frozenAt ?? base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock can only move forward');
      offset += ms;
      if (frozenAt !== undefined) frozenAt += ms;
    },
    freeze() {
      frozenAt ??= base() + offset;
    },
    thaw() {
      if (frozenAt === undefined) return;
      // Real time went on while frozen; keep time where it stood rather than jump forward.
      offset = Math.max(offset, frozenAt - base());
      frozenAt = undefined;
    },
    reset() {
      offset = 0;
      frozenAt = undefined;
    },
  };
}

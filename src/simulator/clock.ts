/**
 * The simulator's notion of time. Sessions and S3 key expiry read it, so tests can jump past a
 * 15-minute idle timeout or a rotation window without waiting (control API `POST /clock`,
 * in-process `clock.advance()`).
 */
export interface SimClock {
  /** Current simulated time, epoch milliseconds. */
  now(): number;
  /** Moves simulated time forward by `ms` (never backwards). */
  advance(ms: number): void;
  /** Back to real time. */
  reset(): void;
}

/** A clock that follows `base` (default `Date.now`) plus an offset that only grows. */
export function createClock(base: () => number = Date.now): SimClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock can only move forward');
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}

import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isIdempotent, isRetryableResponse, retryPolicy, sleep } from './retry';

describe('retry policy', () => {
  it('grows delays exponentially up to the cap, keeping at least half of each', () => {
    const low = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
    const high = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, low))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, high))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('applies defaults and rejects negative values', () => {
    expect(retryPolicy()).toMatchObject({ limit: 3, baseDelayMs: 250, maxDelayMs: 4000 });
    expect(() => retryPolicy({ limit: -1 })).toThrow(RangeError);
    expect(() => retryPolicy({ maxDelayMs: Number.NaN })).toThrow(RangeError);
  });

  it('retries gateway statuses and the transient OneFS message only', () => {
    expect([502, 503, 504].every((s) => isRetryableResponse(s, 'HTTP x'))).toBe(true);
    expect([400, 401, 404, 409, 500].some((s) => isRetryableResponse(s, 'HTTP x'))).toBe(false);
    expect(isRetryableResponse(500, 'OneFS API is temporarily unavailable. Try your request again.')).toBe(true);
  });

  it('treats only GET, PUT, DELETE and HEAD as idempotent', () => {
    expect(['GET', 'PUT', 'DELETE', 'HEAD'].every(isIdempotent)).toBe(true);
    expect(isIdempotent('POST')).toBe(false);
  });

  it('stops sleeping when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

/**
 * When and how long to wait before repeating a request that failed for a transient reason.
 * Only idempotent requests (GET, PUT, DELETE) and the login are repeated; a POST that may have
 * reached the cluster is never sent twice (it could mint a second S3 key).
 */

/** Retry tuning. Delays grow exponentially, are capped, and are jittered. */
export interface RetryOptions {
  /** Further attempts after the first. 0 disables retries. @default 3 */
  limit?: number;
  /** Delay before the first retry, before jitter. @default 250 */
  baseDelayMs?: number;
  /** Upper bound of any single delay. @default 4000 */
  maxDelayMs?: number;
  /** Random source in [0, 1), injectable for tests. @default Math.random */
  random?: () => number;
}

/** {@link RetryOptions} with every default applied. */
export type RetryPolicy = Required<RetryOptions>;

/** Applies defaults and checks ranges. @throws RangeError on a negative or non-finite value. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy: RetryPolicy = {
    limit: options.limit ?? 3,
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 4000,
    random: options.random ?? Math.random,
  };
  for (const key of ['limit', 'baseDelayMs', 'maxDelayMs'] as const) {
    const value = policy[key];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry.${key} must be a non-negative number`);
  }
  return policy;
}

/**
 * Delay before retry number `retry` (1-based): `min(max, base * 2^(retry-1))`, then "equal jitter":
 * a uniform value in [d/2, d). Half the delay is always kept so that retries keep backing off, and
 * the random half spreads many clients (or many parallel resources) apart.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(capped / 2 + policy.random() * (capped / 2));
}

/** Statuses worth repeating: a proxy or Apache in front of PAPI, or PAPI itself, is briefly unavailable. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * OneFS's own transient error ("OneFS API is temporarily unavailable. Try your request again.").
 * Its HTTP status is not documented, so the message alone decides (Dell's hadoop tools do the same).
 */
export const TEMPORARILY_UNAVAILABLE = /temporarily unavailable/i;

/** True when a failed response with this status and cluster message should be repeated. */
export function isRetryableResponse(status: number, message: string): boolean {
  return RETRYABLE_STATUSES.has(status) || (status >= 400 && TEMPORARILY_UNAVAILABLE.test(message));
}

/** True for methods that may be repeated without changing the outcome. */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE' || method === 'HEAD';
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// When a failed delivery is tried again: full-jitter exponential backoff (AWS's recommendation: spreads
// retries of many events failing together), never earlier than SalesMania's own Retry-After.
export interface BackoffPolicy {
  /** Delay ceiling of the first retry. */
  baseMs: number;
  /** Largest delay ever. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 3_600_000 };

/**
 * Delay before attempt `failedAttempts + 1`: uniform in [0, min(cap, base · 2^(failedAttempts-1))],
 * raised to `retryAfterMs` when the server asked for that.
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  options: { retryAfterMs?: number; random?: () => number } = {},
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2^exponent overflows to Infinity long after the cap is reached; min() keeps it finite.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 52));
  const jittered = Math.floor((options.random ?? Math.random)() * ceiling);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}

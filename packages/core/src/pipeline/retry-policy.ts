// When a failed delivery is tried again, and when retrying stops — pure, decided here only. Full-jitter
// exponential backoff (AWS's recommendation: spreads retries of many events failing together), never earlier
// than SalesMania's own Retry-After; dead `retry_exhausted` after `maxAttempts` attempts or `maxAgeMs`,
// counted since the event was received or since an operator last put it back in the queue.
import type { DeliveryOutcome } from "../delivery.ts";
import { isAttempt, isRequeue } from "../events/history.ts";
import type { ErrorInfo, EventRecord, Outcome } from "../ledger.ts";

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

/** The attempts (and since when) counted towards the retry limits. */
export interface RetryWindow {
  attempts: number;
  /** Epoch ms. */
  since: number;
}

/**
 * Since the last operator requeue, so a replay gets a fresh set of retries; otherwise since the event was
 * first received.
 */
export function retryWindow(
  record: Pick<EventRecord, "attempts" | "attemptCount" | "receivedAt">,
): RetryWindow {
  const index = record.attempts.findLastIndex(isRequeue);
  const requeue = record.attempts[index];
  if (requeue === undefined) return { attempts: record.attemptCount, since: Date.parse(record.receivedAt) };
  return {
    attempts: record.attempts.slice(index + 1).filter(isAttempt).length,
    since: Date.parse(requeue.at),
  };
}

export interface RetryLimits {
  maxAttempts: number;
  maxAgeMs: number;
  backoff: BackoffPolicy;
  /** Source of backoff jitter (tests pin it). */
  random?: () => number;
}

/**
 * The ledger outcome of attempt `window.attempts + 1`, which ended in `outcome` at `now`: a retry with its
 * next attempt time, or dead `retry_exhausted` (keeping the last error in its message) once a limit is hit.
 */
export function decideOutcome(
  outcome: DeliveryOutcome,
  window: RetryWindow,
  now: number,
  limits: RetryLimits,
): Omit<Outcome, "attempt"> {
  if (outcome.status === "delivered" || outcome.status === "ignored") {
    return { status: outcome.status, result: outcome.result };
  }
  if (outcome.status !== "retry") return { status: outcome.status, error: outcome.error };
  const attemptNumber = window.attempts + 1;
  const age = now - window.since;
  if (attemptNumber >= limits.maxAttempts || age >= limits.maxAgeMs) {
    const error: ErrorInfo = {
      ...outcome.error,
      code: "retry_exhausted",
      message: `gave up after ${attemptNumber} attempts over ${Math.round(age / 60_000)} min; last error ${outcome.error.code}: ${outcome.error.message}`,
    };
    return { status: "dead", error };
  }
  const delay = backoffDelayMs(attemptNumber, limits.backoff, {
    ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
    ...(limits.random ? { random: limits.random } : {}),
  });
  return { status: "retry", error: outcome.error, nextAttemptAt: new Date(now + delay).toISOString() };
}

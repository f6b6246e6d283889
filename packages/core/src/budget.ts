// A delivery's time budget: an AbortSignal that also tells when it ends. AbortSignal.timeout cannot say
// that, and the rate limiter needs it: a request slot is worth handing over only while the caller still
// has time to send the request and read the answer (a create cut off in flight has an unknown outcome).

export interface Budget {
  /** Epoch ms at which the signal aborts. */
  endsAt: number;
  /** Its whole length. */
  ms: number;
}

const budgets = new WeakMap<AbortSignal, Budget>();

/** `AbortSignal.timeout(ms)` whose end `budgetOf` can read. */
export function budgetSignal(ms: number, now: () => number = Date.now): AbortSignal {
  const signal = AbortSignal.timeout(ms);
  budgets.set(signal, { endsAt: now() + ms, ms });
  return signal;
}

/** The budget behind a signal made by `budgetSignal`; undefined for any other signal (no known end). */
export function budgetOf(signal: AbortSignal | undefined): Budget | undefined {
  return signal === undefined ? undefined : budgets.get(signal);
}

// The account's rate limit as the transport sees it: a gate asked before every attempt. The service's gate is
// the connection's limiter shared by every container (@smx/core, rate-limiter.ts); the client works without one.

/**
 * Paces the requests of one SalesMania account (its rate limit may be shared by many processes). Asked before
 * every attempt, token calls included; told about every 429 the account still answers.
 */
export interface RequestGate {
  /** Resolves when a request may be sent; rejects when no slot comes up within the caller's budget. */
  acquire(signal: AbortSignal | undefined): Promise<unknown>;
  /** SalesMania answered 429: hold the account's requests back for `retryAfterMs` (its Retry-After) or a default. */
  throttled(retryAfterMs: number | undefined): void;
}

/** Waits for `gate`'s slot; resolves with its refusal (no slot within the caller's budget), if any. */
export function refusalOf(gate: RequestGate | undefined, signal: AbortSignal | undefined): Promise<unknown> {
  if (gate === undefined) return Promise.resolve(undefined);
  return gate.acquire(signal).then(
    () => undefined,
    (error: unknown) => error ?? new Error("refused without a reason"),
  );
}

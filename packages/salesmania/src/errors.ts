// Every failure of a SalesMania call is one of these named classes. Two flags tell a caller what it may do:
// `retryable` — repeating the same call later is safe and may succeed;
// `outcomeUnknown` — a non-idempotent call (a create) may have taken effect; it must be reconciled, never
// blindly repeated. No error message or field ever contains a token or password.

export abstract class SalesmaniaError extends Error {
  abstract readonly retryable: boolean;
  readonly outcomeUnknown: boolean = false;
  /** `METHOD /path` of the call, without the query string (it carries the team token). */
  readonly operation: string;

  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`${operation}: ${message}`, options);
    this.operation = operation;
  }
}

/** A non-2xx answer. `body` is the raw text; `code`/`fieldErrors` come from `{message, errors}` when present. */
export class SalesmaniaHttpError extends SalesmaniaError {
  override name = "SalesmaniaHttpError";
  readonly retryable: boolean;
  override readonly outcomeUnknown: boolean;

  constructor(
    operation: string,
    readonly status: number,
    readonly apiMessage: string,
    readonly body: string,
    readonly fieldErrors: Record<string, string> | undefined,
    /** Seconds from `Retry-After`, when sent. */
    readonly retryAfterSeconds: number | undefined,
    /** True when the request was a create (POST) whose effect a 5xx does not rule out. */
    createMayHaveApplied: boolean,
  ) {
    super(operation, `HTTP ${status} ${apiMessage}`);
    this.retryable = status === 408 || status === 429 || status >= 500;
    this.outcomeUnknown = createMayHaveApplied && status >= 500 && status !== 503;
  }

  /** A short machine-readable code: `http_422`, `http_503`… */
  get code(): string {
    return `http_${this.status}`;
  }
}

/** Credentials rejected (token endpoint 401), or a 401 that persisted after one token refresh, or 403 team token. */
export class SalesmaniaAuthError extends SalesmaniaHttpError {
  override name = "SalesmaniaAuthError";
}

/** No answer within the timeout. For a create, the server may have applied it (`outcomeUnknown`). */
export class SalesmaniaTimeoutError extends SalesmaniaError {
  override name = "SalesmaniaTimeoutError";
  readonly retryable = true;
  override readonly outcomeUnknown: boolean;

  constructor(operation: string, timeoutMs: number, requestSent: boolean, isCreate: boolean) {
    super(
      operation,
      `no answer within ${timeoutMs} ms${isCreate && requestSent ? " (outcome unknown)" : ""}`,
    );
    this.outcomeUnknown = isCreate && requestSent;
  }
}

/**
 * The caller's budget ran out while the request waited for a slot under the connection's rate limit. Nothing
 * was sent, so it is a plain retry (never outcome-unknown).
 */
export class SalesmaniaRateLimitedError extends SalesmaniaError {
  override name = "SalesmaniaRateLimitedError";
  readonly retryable = true;

  constructor(operation: string, waitedMs: number, cause?: unknown) {
    super(
      operation,
      `not sent: no request slot under the connection's rate limit within the caller's budget (waited ${Math.round(waitedMs)} ms)`,
      { cause },
    );
  }
}

/** The connection failed (refused, reset, DNS). A reset after sending a create leaves its outcome unknown. */
export class SalesmaniaNetworkError extends SalesmaniaError {
  override name = "SalesmaniaNetworkError";
  readonly retryable = true;
  override readonly outcomeUnknown: boolean;

  constructor(operation: string, detail: string, requestSent: boolean, isCreate: boolean, cause?: unknown) {
    super(operation, `network error: ${detail}${isCreate && requestSent ? " (outcome unknown)" : ""}`, {
      cause,
    });
    this.outcomeUnknown = isCreate && requestSent;
  }
}

/** A 2xx answer whose body is not what the contract (often an ASSUMED part of it) describes. */
export class SalesmaniaResponseShapeError extends SalesmaniaError {
  override name = "SalesmaniaResponseShapeError";
  readonly retryable = false;

  constructor(operation: string, expected: string, got: string) {
    super(operation, `unexpected response: expected ${expected}, got ${got}`);
  }
}

/** A request argument (body, id, query) that fails its schema; nothing was sent. */
export class SalesmaniaInputError extends SalesmaniaError {
  override name = "SalesmaniaInputError";
  readonly retryable = false;

  constructor(
    operation: string,
    /** `field: reason` per problem, e.g. `ordered_products.0.qty: expected number, got "2"`. */
    readonly problems: string[],
  ) {
    super(operation, `invalid request: ${problems.join("; ")}`);
  }
}

/** A discount string outside the grammar `p(+p)*`, each p a decimal 0..100. */
export class DiscountFormatError extends Error {
  override name = "DiscountFormatError";
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`discount "${input}": ${reason}`);
  }
}

/** A phone number that is not a valid Indonesian number. */
export class PhoneFormatError extends Error {
  override name = "PhoneFormatError";
  constructor(
    readonly input: string,
    reason: string,
  ) {
    // A phone is short; anything longer is quoted only by its start and length.
    const shown = input.length > 40 ? `${input.slice(0, 40)}… (${input.length} characters)` : input;
    super(`phone "${shown}": ${reason}`);
  }
}

/** An instant that is not a valid date, or an unknown IANA time zone. */
export class DateInputError extends Error {
  override name = "DateInputError";
}

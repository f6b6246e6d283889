// Every failure of a SalesMania call is one of these named classes, each with a short `code` (what the ledger
// records; callers branch on the class or the code, never on `name`). Two flags tell a caller what it may do:
// `retryable` — repeating the same call later is safe and may succeed;
// `outcomeUnknown` — a non-idempotent call (a create) may have taken effect; it must be reconciled, never
// blindly repeated. No error message or field ever contains a token or password.

/** Every `code` a SalesMania call fails with (`http_<status>` for a non-2xx answer other than an auth refusal). */
export type SalesmaniaErrorCode =
  | `http_${number}`
  | "auth_failed"
  | "timeout"
  | "rate_limited"
  | "network_error"
  | "unexpected_response"
  | "invalid_request";

export abstract class SalesmaniaError extends Error {
  /** Short and machine-readable: what the ledger records as the attempt's error code. */
  abstract readonly code: SalesmaniaErrorCode;
  abstract readonly retryable: boolean;
  readonly outcomeUnknown: boolean = false;
  /** `METHOD /path` of the call, without the query string (it carries the team token). */
  readonly operation: string;

  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`${operation}: ${message}`, options);
    this.operation = operation;
  }
}

/** Whether the request that failed may already have taken effect, for the errors that can leave it unknown. */
export interface SentRequest {
  /** The request may have reached the server. */
  requestSent: boolean;
  /** It was a create (POST): repeating it could create twice. */
  isCreate: boolean;
}

/** What a non-2xx answer said. */
export interface HttpAnswer {
  status: number;
  apiMessage: string;
  /** The raw body text. */
  body: string;
  fieldErrors?: Record<string, string>;
  /** Seconds from `Retry-After`, when sent. */
  retryAfterSeconds?: number;
  /** The request was a create (POST) whose effect a 5xx does not rule out. */
  createMayHaveApplied: boolean;
}

/** A non-2xx answer. `body` is the raw text; `apiMessage`/`fieldErrors` come from `{message, errors}` when present. */
export class SalesmaniaHttpError extends SalesmaniaError {
  override name = "SalesmaniaHttpError";
  readonly code: SalesmaniaErrorCode;
  readonly retryable: boolean;
  override readonly outcomeUnknown: boolean;
  readonly status: number;
  readonly apiMessage: string;
  readonly body: string;
  readonly fieldErrors: Record<string, string> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(operation: string, answer: HttpAnswer) {
    super(operation, `HTTP ${answer.status} ${answer.apiMessage}`);
    this.status = answer.status;
    this.apiMessage = answer.apiMessage;
    this.body = answer.body;
    this.fieldErrors = answer.fieldErrors;
    this.retryAfterSeconds = answer.retryAfterSeconds;
    this.code = `http_${answer.status}`;
    this.retryable = answer.status === 408 || answer.status === 429 || answer.status >= 500;
    this.outcomeUnknown = answer.createMayHaveApplied && answer.status >= 500 && answer.status !== 503;
  }
}

/** Credentials rejected (token endpoint 401), or a 401 that persisted after one token refresh, or 403 team token. */
export class SalesmaniaAuthError extends SalesmaniaHttpError {
  override name = "SalesmaniaAuthError";
  override readonly code = "auth_failed";
}

/** No answer within the timeout. For a create, the server may have applied it (`outcomeUnknown`). */
export class SalesmaniaTimeoutError extends SalesmaniaError {
  override name = "SalesmaniaTimeoutError";
  readonly code = "timeout";
  readonly retryable = true;
  override readonly outcomeUnknown: boolean;

  constructor(operation: string, timeoutMs: number, request: SentRequest) {
    const unknown = request.isCreate && request.requestSent;
    super(operation, `no answer within ${timeoutMs} ms${unknown ? " (outcome unknown)" : ""}`);
    this.outcomeUnknown = unknown;
  }
}

/**
 * The caller's budget ran out while the request waited for a slot under the connection's rate limit. Nothing
 * was sent, so it is a plain retry (never outcome-unknown).
 */
export class SalesmaniaRateLimitedError extends SalesmaniaError {
  override name = "SalesmaniaRateLimitedError";
  readonly code = "rate_limited";
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
  readonly code = "network_error";
  readonly retryable = true;
  override readonly outcomeUnknown: boolean;

  constructor(operation: string, detail: string, request: SentRequest & { cause?: unknown }) {
    const unknown = request.isCreate && request.requestSent;
    super(operation, `network error: ${detail}${unknown ? " (outcome unknown)" : ""}`, {
      cause: request.cause,
    });
    this.outcomeUnknown = unknown;
  }
}

/** A 2xx answer whose body is not what the contract (often an ASSUMED part of it) describes. */
export class SalesmaniaResponseShapeError extends SalesmaniaError {
  override name = "SalesmaniaResponseShapeError";
  readonly code = "unexpected_response";
  readonly retryable = false;

  constructor(operation: string, expected: string, got: string) {
    super(operation, `unexpected response: expected ${expected}, got ${got}`);
  }
}

/** A request argument (body, id, query) that fails its schema; nothing was sent. */
export class SalesmaniaInputError extends SalesmaniaError {
  override name = "SalesmaniaInputError";
  readonly code = "invalid_request";
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
  readonly code = "invalid_discount";
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
  readonly code = "invalid_phone";
  constructor(
    readonly input: string,
    reason: string,
    /** `foreign`: a valid number of another country; `malformed`: not a valid number anywhere. */
    readonly kind: "foreign" | "malformed" = "malformed",
  ) {
    // A phone is short; anything longer is quoted only by its start and length.
    const shown = input.length > 40 ? `${input.slice(0, 40)}… (${input.length} characters)` : input;
    super(`phone "${shown}": ${reason}`);
  }
}

/** An instant that is not a valid date, or an unknown IANA time zone. */
export class DateInputError extends Error {
  override name = "DateInputError";
  readonly code = "invalid_date";
}

// Permanent or transient, decided once (docs/delivery.md#classification): every failure of an attempt —
// SalesMania's answers, references that do not resolve, a store that refuses an item for good, a connection
// that is not configured, a bug — is classified here, for inbound deliveries, the redrive and replays alike.
// A failure that retrying cannot fix is `dead` at once with its reason; everything else is retried.
import { SalesmaniaAuthError, SalesmaniaError, SalesmaniaHttpError } from "@smx/salesmania";
import { ReplayNeedsCommandError, ResolutionError, UnknownConnectionError } from "./errors.ts";
import { excerpt } from "./excerpt.ts";
import type { ErrorInfo } from "./ledger.ts";
import { UnstorableItemError } from "./store-errors.ts";

export type Failure =
  | { status: "retry"; error: ErrorInfo; retryAfterMs?: number }
  | { status: "dead"; error: ErrorInfo };

/** Ledger messages stay short whatever SalesMania or a library put in them. */
const MAX_MESSAGE_CHARS = 1_000;

/** Failures delivery meets in normal operation; anything else is a bug or an outage, logged as unexpected. */
export function isExpectedFailure(error: unknown): boolean {
  return (
    error instanceof ResolutionError ||
    error instanceof SalesmaniaError ||
    error instanceof UnstorableItemError
  );
}

export function classifyFailure(error: unknown): Failure {
  if (error instanceof ResolutionError) {
    return { status: error.retryable ? "retry" : "dead", error: error.toErrorInfo() };
  }
  if (error instanceof SalesmaniaError) {
    const info = errorInfo(error);
    // Credentials are a connection-wide problem an operator fixes once; retrying lets every waiting event
    // flow afterwards instead of each needing a replay.
    if (!(error instanceof SalesmaniaAuthError || error.retryable)) return { status: "dead", error: info };
    const failure: Failure = { status: "retry", error: info };
    if (error instanceof SalesmaniaHttpError && error.retryAfterSeconds !== undefined)
      failure.retryAfterMs = error.retryAfterSeconds * 1000;
    return failure;
  }
  if (error instanceof UnstorableItemError)
    return { status: "dead", error: { code: "unstorable_value", message: bounded(error.message) } };
  if (error instanceof UnknownConnectionError)
    return { status: "dead", error: { code: "unknown_connection", message: bounded(describe(error)) } };
  const permanent = error instanceof ReplayNeedsCommandError;
  return {
    status: permanent ? "dead" : "retry",
    error: { code: "internal_error", message: bounded(describe(error)) },
  };
}

export function errorInfo(error: SalesmaniaError): ErrorInfo {
  if (!(error instanceof SalesmaniaHttpError)) return { code: error.code, message: bounded(error.message) };
  const fields = Object.entries(error.fieldErrors ?? {}).map(([field, reason]) => `${field}: ${reason}`);
  return {
    code: error.code,
    message: bounded(fields.length ? `${error.message} (${fields.join("; ")})` : error.message),
    httpStatus: error.status,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function bounded(message: string): string {
  return excerpt(message, MAX_MESSAGE_CHARS);
}

// How a DynamoDB failure is read, after the SDK's own retries, and translated into the storage ports' errors
// (core): "cannot take this request now" (throttled, a server fault, unreachable, a deadline passed) becomes
// StoreUnavailableError, which callers answer with 503 + Retry-After; "refuses this item" (ValidationException:
// a key or an item over DynamoDB's limits) becomes UnstorableItemError, so the event is dead at once instead of
// retried. The SDK's error is kept as `cause`. Conditional-check and transaction failures pass through: the
// adapters read them as answers.
import { StoreUnavailableError, UnstorableItemError } from "@smx/core";

const THROTTLED_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "LimitExceededException",
]);
const UNAVAILABLE_NAMES = new Set(["InternalServerError", "ServiceUnavailable", "TimeoutError"]);
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

type SdkError = Error & { code?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };

function isUnavailable(error: SdkError): boolean {
  return (
    THROTTLED_NAMES.has(error.name) ||
    UNAVAILABLE_NAMES.has(error.name) ||
    error.$fault === "server" ||
    (error.$metadata?.httpStatusCode ?? 0) >= 500 ||
    (error.code !== undefined && UNREACHABLE_CODES.has(error.code))
  );
}

/** The core's error for a failed DynamoDB call about `what`; any other error comes back as it is. */
export function storeError(what: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (isUnavailable(error))
    return new StoreUnavailableError(what, THROTTLED_NAMES.has(error.name), { cause: error });
  if (error.name === "ValidationException")
    return new UnstorableItemError(what, error.message, { cause: error });
  return error;
}

/** Runs one DynamoDB call about `what`, its failures translated by `storeError`. */
export async function storeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storeError(what, error);
  }
}

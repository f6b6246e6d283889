// How a DynamoDB failure is read, after the SDK's own retries: "cannot take this request now" (throttled, a
// server fault, unreachable, a deadline passed) is transient, and callers answer it with 503 + Retry-After;
// "refuses this item" (ValidationException: a key or an item over DynamoDB's limits) is permanent, and
// becomes core's UnstorableItemError so the event is dead at once instead of retried.
import { UnstorableItemError } from "@smx/core";

const UNAVAILABLE_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
]);
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const sdk = error as Error & {
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return (
    UNAVAILABLE_NAMES.has(error.name) ||
    sdk.$fault === "server" ||
    (sdk.$metadata?.httpStatusCode ?? 0) >= 500 ||
    (sdk.code !== undefined && UNREACHABLE_CODES.has(sdk.code))
  );
}

/** DynamoDB refuses the request's key or item for good: the same request can never succeed. */
export function isItemRefused(error: unknown): error is Error {
  return error instanceof Error && error.name === "ValidationException";
}

/** Runs a DynamoDB call; a refused item becomes UnstorableItemError naming `what`. */
export async function refusedAsUnstorable<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isItemRefused(error)) throw new UnstorableItemError(what, error.message, { cause: error });
    throw error;
  }
}

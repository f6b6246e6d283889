// Whether a failure means "DynamoDB cannot take this request now" (throttled, a server fault, unreachable)
// after the SDK's own retries — as opposed to a bug or a bad item. Callers answer such failures with
// 503 + Retry-After, so senders come back later instead of treating the event as rejected.

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

// A deadline for every AWS call (DynamoDB, Secrets Manager): a connection timeout, a request timeout that
// fails the call instead of only logging a warning, and a retry budget. A slow or paused dependency then
// fails within about `maxAttempts × timeoutMs` (plus the SDK's short backoff), which the webhooks app turns
// into a 503 with Retry-After instead of a request that hangs until API Gateway gives up at 30 s.
export interface Deadlines {
  /** Connecting, and then the whole request, each within this many ms. */
  timeoutMs: number;
  /** Attempts per call, the first included (the SDK retries throttling, 5xx and timeouts). */
  maxAttempts: number;
}

/** Against AWS: DynamoDB answers in milliseconds, so a second is a fault, not a slow answer. */
export const AWS_DEADLINES: Deadlines = { timeoutMs: 1_000, maxAttempts: 2 };

/** Against an emulator on a developer's or CI's machine (DynamoDB Local's JVM shares the CPU with the tests). */
export const LOCAL_DEADLINES: Deadlines = { timeoutMs: 5_000, maxAttempts: 2 };

/** The SDK client settings that impose `deadlines`. */
export function clientDeadlines(deadlines: Deadlines) {
  return {
    maxAttempts: deadlines.maxAttempts,
    requestHandler: {
      connectionTimeout: deadlines.timeoutMs,
      requestTimeout: deadlines.timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

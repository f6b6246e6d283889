// Errors of the local stack: each names the variable or file at fault and what was expected.

/** A local-stack environment variable is missing, incomplete or unusable. */
export class LocalSettingsError extends Error {
  override name = "LocalSettingsError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`environment variable ${variable}: ${detail}`);
  }
}

/** `.local/stack.json` (written by a running local stack) is missing or not what the stack writes. */
export class LocalStackStateError extends Error {
  override name = "LocalStackStateError";
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** No sample payload exists for a source in examples/payloads. */
export class SamplePayloadError extends Error {
  override name = "SamplePayloadError";
  constructor(
    readonly source: string,
    readonly directory: string,
  ) {
    super(`no sample payload for source "${source}": expected ${directory}/${source}.json or ${source}.txt`);
  }
}

/** A hook whose auth scheme cannot be reproduced by a test request (e.g. a provider without a signer). */
export class UnsignableHookError extends Error {
  override name = "UnsignableHookError";
  constructor(
    readonly hookId: string,
    detail: string,
  ) {
    super(`hook "${hookId}": ${detail}`);
  }
}

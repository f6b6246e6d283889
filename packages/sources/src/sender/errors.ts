// Errors of a test sender: a sample it cannot find, a hook whose sender it cannot imitate.

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

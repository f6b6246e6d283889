// Errors of the local target: each names the variable or file at fault and what was expected.

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

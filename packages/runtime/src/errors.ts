// Errors raised while composing the runtime from the environment: each names the variable at fault.

/** A required environment variable is missing, or one has a value that cannot be used. */
export class RuntimeEnvError extends Error {
  override name = "RuntimeEnvError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`environment variable ${variable}: ${detail}`);
  }
}

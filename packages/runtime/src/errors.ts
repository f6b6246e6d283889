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

/** The hooks/connections configuration (file or inline JSON) could not be read or is invalid. */
export class RuntimeConfigError extends Error {
  override name = "RuntimeConfigError";
  constructor(
    readonly variable: "SMX_CONFIG" | "SMX_CONFIG_JSON",
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`configuration from ${variable}: ${detail}`, options);
  }
}

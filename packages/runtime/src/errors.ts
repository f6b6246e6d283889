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

/** The rotation was asked to rotate a secret no connection names as its tokens secret (with a loginSecret). */
export class UnknownTokensSecretError extends Error {
  override name = "UnknownTokensSecretError";
  constructor(readonly secretId: string) {
    super(
      `secret "${secretId}" is no connection's tokens secret: expected the "secret" of a connection that has a "loginSecret"`,
    );
  }
}

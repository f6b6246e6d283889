// Error classes of the sandbox. `ApiError`s become the contract's JSON error answers
// (`{message, errors?}`); the others are raised to the code that configures the sandbox.

/** An answer the simulated API gives with a non-2xx status and a `{message}` body. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 422 with a per-field `errors` map, keyed by dot path (`ordered_products.2.unit`). */
export class ValidationFailedError extends ApiError {
  override name = "ValidationFailedError";
  constructor(readonly errors: Record<string, string>) {
    super(422, "Validation failed");
  }
}

/** A seed (code, admin API or seed file) that does not fit `SandboxSeed`. */
export class SandboxSeedError extends Error {
  override name = "SandboxSeedError";
}

/** A fault rule (code or admin API) that does not fit `FaultRule`. */
export class FaultRuleError extends Error {
  override name = "FaultRuleError";
}

/** The state file exists but cannot be read back as a sandbox snapshot. */
export class StateFileError extends Error {
  override name = "StateFileError";
}

/**
 * Thrown in-process (no Node socket to destroy) when a fault drops the connection, so `app.fetch`
 * rejects the way a real `fetch` does on a reset.
 */
export class SimulatedConnectionDrop extends Error {
  override name = "SimulatedConnectionDrop";
}

/** A helper such as issueBearerToken was called with something the sandbox does not know. */
export class SandboxUsageError extends Error {
  override name = "SandboxUsageError";
}

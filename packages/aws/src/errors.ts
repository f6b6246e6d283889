// Errors raised by the AWS adapters themselves (the ports' own errors live in @smx/core, store-errors.ts).
/** A stored item does not have the shape this adapter writes (hand-edited, or written by another tool). */
export class LedgerItemError extends Error {
  override name = "LedgerItemError";
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`DynamoDB item ${key} is not a valid ledger/directory item: ${detail}`);
  }
}

/** Secrets Manager failed for another reason than "not found" (permissions, throttling, network). */
export class SecretFetchError extends Error {
  override name = "SecretFetchError";
  constructor(
    readonly ref: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`secret "${ref}" could not be read from Secrets Manager: ${reason}`, { cause });
  }
}

/** The local secrets file exists but is not `{ "<ref>": "<string>" | {…} }` JSON. */
export class SecretsFileError extends Error {
  override name = "SecretsFileError";
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`local secrets file ${file}: expected a JSON object of ref → string or object, ${detail}`);
  }
}

/** The claim on a customer's keys kept changing hands while this event tried to take it. */
export class CustomerClaimConflictError extends Error {
  override name = "CustomerClaimConflictError";
  constructor(readonly connectionId: string) {
    super(
      `connection ${connectionId}: the claim on a new customer's keys kept changing while this event tried to take it`,
    );
  }
}

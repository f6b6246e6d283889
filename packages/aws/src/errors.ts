// Errors raised by the AWS adapters themselves (the ports' own errors live in @smx/core).
import { excerpt } from "@smx/core";

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

/** A list cursor that this adapter did not issue (or that was truncated in transit). */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
  constructor(readonly cursor: string) {
    super(`cursor "${cursor.slice(0, 40)}" is not a cursor returned by a previous page`);
  }
}

/** A time bound (`dueBefore`, `since`) that is not an ISO-8601 date-time. */
export class InvalidTimestampError extends Error {
  override name = "InvalidTimestampError";
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} must be an ISO-8601 date-time such as 2026-01-31T08:00:00Z, got "${excerpt(value)}"`);
  }
}

/** BatchWriteItem kept returning unprocessed items after every retry. */
export class DirectoryWriteError extends Error {
  override name = "DirectoryWriteError";
  constructor(
    readonly connectionId: string,
    readonly unprocessed: number,
  ) {
    super(
      `directory of connection ${connectionId}: ${unprocessed} item(s) stayed unprocessed by BatchWriteItem after retries (throttled?)`,
    );
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

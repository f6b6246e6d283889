// The errors of the storage ports (ledger, directory, rate-limit schedule), defined by the core so that every
// caller — the webhooks app, the admin API, the CLI — handles them without knowing the backend. An adapter
// translates its own failures into these, keeping the backend's error as `cause`.

import type { EventAction, EventStatus } from "./events/state.ts";
import { excerpt } from "./excerpt.ts";

/**
 * The store cannot take the request now: throttled, a server fault, unreachable, or past its deadline. Nothing
 * was recorded by the failed call; the same request may succeed later (the webhooks app answers 503).
 */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(
    /** What the call was for, e.g. `ledger claim of evt_…`. */
    readonly what: string,
    /** The store refused for load (throttling) rather than a fault or an unreachable endpoint. */
    readonly throttled: boolean,
    options: { cause?: unknown } = {},
  ) {
    const reason = options.cause instanceof Error ? `${options.cause.name}: ${options.cause.message}` : "";
    super(
      `${what}: the store is ${throttled ? "throttling" : "unavailable"}${reason ? ` (${reason})` : ""}`,
      options,
    );
  }
}

/**
 * The store refuses an item for good (a key over its size limit, an item over 400 KB in DynamoDB). Retrying
 * cannot help, so the event is `dead` at once with this reason.
 */
export class UnstorableItemError extends Error {
  override name = "UnstorableItemError";
  constructor(what: string, reason: string, options?: { cause?: unknown }) {
    super(`${what} cannot be stored: ${reason}`, options);
  }
}

/** A list cursor that the store did not issue (or that was truncated in transit). */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
  constructor(readonly cursor: string) {
    super(`cursor "${cursor.slice(0, 40)}" is not a cursor returned by a previous page`);
  }
}

/** A time bound (`dueBefore`, `since`) or a stored time that is not an ISO-8601 date-time. */
export class InvalidTimestampError extends Error {
  override name = "InvalidTimestampError";
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} must be an ISO-8601 date-time such as 2026-01-31T08:00:00Z, got "${excerpt(value)}"`);
  }
}

/** A complete by a worker whose claim was taken over by another before it completed. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(readonly eventId: string) {
    super(`event ${eventId}: the claim was taken over by another worker before this one completed`);
  }
}

/** An action asked of an event in a status it does not apply to (it may have just moved on: two operators). */
export class EventStateError extends Error {
  override name = "EventStateError";
  constructor(
    readonly eventId: string,
    readonly status: EventStatus,
    readonly action: EventAction,
    readonly allowed: readonly EventStatus[],
  ) {
    super(`event ${eventId} is ${status}; ${action} applies only to ${allowed.join(", ")} events`);
  }
}

export class EventNotFoundError extends Error {
  override name = "EventNotFoundError";
  constructor(readonly eventId: string) {
    super(`no event ${eventId}`);
  }
}

/** Canonical ISO form (UTC, milliseconds) of a time bound, so stores compare times as strings in order. */
export function isoTime(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidTimestampError(field, value);
  return new Date(ms).toISOString();
}

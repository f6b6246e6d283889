// Maps what the intake made of a request (and ledger records) to HTTP answers, in one pure function:
// `answerFor`. Every answer about an event is derived from its record alone, so a redelivery of a finished
// event gets the same body as the first delivery did (see docs/http-api.md).
import { defined, type EventRecord, type ProcessResult } from "@smx/core";
import type { ErrorBody, ErrorDetail, IntakeOutcome } from "@smx/intake";

export type { ErrorBody } from "@smx/intake";

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** How long a sender is asked to wait while a hook's secret is missing, unreadable or malformed. */
const SECRET_RETRY_AFTER_S = 300;
// Not 404/410: Typeform and Calendly switch a webhook off for good on those; 503 makes them retry later.
const DISABLED_RETRY_AFTER_S = 3600;

/** The answer to one request to `/hooks/{id}`. */
export function answerFor(outcome: IntakeOutcome, now: number): Answer {
  switch (outcome.kind) {
    case "unknown_hook":
      return errorAnswer(404, {
        code: "hook_not_found",
        message: `no hook "${outcome.hookId}" is configured; check the URL path /hooks/{id}`,
      });
    case "disabled":
      return errorAnswer(
        503,
        {
          code: "hook_disabled",
          message: `hook "${outcome.hook.id}" is disabled by its operator; the sender should retry later`,
        },
        { headers: { "retry-after": String(DISABLED_RETRY_AFTER_S) } },
      );
    case "secret_problem": {
      // Our configuration is at fault, not the sender: ask it to come back once an operator fixed it.
      const [code, why] =
        outcome.problem === "unavailable"
          ? ["hook_secret_unavailable", "its secret is unavailable"]
          : ["hook_secret_invalid", "its secret is not in the form the scheme needs"];
      return errorAnswer(
        503,
        { code, message: `hook "${outcome.hook.id}" cannot verify requests right now (${why}); retry later` },
        { headers: { "retry-after": String(SECRET_RETRY_AFTER_S) } },
      );
    }
    case "too_large":
    case "unauthenticated":
      return errorAnswer(outcome.error.status, outcome.error.toErrorInfo());
    case "skipped":
      return { status: 200, body: { status: "skipped", reason: outcome.reason } };
    case "rejected":
      // The record of an earlier copy may be delivered by now (a rerun): answered as a repeat, never a 201.
      return answerForRecord(outcome.record, now);
    case "processed":
      return answerForResult(outcome.result, now);
  }
}

export function errorAnswer(
  status: number,
  error: ErrorDetail,
  extra: { eventId?: string; headers?: Record<string, string> } = {},
): Answer {
  const body: ErrorBody = { error: defined<ErrorDetail>(error) };
  if (extra.eventId !== undefined) body.eventId = extra.eventId;
  return { status, body, ...(extra.headers ? { headers: extra.headers } : {}) };
}

// Creates answer 201 the first time; updates, upserts and every repeat answer 200.
const CREATE_KINDS = new Set(["CreateVisit", "CreateOrder"]);

/** The answer a record in its current state gives. `first`: only for the request that delivered it. */
export function answerForRecord(record: EventRecord, now: number, options: { first?: boolean } = {}): Answer {
  const eventId = record.eventId;
  switch (record.status) {
    case "delivered": {
      const created =
        options.first === true && record.command !== undefined && CREATE_KINDS.has(record.command.kind);
      return {
        status: created ? 201 : 200,
        body: { eventId, status: "delivered", result: record.result ?? { ids: {} } },
      };
    }
    case "ignored":
      return { status: 200, body: { eventId, status: "ignored", result: record.result ?? { ids: {} } } };
    case "retry":
      return { status: 202, body: { eventId, status: "retry", nextAttemptAt: record.nextAttemptAt } };
    case "unknown_outcome":
      return {
        status: 202,
        body: {
          eventId,
          status: "unknown_outcome",
          message:
            "SalesMania's answer was lost after the request was sent; an operator confirms or replays this event, it is not repeated automatically",
        },
      };
    case "dead":
      return errorAnswer(422, errorOf(record, "delivery_failed"), { eventId });
    case "rejected": {
      // The stored answer keeps what ErrorInfo cannot (the header at fault); the event id is added here.
      const stored = record.response?.body as ErrorBody | undefined;
      return errorAnswer(record.response?.status ?? 422, stored?.error ?? errorOf(record, "rejected"), {
        eventId,
      });
    }
    case "closed": {
      // A person's decision (or a superseding delivery) closed it: redeliveries keep getting the answer it
      // had before, which the sender already acted on.
      const from = record.closure?.from;
      const before = from === undefined || from === "closed" ? "rejected" : from;
      return answerForRecord({ ...record, status: before }, now);
    }
    case "in_progress": {
      const retryAfter = Math.max(1, Math.ceil(((record.leaseUntil ?? now) - now) / 1000));
      return errorAnswer(
        409,
        {
          code: "in_progress",
          message: `event ${eventId} is being delivered by another request; send it again in ${retryAfter} s`,
        },
        { eventId, headers: { "retry-after": String(retryAfter) } },
      );
    }
  }
}

/** The answer to a `pipeline.process` call. */
export function answerForResult(result: ProcessResult, now: number): Answer {
  const record = result.record;
  switch (result.kind) {
    case "duplicate":
      return answerForRecord(record, now);
    case "busy":
      // A scheduled retry is accepted work (202); a live claim asks the sender to come back (409).
      return answerForRecord(record, now);
    case "conflict":
      return errorAnswer(
        409,
        {
          code: "idempotency_key_reused",
          message: `dedup key "${record.dedupKey}" was already used by event ${record.eventId} with a different payload; send a new key for a new event`,
          ...(record.dedupKeySource === "idempotency-key" ? { header: "idempotency-key" } : {}),
        },
        { eventId: record.eventId },
      );
    default:
      return answerForRecord(record, now, { first: true });
  }
}

function errorOf(record: EventRecord, fallbackCode: string): ErrorDetail {
  const error = record.lastError;
  if (!error) return { code: fallbackCode, message: `event ${record.eventId} is ${record.status}` };
  return defined<ErrorDetail>({ code: error.code, message: error.message, field: error.field });
}

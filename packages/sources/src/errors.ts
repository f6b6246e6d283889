// Errors a request can fail with before it reaches the ledger. Each maps to one HTTP status and names the
// header or field at fault, so the sender's log says what to fix.

import type { DedupKey } from "./mapping/dedup.ts";

/** What is at fault in a request, when it is one field or one header. */
export interface Fault {
  /** The body field at fault (a dotted path). */
  field?: string | undefined;
  /** The header at fault. */
  header?: string | undefined;
}

export abstract class InboundError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /**
   * The key this request would have been delivered under, when it was known before it failed (the provider's
   * id, the hook's dedup.field, the Idempotency-Key): its rejected record is kept under it, so a sender's
   * retry of the same request lands on the same record.
   */
  dedupKey?: DedupKey;
  readonly field: string | undefined;
  readonly header: string | undefined;
  constructor(message: string, fault: Fault = {}) {
    super(message);
    this.field = fault.field;
    this.header = fault.header;
  }

  /** What the sender is told and the ledger keeps: the code, the message and the field or header at fault. */
  toErrorInfo(): { code: string; message: string; field?: string; header?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.header === undefined ? {} : { header: this.header }),
    };
  }
}

/** 401: missing or wrong signature, API key, Basic credentials or URL token; or a stale timestamp. */
export class AuthenticationError extends InboundError {
  override name = "AuthenticationError";
  readonly status = 401;
  readonly code = "unauthenticated";
}

/** 400: the body cannot be parsed (malformed JSON, broken multipart, empty body). */
export class MalformedBodyError extends InboundError {
  override name = "MalformedBodyError";
  readonly status = 400;
  readonly code = "malformed_body";
}

/** 413: the body is larger than the hook allows. */
export class PayloadTooLargeError extends InboundError {
  override name = "PayloadTooLargeError";
  readonly status = 413;
  readonly code = "payload_too_large";
}

/** 415: a content type the source does not send. */
export class UnsupportedMediaTypeError extends InboundError {
  override name = "UnsupportedMediaTypeError";
  readonly status = 415;
  readonly code = "unsupported_media_type";
}

/** 422: parsed and authentic, but unusable: a missing or invalid field, no way to deduplicate, … */
export class UnusableEventError extends InboundError {
  override name = "UnusableEventError";
  readonly status = 422;
  /** `missing_field`, `invalid_field` (the default), `missing_dedup_key`, `event_too_old`, … */
  readonly code: string;
  constructor(message: string, fault: { field?: string | undefined; code?: string } = {}) {
    super(message, { field: fault.field });
    this.code = fault.code ?? "invalid_field";
  }
}

/**
 * A body within the size limit that breaks a limit of its parts (docs/http-api.md): JSON nested too deep
 * (400 `json_too_deep`), one field too long (422 `field_too_long`, naming the field).
 */
export class LimitExceededError extends InboundError {
  override name = "LimitExceededError";
  readonly status: 400 | 422;
  readonly code: "json_too_deep" | "field_too_long";
  constructor(
    message: string,
    limit: { status: 400 | 422; code: "json_too_deep" | "field_too_long"; field?: string | undefined },
  ) {
    super(message, { field: limit.field });
    this.status = limit.status;
    this.code = limit.code;
  }
}

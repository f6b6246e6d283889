// What became of one inbound request: a union the HTTP layer maps to its answer with one pure function
// (functions/webhooks/src/answers.ts), and the CLI, benches and tests read as they are.
import type { EventRecord, NormalizedEvent, ProcessResult } from "@smx/core";
import type {
  AuthenticationError,
  HookConfig,
  InboundError,
  InboundRequest,
  PayloadTooLargeError,
} from "@smx/sources";

/** What every error answer's JSON body is (docs/http-api.md); a rejected request's is kept with its record. */
export interface ErrorBody {
  error: ErrorDetail;
  eventId?: string;
}

export interface ErrorDetail {
  code: string;
  message: string;
  field?: string;
  header?: string;
}

/** Refused before the request was read or believed: nothing is recorded. */
export type Refusal =
  | { kind: "unknown_hook"; hookId: string }
  /** Switched off by its operator: the sender should come back later. */
  | { kind: "disabled"; hook: HookConfig }
  | { kind: "too_large"; hook: HookConfig; error: PayloadTooLargeError }
  | { kind: "unauthenticated"; hook: HookConfig; error: AuthenticationError }
  /** Our configuration is at fault (a secret missing, unreadable or malformed), not the sender. */
  | { kind: "secret_problem"; hook: HookConfig; problem: "unavailable" | "malformed" };

/** An authentic request, read and normalized: what the ledger step receives (or a dry run shows). */
export type Admission =
  | Refusal
  /** Authentic but unusable (400/415/422): kept as `rejected` by `receive`. */
  | { kind: "unusable"; hook: HookConfig; error: InboundError; request: InboundRequest }
  /** An event the hook deliberately does not act on (answered 200, counted, logged). */
  | { kind: "skipped"; hook: HookConfig; reason: string }
  | { kind: "admitted"; hook: HookConfig; event: NormalizedEvent; request: InboundRequest };

/** What `receive` made of a request. */
export type IntakeOutcome =
  | Refusal
  | { kind: "skipped"; hook: HookConfig; reason: string }
  /**
   * Kept as `rejected`: `record` is its ledger record — the one made now, or an earlier copy's, which may have
   * moved on since (a rerun delivered it); its answer is derived from the record either way.
   */
  | { kind: "rejected"; hook: HookConfig; error: InboundError; record: EventRecord }
  | { kind: "processed"; hook: HookConfig; event: NormalizedEvent; result: ProcessResult };

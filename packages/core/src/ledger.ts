// The ledger port: one record per (hook, dedup key), the single source of truth for "nothing lost,
// nothing done twice". The DynamoDB adapter lives in @smx/aws; see docs/ledger.md for the key design.
import type { Command } from "./commands.ts";

export const EVENT_STATUSES = [
  "in_progress", // claimed; a lease (leaseUntil) protects it while one worker delivers it
  "delivered", // SalesMania applied it; `result` says what was created or matched
  "retry", // a transient failure; due again at `nextAttemptAt`
  "dead", // a permanent failure (`lastError` says why); an operator may replay it
  "unknown_outcome", // a create whose answer was lost and that cannot be reconciled; a person decides
  "rejected", // authenticated but unusable input (bad field, missing dedup key); kept so nothing vanishes
  "ignored", // accepted and recorded with no SalesMania effect (e.g. a cancellation SalesMania cannot apply)
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export type FinalStatus = Exclude<EventStatus, "in_progress" | "retry">;

export interface ErrorInfo {
  /** Machine-readable: `customer_not_found`, `product_not_found`, `http_422`, `timeout`, … */
  code: string;
  message: string;
  /** The command field at fault, when one is (e.g. `lines[2].product`). */
  field?: string;
  /** SalesMania's HTTP status, when the error came from it. */
  httpStatus?: number;
}

/** What delivery did in SalesMania. */
export interface DeliveryResult {
  /** Ids SalesMania assigned or that were found: `{ orderId: 123, customerId: 45 }`. */
  ids: Record<string, number>;
  /** How the customer was resolved. */
  customer?: { id: number; how: "id" | "directory" | "api" | "created" };
  /** For a visit found by reconciliation instead of being created now. */
  reconciled?: boolean;
  /** A human note (e.g. why a cancellation had no effect). */
  note?: string;
}

export interface Attempt {
  at: string;
  outcome: EventStatus;
  error?: ErrorInfo;
  durationMs?: number;
  /** `replay` when an operator re-queued it. */
  trigger?: "inbound" | "redrive" | "replay";
}

/**
 * Which event this is, where it came from and how it is recognised again: a record, a claim and a
 * rejection all carry it.
 */
export interface EventIdentity {
  /** Deterministic from hookId + dedupKey (see `eventIdFor`), so a redelivery has the same id. */
  eventId: string;
  hookId: string;
  dedupKey: string;
  dedupKeySource?: string;
  connectionId: string;
  source: string;
  /** sha256 of the canonical command (or raw body when rejected): same key + other payload is a conflict. */
  fingerprint: string;
  nativeIds: Record<string, string>;
}

export interface EventRecord extends EventIdentity {
  status: EventStatus;
  /** The normalized command; absent only for a rejected event that never became one. */
  command?: Command;
  attempts: Attempt[];
  attemptCount: number;
  /** Epoch ms until which an `in_progress` claim is held. */
  leaseUntil?: number;
  /** Random per claim: completes are conditional on it, so a worker that lost its lease cannot overwrite. */
  claimToken?: string;
  nextAttemptAt?: string;
  lastError?: ErrorInfo;
  result?: DeliveryResult;
  /** The HTTP answer given the first time, replayed for duplicates. */
  response?: { status: number; body: unknown };
  receivedAt: string;
  updatedAt: string;
  /** Epoch seconds; the DynamoDB TTL attribute. */
  expiresAt: number;
}

export interface ClaimInput extends EventIdentity {
  command: Command;
  /** Epoch ms now, and how long the claim holds. */
  now: number;
  leaseMs: number;
  /** Epoch seconds the record may be deleted after. */
  expiresAt: number;
  trigger: Attempt["trigger"];
}

export type ClaimResult =
  /** New key, or an expired lease / a due retry taken over: the caller now owns delivery. */
  | {
      kind: "claimed";
      record: EventRecord;
      takenOver: boolean;
      /**
       * For a takeover, the status it was taken from: `in_progress` means the previous worker stopped
       * mid-delivery (its create may have gone out).
       */
      previousStatus?: EventStatus;
    }
  /** Already in a final state (delivered, dead, …): answer with the stored result. */
  | { kind: "finished"; record: EventRecord }
  /** Another worker holds a live lease, or a retry is scheduled for later. */
  | { kind: "busy"; record: EventRecord }
  /** Same key, different payload: reported, never merged. */
  | { kind: "conflict"; record: EventRecord };

export interface Outcome {
  status: Exclude<EventStatus, "in_progress">;
  result?: DeliveryResult;
  error?: ErrorInfo;
  nextAttemptAt?: string;
  response?: { status: number; body: unknown };
  attempt: Attempt;
}

export interface RejectInput extends EventIdentity {
  command?: Command;
  error: ErrorInfo;
  response: { status: number; body: unknown };
  now: number;
  expiresAt: number;
}

export interface ListQuery {
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}
export interface ListPage {
  items: EventRecord[];
  cursor?: string;
}

export interface Ledger {
  /** One conditional write; no read on the happy path. */
  claim(input: ClaimInput): Promise<ClaimResult>;
  /** Conditional on the record's `claimToken`; throws `LeaseLostError` if another worker took it over. */
  complete(record: EventRecord, outcome: Outcome): Promise<EventRecord>;
  /** Stores an authenticated but unusable event as `rejected` (kept, never silently dropped). */
  reject(input: RejectInput): Promise<EventRecord>;
  get(eventId: string): Promise<EventRecord | undefined>;
  /** By status, oldest `nextAttemptAt`/`updatedAt` first; `dueBefore` (ISO) limits retries to due ones. */
  listByStatus(status: EventStatus, query?: ListQuery & { dueBefore?: string }): Promise<ListPage>;
  /** By hook, newest first; `since` (ISO) bounds it. */
  listByHook(hookId: string, query?: ListQuery & { since?: string }): Promise<ListPage>;
  /**
   * Puts a `dead`, `unknown_outcome`, `rejected` or `retry` record back to `retry`, due now, optionally with
   * an edited command; the attempt history is kept. Throws `NotReplayableError` for other statuses.
   */
  requeue(
    eventId: string,
    options: { now: number; command?: Command; fingerprint?: string },
  ): Promise<EventRecord>;
}

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(readonly eventId: string) {
    super(`event ${eventId}: the claim was taken over by another worker before this one completed`);
  }
}

export class NotReplayableError extends Error {
  override name = "NotReplayableError";
  constructor(
    readonly eventId: string,
    readonly status: EventStatus,
  ) {
    super(
      `event ${eventId} is ${status}; only dead, unknown_outcome, rejected or retry events can be replayed`,
    );
  }
}

export class EventNotFoundError extends Error {
  override name = "EventNotFoundError";
  constructor(readonly eventId: string) {
    super(`no event ${eventId}`);
  }
}

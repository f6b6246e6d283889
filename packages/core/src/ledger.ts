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
  "closed", // settled by a person (dismissed) or replaced by a later delivery of it (superseded); `closure` says which
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

/** What an operator (or a sender's redelivery, for `supersede`) did to an event; recorded in its history. */
export const EVENT_ACTIONS = [
  "replay", // deliver the stored (or an edited) command again
  "rerun", // run the kept raw request through the hook's current mapping, then deliver it
  "dismiss", // close it: nothing will be delivered
  "resolve-existing", // an unknown outcome: the record exists in SalesMania (checked with a GET)
  "resolve-not-created", // an unknown outcome: it does not exist, deliver it
  "supersede", // a rejected event replaced by a later, usable delivery of the same request
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Who did an action and why: kept on the history entry it adds. */
export interface ActionEntry {
  action: EventAction;
  /** `admin-api[:<name>]`, `cli:<os user or --actor>`, or `sender` for a superseding redelivery. */
  actor: string;
  note?: string;
}

/** One line of an event's history: a delivery attempt, or an action taken on it. */
export interface Attempt {
  at: string;
  outcome: EventStatus;
  error?: ErrorInfo;
  durationMs?: number;
  /** `replay` for a delivery an operator asked for (and the requeue before it); `operator` for a settlement. */
  trigger?: "inbound" | "redrive" | "replay" | "operator";
  /** Set on the entries actions add (see `ActionEntry`). */
  action?: EventAction;
  actor?: string;
  note?: string;
}

/**
 * What an authenticated but unusable request looked like, kept on its `rejected` record so it can be run
 * through a corrected mapping (`events rerun`). Secrets are never kept: no signature, authorization, cookie
 * or API-key header, and no query string (a URL token).
 */
export interface RawRequest {
  /** The body exactly as received, base64; absent when it was larger than the cap (`bytes` says how large). */
  body?: string;
  bytes: number;
  /** Lower-case header names → values, without the secret ones. */
  headers: Record<string, string>;
}

/** How a `closed` event was closed. */
export interface Closure {
  kind: "dismissed" | "superseded";
  /** The status it was closed from (its answer to a redelivery stays that status's answer). */
  from: EventStatus;
  at: string;
  actor: string;
  reason?: string;
  /** The event that delivered it instead (superseded). */
  supersededBy?: string;
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
  /** A rejected event's request, for `rerun`; dropped once it becomes a command. */
  raw?: RawRequest;
  closure?: Closure;
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
  /**
   * New key, or an expired lease / a due retry / a rejected record (its request is usable now) taken over:
   * the caller now owns delivery.
   */
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
  raw?: RawRequest;
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
  /**
   * Stores an authenticated but unusable event as `rejected` (kept, never silently dropped); an existing
   * record of that key is returned unchanged (`created: false`).
   */
  reject(input: RejectInput): Promise<{ created: boolean; record: EventRecord }>;
  get(eventId: string): Promise<EventRecord | undefined>;
  /** By status, oldest `nextAttemptAt`/`updatedAt` first; `dueBefore` (ISO) limits retries to due ones. */
  listByStatus(status: EventStatus, query?: ListQuery & { dueBefore?: string }): Promise<ListPage>;
  /** By hook, newest first; `since` (ISO) bounds it. */
  listByHook(hookId: string, query?: ListQuery & { since?: string }): Promise<ListPage>;
  /**
   * Puts a record whose status is one of `from` back to `retry`, due now, optionally with an edited command,
   * appending `entry` to its history (which is kept). Throws `EventStateError` for other statuses.
   */
  requeue(eventId: string, options: RequeueOptions): Promise<EventRecord>;
  /**
   * Settles a record whose status is one of `from` in a final status by a person's (or a superseding
   * delivery's) decision, appending `entry` to its history. Throws `EventStateError` for other statuses.
   */
  settle(eventId: string, options: SettleOptions): Promise<EventRecord>;
}

export interface RequeueOptions {
  now: number;
  from: readonly EventStatus[];
  entry: ActionEntry;
  command?: Command;
  fingerprint?: string;
}

export interface SettleOptions {
  now: number;
  from: readonly EventStatus[];
  entry: ActionEntry;
  status: "delivered" | "closed";
  result?: DeliveryResult;
  closure?: Closure;
}

/** A record as operators see it (admin API, CLI): without the claim token, a lease holder's private handle. */
export function publicRecord(record: EventRecord): Omit<EventRecord, "claimToken"> {
  const { claimToken: _claimToken, ...shown } = record;
  return shown;
}

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

// The ledger port: one record per (hook, dedup key), the single source of truth for "nothing lost,
// nothing done twice". The rules every adapter follows are the core's (events/state.ts, events/records.ts);
// its errors are in store-errors.ts. Adapters: DynamoDB in @smx/aws (docs/ledger.md), memory in
// @smx/core/testing; both pass the contract suite in testing/ledger-contract.ts.
import type { Command } from "./commands.ts";
import type { ActionRequest, AttemptEntry, HistoryEntry } from "./events/history.ts";
import type { DeliveryStatus, EventStatus, RequeueAction, SettleAction } from "./events/state.ts";

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
  /** When the source says the event happened (ISO 8601 UTC), if it says. */
  occurredAt?: string;
  /** What the mapping left out under the hook's policies (e.g. a foreign phone dropped), for operators. */
  notes?: string[];
}

export interface EventRecord extends EventIdentity {
  status: EventStatus;
  /** The normalized command; absent only for a rejected event that never became one. */
  command?: Command;
  /** The history: delivery attempts, actions taken on it, an earlier rejection — oldest first. */
  attempts: HistoryEntry[];
  /** Delivery attempts made (the `attempt` entries). */
  attemptCount: number;
  /** Epoch ms until which an `in_progress` claim is held (the lease's own token never leaves the ledger). */
  leaseUntil?: number;
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
}

/**
 * A claim's hold on a record: complete only with it. The token is random per claim, so a worker whose lease
 * was taken over cannot overwrite the new holder's outcome.
 */
export interface Lease {
  eventId: string;
  token: string;
  /** Epoch ms the lease ends (the record's `leaseUntil`). */
  until: number;
}

export type ClaimResult =
  /**
   * New key, or an expired lease / a due retry / a rejected record (its request is usable now) taken over:
   * the caller now owns delivery.
   */
  | {
      kind: "claimed";
      record: EventRecord;
      lease: Lease;
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
  status: DeliveryStatus;
  result?: DeliveryResult;
  error?: ErrorInfo;
  nextAttemptAt?: string;
  response?: { status: number; body: unknown };
  attempt: AttemptEntry;
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
  /** Opaque cursor from a previous page (its `cursor` as it came: `undefined` for the first page). */
  cursor?: string | undefined;
}
export interface ListPage {
  items: EventRecord[];
  cursor?: string;
}

export interface Ledger {
  /** One conditional write; no read on the happy path. */
  claim(input: ClaimInput): Promise<ClaimResult>;
  /** Records an attempt's outcome, only while `lease` holds; else throws `LeaseLostError`. */
  complete(lease: Lease, outcome: Outcome): Promise<EventRecord>;
  /**
   * Stores an authenticated but unusable event as `rejected` (kept, never silently dropped); an existing
   * record of that key is returned unchanged (`created: false`).
   */
  reject(input: RejectInput): Promise<{ created: boolean; record: EventRecord }>;
  get(eventId: string): Promise<EventRecord | undefined>;
  /**
   * By status, oldest `nextAttemptAt`/`updatedAt` first (`statusOrderKey`); `dueBefore` (ISO) bounds it.
   * Throws `InvalidCursorError` for a cursor it did not issue, `InvalidTimestampError` for a bound that is
   * not a time. A page may hold fewer than `limit` items and still have a cursor.
   */
  listByStatus(status: EventStatus, query?: ListQuery & { dueBefore?: string }): Promise<ListPage>;
  /** How many `retry` records are due by `dueBefore` (ISO), counting no further than `max` (the backlog). */
  countDue(dueBefore: string, max: number): Promise<number>;
  /** By hook, newest received first (`hookOrderKey`); `since` (ISO) bounds it. Errors as `listByStatus`. */
  listByHook(hookId: string, query?: ListQuery & { since?: string }): Promise<ListPage>;
  /**
   * Puts a record whose status is one of `from` back to `retry`, due now, optionally with an edited command,
   * appending the action to its history (which is kept). Throws `EventStateError` for other statuses,
   * `EventNotFoundError` for none.
   */
  requeue(eventId: string, options: RequeueOptions): Promise<EventRecord>;
  /**
   * Settles a record whose status is one of `from` in the action's final status by a person's (or a
   * superseding delivery's) decision, appending the action to its history. Errors as `requeue`.
   */
  settle(eventId: string, options: SettleOptions): Promise<EventRecord>;
}

export interface RequeueOptions {
  now: number;
  from: readonly EventStatus[];
  entry: ActionRequest & { action: RequeueAction };
  command?: Command;
  fingerprint?: string;
}

export interface SettleOptions {
  now: number;
  from: readonly EventStatus[];
  entry: ActionRequest & { action: SettleAction };
  result?: DeliveryResult;
  closure?: Closure;
}

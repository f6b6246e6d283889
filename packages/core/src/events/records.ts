// How ledger records are made and changed, as data: every write is a guard (what must still hold, see
// state.ts) and a change (what it sets, removes and appends). The memory ledger applies changes to its copy;
// the DynamoDB ledger translates each into one conditional UpdateItem. So both follow one set of rules.

import { defined } from "../defined.ts";
import type {
  ClaimInput,
  EventRecord,
  Lease,
  Outcome,
  RejectInput,
  RequeueOptions,
  SettleOptions,
} from "../ledger.ts";
import { isoTime } from "../store-errors.ts";
import type { ActionRequest, HistoryEntry, RejectionEntry } from "./history.ts";
import {
  ACTION_RULES,
  type ActionOutcome,
  completeGuard,
  type EventStatus,
  type GuardedState,
  takeoverGuard,
  type WriteGuard,
} from "./state.ts";

/** What a write does to a record. `set` never holds an undefined value. */
export interface RecordChange {
  set: Partial<EventRecord>;
  remove: readonly (keyof EventRecord)[];
  /** One history entry appended. */
  append?: HistoryEntry;
  /** `attemptCount + 1`: the entry is a delivery attempt. */
  countAttempt?: true;
  /** The lease token held from now on, or `null` when the write ends the lease. */
  leaseToken: string | null;
}

export interface RecordWrite {
  guard: WriteGuard;
  change: RecordChange;
}

const iso = (ms: number) => new Date(ms).toISOString();

function newRecord(input: ClaimInput | RejectInput, status: EventStatus): EventRecord {
  const now = iso(input.now);
  return defined<EventRecord>({
    eventId: input.eventId,
    hookId: input.hookId,
    dedupKey: input.dedupKey,
    dedupKeySource: input.dedupKeySource,
    connectionId: input.connectionId,
    source: input.source,
    status,
    command: input.command,
    fingerprint: input.fingerprint,
    nativeIds: input.nativeIds,
    occurredAt: input.occurredAt,
    notes: input.notes,
    attempts: [],
    attemptCount: 0,
    receivedAt: now,
    updatedAt: now,
    expiresAt: input.expiresAt,
  });
}

/** The lease a claim (or a takeover) of `input` takes. */
export const leaseFor = (input: ClaimInput, token: string): Lease => ({
  eventId: input.eventId,
  token,
  until: input.now + input.leaseMs,
});

/** The record a claim of a new key writes: in progress, held by `lease`. */
export const claimedRecord = (input: ClaimInput, lease: Lease): EventRecord => ({
  ...newRecord(input, "in_progress"),
  leaseUntil: lease.until,
});

/** The record an unusable request is kept as. */
export const rejectedRecord = (input: RejectInput): EventRecord =>
  defined<EventRecord>({
    ...newRecord(input, "rejected"),
    lastError: input.error,
    response: input.response,
    raw: input.raw,
  });

/**
 * Re-claims an expired lease, a due retry or a rejected record, keeping its history and `receivedAt`; guarded
 * on what was just seen, so of two workers taking over the same record only one wins.
 */
export function takeover(existing: EventRecord & GuardedState, input: ClaimInput, lease: Lease): RecordWrite {
  const guard = takeoverGuard(existing, input);
  const set: Partial<EventRecord> = {
    status: "in_progress",
    leaseUntil: lease.until,
    updatedAt: iso(input.now),
    expiresAt: input.expiresAt,
  };
  if (existing.status !== "rejected") {
    return { guard, change: { set, remove: ["nextAttemptAt"], leaseToken: lease.token } };
  }
  // A redelivery that is usable now (the mapping was fixed): it becomes this event's command. The
  // rejection stays in the history; the kept request and the first answer go.
  const { command, fingerprint, nativeIds, dedupKeySource, occurredAt, notes } = input;
  return {
    guard,
    change: {
      set: defined<Partial<EventRecord>>({
        ...set,
        command,
        fingerprint,
        nativeIds,
        dedupKeySource,
        occurredAt,
        notes,
      }),
      remove: ["nextAttemptAt", "raw", "response", "lastError"],
      append: defined<RejectionEntry>({
        kind: "rejection",
        at: existing.updatedAt,
        outcome: "rejected",
        error: existing.lastError,
      }),
      leaseToken: lease.token,
    },
  };
}

/** Records the outcome of the attempt holding `lease`; the lease ends. */
export function completion(lease: Lease, outcome: Outcome): RecordWrite {
  const at = isoTime("attempt.at", outcome.attempt.at);
  const retry = outcome.status === "retry";
  return {
    guard: completeGuard(lease.token),
    change: {
      set: defined<Partial<EventRecord>>({
        status: outcome.status,
        updatedAt: at,
        result: outcome.result,
        lastError: outcome.error,
        response: outcome.response,
        nextAttemptAt: retry ? isoTime("nextAttemptAt", outcome.nextAttemptAt ?? at) : undefined,
      }),
      remove: retry ? ["leaseUntil"] : ["leaseUntil", "nextAttemptAt"],
      append: outcome.attempt,
      countAttempt: true,
      leaseToken: null,
    },
  };
}

const actionEntry = (request: ActionRequest, at: string, outcome: ActionOutcome): HistoryEntry =>
  defined<HistoryEntry>({ kind: "action", at, outcome, ...request });

/** → `retry` due now; the raw request and the first answer go (the event is a command from now on). */
export function requeue(options: RequeueOptions): RecordWrite {
  const at = iso(options.now);
  return {
    guard: { status: options.from },
    change: {
      set: defined<Partial<EventRecord>>({
        status: "retry",
        nextAttemptAt: at,
        updatedAt: at,
        command: options.command,
        fingerprint: options.fingerprint,
      }),
      remove: ["leaseUntil", "raw", "response"],
      append: actionEntry(options.entry, at, ACTION_RULES[options.entry.action].to),
      leaseToken: null,
    },
  };
}

/** → the action's final status, by a person's decision (delivered with a result, or closed with a closure). */
export function settlement(options: SettleOptions): RecordWrite {
  const at = iso(options.now);
  const status = ACTION_RULES[options.entry.action].to;
  return {
    guard: { status: options.from },
    change: {
      set: defined<Partial<EventRecord>>({
        status,
        updatedAt: at,
        result: options.result,
        closure: options.closure,
      }),
      remove: ["leaseUntil", "nextAttemptAt"],
      append: actionEntry(options.entry, at, status),
      leaseToken: null,
    },
  };
}

/** The record after `change` (a copy). */
export function applyChange(record: EventRecord, change: RecordChange): EventRecord {
  const next: EventRecord = { ...record, ...change.set };
  for (const field of change.remove) delete next[field];
  if (change.append) next.attempts = [...record.attempts, change.append];
  if (change.countAttempt) next.attemptCount = record.attemptCount + 1;
  return next;
}

/** The order `listByStatus` lists in: retries by when they are due, everything else by when it last changed. */
export function statusOrderKey(
  record: Pick<EventRecord, "status" | "nextAttemptAt" | "updatedAt" | "eventId">,
) {
  const at = record.status === "retry" && record.nextAttemptAt ? record.nextAttemptAt : record.updatedAt;
  return `${at}#${record.eventId}`;
}

/** The order `listByHook` lists in (newest first): when it was received. */
export const hookOrderKey = (record: Pick<EventRecord, "receivedAt" | "eventId">) =>
  `${record.receivedAt}#${record.eventId}`;

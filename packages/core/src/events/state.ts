// The event state machine, defined once: the statuses an event moves through, which of them are final, what a
// claim does with a key that exists, which statuses each operator action applies to, and the guard every
// write re-checks. Pure: the ledger adapters (DynamoDB, memory) turn guards into their conditional writes,
// and the pipeline and the operator actions ask these rules instead of listing statuses themselves.
import { EventStateError } from "../store-errors.ts";

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

/** Statuses a record never leaves by itself: a claim answers them with the stored result. */
export type FinalStatus = Exclude<EventStatus, "in_progress" | "retry">;
export const isFinal = (status: EventStatus): status is FinalStatus =>
  status !== "in_progress" && status !== "retry";

/** The statuses a delivery attempt ends in. */
export type DeliveryStatus = Exclude<EventStatus, "in_progress" | "rejected" | "closed">;
export const DELIVERY_STATUSES = EVENT_STATUSES.filter(
  (status): status is DeliveryStatus =>
    status !== "in_progress" && status !== "rejected" && status !== "closed",
);

/** What an operator (or a sender's redelivery, for `supersede`) does to an event; recorded in its history. */
export const EVENT_ACTIONS = [
  "replay", // deliver the stored (or an edited) command again
  "rerun", // run the kept raw request through the hook's current mapping, then deliver it
  "dismiss", // close it: nothing will be delivered
  "resolve-existing", // an unknown outcome: the record exists in SalesMania (checked with a GET)
  "resolve-not-created", // an unknown outcome: it does not exist, deliver it
  "supersede", // a rejected event replaced by a later, usable delivery of the same request
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Each action: the statuses it applies to, and the status it leaves the event in. */
export const ACTION_RULES = {
  replay: { from: ["dead", "rejected", "retry"], to: "retry" },
  rerun: { from: ["rejected"], to: "retry" },
  "resolve-not-created": { from: ["unknown_outcome"], to: "retry" },
  dismiss: { from: ["rejected", "dead", "unknown_outcome"], to: "closed" },
  "resolve-existing": { from: ["unknown_outcome"], to: "delivered" },
  supersede: { from: ["rejected"], to: "closed" },
} as const satisfies Record<EventAction, { from: readonly EventStatus[]; to: EventStatus }>;

type Rules = typeof ACTION_RULES;
/** The statuses an action leaves an event in. */
export type ActionOutcome = Rules[EventAction]["to"];
export const ACTION_OUTCOMES: readonly ActionOutcome[] = [
  ...new Set(Object.values(ACTION_RULES).map((rule) => rule.to)),
];
/** Actions that put an event back in the queue (`Ledger.requeue`). */
export type RequeueAction = { [A in EventAction]: Rules[A]["to"] extends "retry" ? A : never }[EventAction];
/** Actions that settle an event in a final status by a person's decision (`Ledger.settle`). */
export type SettleAction = Exclude<EventAction, RequeueAction>;

/** What a replay takes without `force`; `unknown_outcome` needs a person's check first. */
export const REPLAYABLE: readonly EventStatus[] = ACTION_RULES.replay.from;
/** What a forced replay takes: an `unknown_outcome` event too (its create may exist; a person said go). */
export const FORCE_REPLAYABLE: readonly EventStatus[] = [...REPLAYABLE, "unknown_outcome"];
/** The statuses a person may close: the ones that wait for a person. */
export const DISMISSABLE: readonly EventStatus[] = ACTION_RULES.dismiss.from;

/** Throws `EventStateError` unless `action` applies to the event's status (`from`: a narrower set). */
export function assertApplies(
  record: { eventId: string; status: EventStatus },
  action: EventAction,
  from: readonly EventStatus[] = ACTION_RULES[action].from,
): void {
  if (!from.includes(record.status)) throw new EventStateError(record.eventId, record.status, action, from);
}

/**
 * What a write decided on a record just seen requires of the record as stored: its status is one of
 * `status`, and every other member given still holds. Conditional writes check it atomically.
 */
export interface WriteGuard {
  status: readonly EventStatus[];
  /** The payload is still this one. */
  fingerprint?: string;
  /** The lease token is still this one (nobody took the claim over meanwhile). */
  leaseToken?: string;
  /** The lease ended before this time (epoch ms). */
  leaseEndedBefore?: number;
  /** The retry is due at or before this time (epoch ms); a retry without a due time is due. */
  dueBy?: number;
}

/** The facts a guard or a claim verdict reads: the record, and the token of the lease it is held by. */
export interface GuardedState {
  status: EventStatus;
  fingerprint: string;
  leaseUntil?: number;
  nextAttemptAt?: string;
  leaseToken?: string;
}

/** Whether `guard` holds for the record as stored: what a conditional write of the memory ledger checks. */
export function guardHolds(guard: WriteGuard, stored: GuardedState): boolean {
  const due = stored.nextAttemptAt === undefined ? 0 : Date.parse(stored.nextAttemptAt);
  return (
    guard.status.includes(stored.status) &&
    (guard.fingerprint === undefined || stored.fingerprint === guard.fingerprint) &&
    (guard.leaseToken === undefined || stored.leaseToken === guard.leaseToken) &&
    (guard.leaseEndedBefore === undefined || (stored.leaseUntil ?? 0) < guard.leaseEndedBefore) &&
    (guard.dueBy === undefined || due <= guard.dueBy)
  );
}

/** What a claim does with a key that exists. */
export type ClaimVerdict = "takeover" | "conflict" | "finished" | "busy";

/** A claim of an existing key: whether it may take the record over, given what was just seen of it. */
export function judgeClaim(
  existing: GuardedState,
  claim: { fingerprint: string; now: number },
): ClaimVerdict {
  // Rejected means nothing was ever delivered: a usable redelivery (whatever its payload) takes it over.
  if (existing.status === "rejected") return "takeover";
  // Closed by a person (or superseded): their decision answers every redelivery, whatever its payload.
  if (existing.status === "closed") return "finished";
  if (existing.fingerprint !== claim.fingerprint) return "conflict";
  if (isFinal(existing.status)) return "finished";
  // A live lease or a retry not yet due: the takeover's own guard decides, so verdict and write agree.
  return guardHolds(takeoverGuard(existing, claim), existing) ? "takeover" : "busy";
}

/** The guard of a takeover: the record is still as seen, and still open to one (expired lease, due retry). */
export function takeoverGuard(
  existing: GuardedState,
  claim: { fingerprint: string; now: number },
): WriteGuard {
  if (existing.status === "rejected") return { status: ["rejected"] };
  if (existing.status === "in_progress") {
    return {
      status: ["in_progress"],
      fingerprint: claim.fingerprint,
      leaseToken: existing.leaseToken ?? "",
      leaseEndedBefore: claim.now,
    };
  }
  return { status: ["retry"], fingerprint: claim.fingerprint, dueBy: claim.now };
}

/** The guard of a complete: the claim holding `leaseToken` still holds the record. */
export const completeGuard = (leaseToken: string): WriteGuard => ({
  status: ["in_progress"],
  leaseToken,
});

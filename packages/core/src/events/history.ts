// An event's history (`EventRecord.attempts`): what happened to it, in order, as a union the compiler checks —
// a delivery attempt, an action someone took on it, or the rejection of an earlier unusable copy. Every entry
// says when, and the status it left the event in.
import type { ErrorInfo } from "../ledger.ts";
import type { ActionOutcome, DeliveryStatus, EventAction } from "./state.ts";

/** What started an attempt: the sender's request, the scheduled redrive, an operator's replay, or a scheduled job (feed, plan). */
export const TRIGGERS = ["inbound", "redrive", "replay", "schedule"] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** One delivery attempt. `error` is what this try met (the record's `lastError` says why it ended there). */
export interface AttemptEntry {
  kind: "attempt";
  at: string;
  outcome: DeliveryStatus;
  trigger: Trigger;
  durationMs: number;
  error?: ErrorInfo;
}

/** An action taken on the event (a replay, a dismissal…), with who took it; `outcome` is where it left it. */
export interface ActionEntry extends ActionRequest {
  kind: "action";
  at: string;
  outcome: ActionOutcome;
}

/** The request was unusable at first; a later, usable copy of it took its record over. */
export interface RejectionEntry {
  kind: "rejection";
  at: string;
  outcome: "rejected";
  error?: ErrorInfo;
}

export type HistoryEntry = AttemptEntry | ActionEntry | RejectionEntry;

/** Who does an action and why: what the entry it adds keeps. */
export interface ActionRequest {
  action: EventAction;
  /** `admin-api[:<name>]`, `cli:<os user or --actor>`, or `sender` for a superseding redelivery. */
  actor: string;
  note?: string;
}

export const isAttempt = (entry: HistoryEntry): entry is AttemptEntry => entry.kind === "attempt";

/** An action that put the event back in the queue (a replay, a rerun, resolve --not-created). */
export const isRequeue = (entry: HistoryEntry): entry is ActionEntry =>
  entry.kind === "action" && entry.outcome === "retry";

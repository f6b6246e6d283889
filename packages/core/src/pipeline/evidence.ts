// Whether a visit or order create may already exist in SalesMania, from the event's history: such a create is
// reconciled (visits) or parked for a person (orders), never sent blindly again. See docs/delivery.md,
// "Reconciliation".
import type { Command } from "../commands.ts";
import { type DeliveryOutcome, OUTCOME_UNKNOWN } from "../delivery.ts";
import { type HistoryEntry, isRequeue } from "../events/history.ts";
import type { EventRecord } from "../ledger.ts";

export interface CreateEvidence {
  /** An earlier try may have created this event's visit/order. */
  mayHaveApplied: boolean;
  /** An operator's requeue since that evidence approves an order create despite it. */
  operatorApproved: boolean;
}

const leftUnknown = (entry: HistoryEntry) =>
  entry.kind === "attempt" && entry.error?.code === OUTCOME_UNKNOWN;

/**
 * A worker died mid-delivery (`crashed`), or any recorded attempt lost a create's answer. The whole history
 * counts, so an attempt that later failed for another reason (a 503 on the reconciliation read) does not wipe
 * the evidence. An operator's requeue approves an order create despite evidence from before it (they checked
 * SalesMania), not after it.
 */
export function createEvidence(record: EventRecord, crashed: boolean): CreateEvidence {
  const requeue = record.attempts.findLastIndex(isRequeue);
  const sinceRequeue = requeue < 0 ? record.attempts : record.attempts.slice(requeue + 1);
  return {
    mayHaveApplied:
      crashed || record.attempts.some(leftUnknown) || record.lastError?.code === OUTCOME_UNKNOWN,
    operatorApproved: requeue >= 0 && !crashed && !sinceRequeue.some(leftUnknown),
  };
}

/**
 * A create attempted under that evidence which ends in `retry` for another reason did not settle it:
 * recorded as `outcome_unknown` (the original error in the message) so the next attempt still looks first.
 */
export function keepEvidence(
  outcome: DeliveryOutcome,
  command: Command | undefined,
  mayHaveApplied: boolean,
): DeliveryOutcome {
  const creates = command?.kind === "CreateVisit" || command?.kind === "CreateOrder";
  if (!mayHaveApplied || !creates || outcome.status !== "retry") return outcome;
  if (outcome.error.code === OUTCOME_UNKNOWN) return outcome;
  const { code, message } = outcome.error;
  return {
    ...outcome,
    error: {
      ...outcome.error,
      code: OUTCOME_UNKNOWN,
      message: `an earlier attempt may have applied this create and this one could not check (${code}: ${message})`,
    },
  };
}

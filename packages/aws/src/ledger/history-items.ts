// The history (`attempts`) as stored. This version writes typed entries (`kind`); records written by earlier
// versions hold untyped ones, mapped here when read: an attempt had a `durationMs`; an operator's requeue was
// a `retry` entry with trigger `replay` and no duration (with `action`/`actor` once actions were recorded); a
// settlement had trigger `operator`; the rejection a takeover kept was a `rejected` entry.
import {
  ACTION_OUTCOMES,
  type ActionOutcome,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  EVENT_ACTIONS,
  EVENT_STATUSES,
  type HistoryEntry,
  TRIGGERS,
  type Trigger,
} from "@smx/core";
import * as v from "valibot";

const ErrorInfo = v.looseObject({ code: v.string(), message: v.string() });
const Actor = { action: v.picklist(EVENT_ACTIONS), actor: v.string(), note: v.optional(v.string()) };

const Typed = v.variant("kind", [
  v.looseObject({
    kind: v.literal("attempt"),
    at: v.string(),
    outcome: v.picklist(DELIVERY_STATUSES),
    trigger: v.picklist(TRIGGERS),
    durationMs: v.number(),
    error: v.optional(ErrorInfo),
  }),
  v.looseObject({
    kind: v.literal("action"),
    at: v.string(),
    outcome: v.picklist(ACTION_OUTCOMES),
    ...Actor,
  }),
  v.looseObject({
    kind: v.literal("rejection"),
    at: v.string(),
    outcome: v.literal("rejected"),
    error: v.optional(ErrorInfo),
  }),
]);

const Untyped = v.looseObject({
  at: v.string(),
  outcome: v.picklist(EVENT_STATUSES),
  trigger: v.optional(v.string()),
  durationMs: v.optional(v.number()),
  action: v.optional(Actor.action),
  actor: v.optional(v.string()),
  note: v.optional(v.string()),
  error: v.optional(ErrorInfo),
});

function fromUntyped(entry: v.InferOutput<typeof Untyped>): HistoryEntry {
  const { at, outcome, error, note } = entry;
  const byPerson =
    entry.action !== undefined ||
    entry.trigger === "operator" ||
    (entry.trigger === "replay" && entry.durationMs === undefined);
  if (byPerson) {
    return {
      kind: "action",
      at,
      outcome: outcome as ActionOutcome,
      action: entry.action ?? "replay",
      actor: entry.actor ?? "operator",
      ...(note === undefined ? {} : { note }),
    };
  }
  if (outcome === "rejected") return { kind: "rejection", at, outcome, ...(error ? { error } : {}) };
  return {
    kind: "attempt",
    at,
    outcome: outcome as DeliveryStatus,
    trigger: (entry.trigger ?? "inbound") as Trigger,
    durationMs: entry.durationMs ?? 0,
    ...(error ? { error } : {}),
  };
}

/** One stored history entry, typed: as written now, or mapped from an earlier version's shape. */
export const StoredHistoryEntry = v.union([
  v.pipe(
    Typed,
    v.transform((entry) => entry as HistoryEntry),
  ),
  v.pipe(Untyped, v.transform(fromUntyped)),
]);

// Which console actions an event's status allows, and what each will do in words — from the core's one
// state machine (ACTION_RULES), so the console offers exactly what the operations accept.
import { ACTION_RULES, DISMISSABLE, type EventRecord, REPLAYABLE } from "@smx/core";

export const ACTION_NAMES = ["replay", "rerun", "resolve", "dismiss"] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const ACTIONS: Record<ActionName, { label: string; does: string }> = {
  replay: {
    label: "Replay",
    does: "puts the event back in the queue and delivers its stored command to SalesMania now. Its history is kept.",
  },
  rerun: {
    label: "Rerun",
    does: "runs the request that was kept through the hook's current mapping, then delivers the command it makes under the event's dedup key.",
  },
  resolve: {
    label: "Resolve",
    does: "settles an event whose create may or may not have reached SalesMania, after you checked there: give the id of the record it created (it is read back and checked, then the event is marked delivered with it), or say it was not created (it is delivered now).",
  },
  dismiss: {
    label: "Dismiss",
    does: "closes the event: nothing more is delivered, and a redelivery by the sender gets the answer it had before.",
  },
};

const ALLOWS: Record<ActionName, (record: EventRecord) => boolean> = {
  // unknown_outcome too: the confirmation page warns, and the replay is forced only once ticked.
  replay: (record) => REPLAYABLE.includes(record.status) || record.status === "unknown_outcome",
  rerun: (record) =>
    ACTION_RULES.rerun.from.includes(record.status as "rejected") && record.raw?.body !== undefined,
  resolve: (record) => ACTION_RULES["resolve-existing"].from.includes(record.status as "unknown_outcome"),
  dismiss: (record) => DISMISSABLE.includes(record.status),
};

export function applicable(record: EventRecord): ActionName[] {
  return ACTION_NAMES.filter((action) => ALLOWS[action](record));
}

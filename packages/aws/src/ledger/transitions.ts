// The updates behind the ledger's operator transitions (requeue, settle): each is conditional on the
// statuses it applies to, so of two operators doing the same thing at once only one write lands.
import type { Attempt, EventStatus, RequeueOptions, SettleOptions } from "@smx/core";
import { statusPartition, statusSortKey } from "./items.ts";
import { UpdateBuilder } from "./update-builder.ts";

/** Appends one history entry (records written before history entries existed may lack the list). */
function appendEntry(update: UpdateBuilder, entry: Attempt): UpdateBuilder {
  return update.setRaw("attempts = list_append(if_not_exists(attempts, :none), :entry)", {
    ":none": [],
    ":entry": [entry],
  });
}

function fromStatuses(update: UpdateBuilder, from: readonly EventStatus[]): UpdateBuilder {
  return update.condition(
    `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(", ")})`,
    {
      ...Object.fromEntries(from.map((status, i) => [`:from${i}`, status])),
    },
  );
}

/** → `retry` due now; the raw request and the first answer go (the event is a command from now on). */
export function requeueUpdate(eventId: string, options: RequeueOptions): UpdateBuilder {
  const at = new Date(options.now).toISOString();
  const update = new UpdateBuilder()
    .set("status", "retry")
    .set("nextAttemptAt", at)
    .set("nextAttemptAtMs", options.now)
    .set("updatedAt", at)
    .set("gsi1pk", statusPartition("retry"))
    .set("gsi1sk", statusSortKey({ status: "retry", nextAttemptAt: at, updatedAt: at, eventId }))
    .setIfDefined("command", options.command)
    .setIfDefined("fingerprint", options.fingerprint)
    .remove("leaseUntil", "claimToken", "raw", "response");
  appendEntry(update, { at, outcome: "retry", trigger: "replay", ...options.entry });
  return fromStatuses(update, options.from);
}

/** → a final status decided by a person (delivered with a result, or closed with a closure). */
export function settleUpdate(eventId: string, options: SettleOptions): UpdateBuilder {
  const at = new Date(options.now).toISOString();
  const update = new UpdateBuilder()
    .set("status", options.status)
    .set("updatedAt", at)
    .set("gsi1pk", statusPartition(options.status))
    .set("gsi1sk", statusSortKey({ status: options.status, updatedAt: at, eventId }))
    .setIfDefined("result", options.result)
    .setIfDefined("closure", options.closure)
    .remove("leaseUntil", "claimToken", "nextAttemptAt", "nextAttemptAtMs");
  appendEntry(update, { at, outcome: options.status, trigger: "operator", ...options.entry });
  return fromStatuses(update, options.from);
}

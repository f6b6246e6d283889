// A ledger write (core's RecordWrite: a guard and a change) as one DynamoDB UpdateItem: the change as SET /
// REMOVE clauses (with the index keys and bookkeeping attributes it implies), the guard as its condition. The
// rules themselves — which writes exist, what they change, what they re-check — are the core's.
import { type RecordWrite, statusOrderKey, type WriteGuard } from "@smx/core";
import { statusPartition } from "./items.ts";
import { UpdateBuilder } from "./update-builder.ts";

export function updateFor(eventId: string, write: RecordWrite): UpdateBuilder {
  const { set, remove, append, countAttempt, leaseToken } = write.change;
  const update = new UpdateBuilder();
  for (const [attribute, value] of Object.entries(set)) update.set(attribute, value);
  if (set.status !== undefined && set.updatedAt !== undefined) {
    const { status, updatedAt, nextAttemptAt } = set;
    update
      .set("gsi1pk", statusPartition(status))
      .set(
        "gsi1sk",
        statusOrderKey({ status, updatedAt, eventId, ...(nextAttemptAt ? { nextAttemptAt } : {}) }),
      );
  }
  // Conditions compare due times as numbers.
  if (set.nextAttemptAt !== undefined) update.set("nextAttemptAtMs", Date.parse(set.nextAttemptAt));
  const removed: string[] = [...remove];
  if (remove.includes("nextAttemptAt")) removed.push("nextAttemptAtMs");
  if (leaseToken === null) removed.push("claimToken");
  else update.set("claimToken", leaseToken);
  if (removed.length > 0) update.remove(...removed);
  // Records written before history entries existed may lack the list.
  if (append !== undefined)
    update.setRaw("attempts = list_append(if_not_exists(attempts, :none), :entry)", {
      ":none": [],
      ":entry": [append],
    });
  if (countAttempt) update.setRaw("attemptCount = attemptCount + :one", { ":one": 1 });
  return conditioned(update, write.guard);
}

/** The guard as the UpdateItem's condition (`#status` is a reserved word; the other names are not). */
function conditioned(update: UpdateBuilder, guard: WriteGuard): UpdateBuilder {
  const values: Record<string, unknown> = {};
  const statuses = guard.status.map((status, i) => {
    values[`:guard_status${i}`] = status;
    return `:guard_status${i}`;
  });
  const clauses = [`#status IN (${statuses.join(", ")})`];
  if (guard.fingerprint !== undefined) {
    clauses.push("fingerprint = :guard_fingerprint");
    values[":guard_fingerprint"] = guard.fingerprint;
  }
  if (guard.leaseToken !== undefined) {
    clauses.push("claimToken = :guard_token");
    values[":guard_token"] = guard.leaseToken;
  }
  if (guard.leaseEndedBefore !== undefined) {
    clauses.push("leaseUntil < :guard_lease_end");
    values[":guard_lease_end"] = guard.leaseEndedBefore;
  }
  if (guard.dueBy !== undefined) {
    clauses.push("(attribute_not_exists(nextAttemptAtMs) OR nextAttemptAtMs <= :guard_due)");
    values[":guard_due"] = guard.dueBy;
  }
  return update.condition(clauses.join(" AND "), values);
}

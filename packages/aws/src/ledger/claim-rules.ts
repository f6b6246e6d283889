// The rules of a claim, as pure functions over records: what a claim does with a key that exists, and the
// conditional updates of a takeover and of a complete. DynamoLedger sends them; docs/ledger.md explains them.
import type { Attempt, ClaimInput, EventRecord, EventStatus, Outcome, RejectInput } from "@smx/core";
import { isFinal, isoTime, statusPartition, statusSortKey } from "./items.ts";
import { UpdateBuilder } from "./update-builder.ts";

export type Verdict = "takeover" | "conflict" | "finished" | "busy";

/** A record as first written for a claim or a rejection: the event's identity, no attempts yet. */
export function newRecord(input: ClaimInput | RejectInput, status: EventStatus): EventRecord {
  const now = new Date(input.now).toISOString();
  return {
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
    attempts: [],
    attemptCount: 0,
    receivedAt: now,
    updatedAt: now,
    expiresAt: input.expiresAt,
  };
}

/** A rejected record's rejection as a line of its history. */
function rejection(record: EventRecord): Attempt {
  return {
    at: record.updatedAt,
    outcome: "rejected",
    trigger: "inbound",
    ...(record.lastError ? { error: record.lastError } : {}),
  };
}

/** What a claim does with a key that exists (the same rules as the condition of `takeOver`). */
export function judge(existing: EventRecord, input: ClaimInput): Verdict {
  // Rejected means nothing was ever delivered: a usable redelivery (whatever its payload) takes it over.
  if (existing.status === "rejected") return "takeover";
  // Closed by a person (or superseded): their decision answers every redelivery, whatever its payload.
  if (existing.status === "closed") return "finished";
  if (existing.fingerprint !== input.fingerprint) return "conflict";
  if (isFinal(existing.status)) return "finished";
  if (existing.status === "in_progress") return (existing.leaseUntil ?? 0) < input.now ? "takeover" : "busy";
  const due = existing.nextAttemptAt ? Date.parse(existing.nextAttemptAt) : 0;
  return due <= input.now ? "takeover" : "busy";
}

/** Re-claims an expired lease, a due retry or a rejected record; guarded on what was just seen. */
export function takeoverUpdate(existing: EventRecord, input: ClaimInput, token: string): UpdateBuilder {
  const at = new Date(input.now).toISOString();
  const update = new UpdateBuilder()
    .set("status", "in_progress")
    .set("leaseUntil", input.now + input.leaseMs)
    .set("claimToken", token)
    .set("updatedAt", at)
    .set("expiresAt", input.expiresAt)
    .set("gsi1pk", statusPartition("in_progress"))
    .set("gsi1sk", statusSortKey({ status: "in_progress", updatedAt: at, eventId: input.eventId }))
    .remove("nextAttemptAt", "nextAttemptAtMs");
  // Guarded on what was just seen, so of two workers taking over the same record only one wins.
  const values = { ":fp": input.fingerprint, ":now": input.now };
  if (existing.status === "rejected") {
    // A redelivery that is usable now (the mapping was fixed): it becomes this event's command. The
    // rejection stays in the history; the kept request and the first answer go.
    update
      .set("command", input.command)
      .set("fingerprint", input.fingerprint)
      .set("nativeIds", input.nativeIds)
      .setIfDefined("dedupKeySource", input.dedupKeySource)
      .setRaw("attempts = list_append(attempts, :rejection)", {
        ":rejection": [rejection(existing)],
      })
      .remove("raw", "response", "lastError")
      .condition("#status = :rejected", { ":rejected": "rejected" });
  } else if (existing.status === "in_progress") {
    update.condition(
      "fingerprint = :fp AND #status = :in_progress AND claimToken = :seenToken AND leaseUntil < :now",
      { ...values, ":in_progress": "in_progress", ":seenToken": existing.claimToken ?? "" },
    );
  } else {
    update.condition("fingerprint = :fp AND #status = :retry AND nextAttemptAtMs <= :now", {
      ...values,
      ":retry": "retry",
    });
  }
  return update;
}

/** Records the outcome of the claim holding `claimToken`, and which claim completed it. */
export function completeUpdate(record: EventRecord, claimToken: string, outcome: Outcome): UpdateBuilder {
  const at = isoTime("attempt.at", outcome.attempt.at);
  const nextAttemptAt =
    outcome.status === "retry" ? isoTime("nextAttemptAt", outcome.nextAttemptAt ?? at) : undefined;
  const update = new UpdateBuilder()
    .set("status", outcome.status)
    .setRaw("attempts = list_append(attempts, :attempt)", { ":attempt": [outcome.attempt] })
    .setRaw("attemptCount = attemptCount + :one", { ":one": 1 })
    .set("updatedAt", at)
    .set("gsi1pk", statusPartition(outcome.status))
    .set(
      "gsi1sk",
      statusSortKey({ status: outcome.status, nextAttemptAt, updatedAt: at, eventId: record.eventId }),
    )
    .setIfDefined("result", outcome.result)
    .setIfDefined("lastError", outcome.error)
    .setIfDefined("response", outcome.response)
    // Remembers which claim completed it, so an SDK retry of this very write is recognised (DynamoLedger).
    .set("completedToken", claimToken)
    .remove("leaseUntil", "claimToken");
  if (nextAttemptAt)
    update.set("nextAttemptAt", nextAttemptAt).set("nextAttemptAtMs", Date.parse(nextAttemptAt));
  else update.remove("nextAttemptAt", "nextAttemptAtMs");
  update.condition("claimToken = :token AND #status = :in_progress", {
    ":token": claimToken,
    ":in_progress": "in_progress",
  });
  return update;
}

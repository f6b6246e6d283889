// Listing, operator transitions and rejection on the DynamoDB ledger (DynamoDB Local, one table for this file).
import { EventNotFoundError, EventStateError, type RejectInput } from "@smx/core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoLedger, InvalidCursorError, InvalidTimestampError } from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";
import { claimInput, deadOutcome, delivered, retryAt, T0, visitCommand } from "./fixtures.ts";

let ledger: DynamoLedger;

beforeAll(async () => {
  const table = await createTestTable(inject("dynamoEndpoint"), "ledger-queries");
  ledger = new DynamoLedger({ doc: table.doc, tableName: table.tableName });
});

const iso = (ms: number) => new Date(ms).toISOString();
const REPLAY = {
  from: ["dead", "rejected", "retry"] as const,
  entry: { action: "replay" as const, actor: "cli:ana" },
};

async function retryDueAt(hookId: string, dueAt: number, receivedAt = T0) {
  const input = claimInput({ hookId, now: receivedAt });
  const claimed = await ledger.claim(input);
  await ledger.complete(claimed.record, retryAt(receivedAt + 10, dueAt));
  return input.eventId;
}

describe("DynamoLedger.listByStatus", () => {
  it("lists retries oldest-due first, bounded by dueBefore, page by page with a cursor", async () => {
    // Created out of order on purpose: the index, not insertion order, decides.
    const due3 = await retryDueAt("h-list", T0 + 3_000);
    const due1 = await retryDueAt("h-list", T0 + 1_000);
    const later = await retryDueAt("h-list", T0 + 90_000);
    const due2 = await retryDueAt("h-list", T0 + 2_000);

    const all = await ledger.listByStatus("retry", { dueBefore: iso(T0 + 3_000) });
    expect(all.items.map((r) => r.eventId)).toEqual([due1, due2, due3]);
    expect(all.items.every((r) => r.status === "retry")).toBe(true);

    const first = await ledger.listByStatus("retry", { dueBefore: iso(T0 + 3_000), limit: 2 });
    expect(first.items.map((r) => r.eventId)).toEqual([due1, due2]);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await ledger.listByStatus("retry", {
      dueBefore: iso(T0 + 3_000),
      limit: 2,
      cursor: first.cursor,
    });
    expect(second.items.map((r) => r.eventId)).toEqual([due3]);

    const everything = await ledger.listByStatus("retry");
    expect(everything.items.map((r) => r.eventId)).toContain(later);
  });

  it("moves a record between status partitions as it changes", async () => {
    const eventId = await retryDueAt("h-move", T0 + 500);
    const claimed = await ledger.claim(claimInput({ eventId, hookId: "h-move", now: T0 + 600 }));
    await ledger.complete(claimed.record, deadOutcome(T0 + 700));
    expect((await ledger.listByStatus("retry")).items.map((r) => r.eventId)).not.toContain(eventId);
    expect((await ledger.listByStatus("dead")).items.map((r) => r.eventId)).toContain(eventId);
  });

  it("refuses a cursor it did not issue and a dueBefore that is not a time", async () => {
    await expect(ledger.listByStatus("retry", { cursor: "bm90LWEtY3Vyc29y" })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(ledger.listByStatus("retry", { dueBefore: "tomorrow" })).rejects.toThrow(
      InvalidTimestampError,
    );
  });
});

describe("DynamoLedger.listByHook", () => {
  it("lists a hook's events newest first, bounded by since", async () => {
    const ids: string[] = [];
    for (const minute of [1, 2, 3, 4]) {
      const input = claimInput({ hookId: "h-recent", now: T0 + minute * 60_000 });
      await ledger.claim(input);
      ids.push(input.eventId);
    }
    await ledger.claim(claimInput({ hookId: "h-other", now: T0 + 5 * 60_000 }));

    const page = await ledger.listByHook("h-recent");
    expect(page.items.map((r) => r.eventId)).toEqual([...ids].reverse());
    const recent = await ledger.listByHook("h-recent", { since: iso(T0 + 3 * 60_000) });
    expect(recent.items.map((r) => r.eventId)).toEqual([ids[3], ids[2]]);
  });
});

describe("DynamoLedger.requeue", () => {
  it("puts a dead event back to retry, due now, with an edited command and its history kept", async () => {
    const input = claimInput();
    const claimed = await ledger.claim(input);
    await ledger.complete(claimed.record, deadOutcome(T0 + 100));

    const edited = visitCommand("C-2");
    const requeued = await ledger.requeue(input.eventId, {
      ...REPLAY,
      now: T0 + 10_000,
      command: edited,
      fingerprint: "fp-2",
    });
    expect(requeued.status).toBe("retry");
    expect(requeued.nextAttemptAt).toBe(iso(T0 + 10_000));
    expect(requeued.command).toEqual(edited);
    expect(requeued.fingerprint).toBe("fp-2");
    expect(requeued.attempts.map((a) => [a.outcome, a.trigger, a.action, a.actor])).toEqual([
      ["dead", "inbound", undefined, undefined],
      ["retry", "replay", "replay", "cli:ana"],
    ]);
    expect(
      (await ledger.listByStatus("retry", { dueBefore: iso(T0 + 10_000) })).items.map((r) => r.eventId),
    ).toContain(input.eventId);

    // The redrive claims it with the edited payload and can deliver it.
    const again = await ledger.claim({ ...input, command: edited, fingerprint: "fp-2", now: T0 + 10_000 });
    expect(again).toMatchObject({ kind: "claimed", takenOver: true });
    const done = await ledger.complete(again.record, delivered(T0 + 10_100));
    expect(done.attemptCount).toBe(2);
  });

  it("refuses a delivered event and a missing one", async () => {
    const input = claimInput();
    const claimed = await ledger.claim(input);
    await ledger.complete(claimed.record, delivered(T0 + 100));
    const refused = ledger.requeue(input.eventId, { ...REPLAY, now: T0 + 1_000 });
    await expect(refused).rejects.toBeInstanceOf(EventStateError);
    await expect(refused).rejects.toMatchObject({ status: "delivered", action: "replay" });
    expect((await ledger.get(input.eventId))?.status).toBe("delivered");
    await expect(ledger.requeue("evt-missing", { ...REPLAY, now: T0 })).rejects.toBeInstanceOf(
      EventNotFoundError,
    );
  });
});

describe("DynamoLedger.settle", () => {
  const dismiss = (now: number) => ({
    now,
    from: ["dead"] as const,
    status: "closed" as const,
    closure: {
      kind: "dismissed" as const,
      from: "dead" as const,
      at: iso(now),
      actor: "cli:ana",
      reason: "dup",
    },
    entry: { action: "dismiss" as const, actor: "cli:ana", note: "dup" },
  });

  it("closes a dead event once, for two operators at once, and records who and when", async () => {
    const input = claimInput({ hookId: "h-settle" });
    const claimed = await ledger.claim(input);
    await ledger.complete(claimed.record, deadOutcome(T0 + 100));
    const both = await Promise.allSettled([
      ledger.settle(input.eventId, dismiss(T0 + 1_000)),
      ledger.settle(input.eventId, dismiss(T0 + 1_001)),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(EventStateError);
    expect(refused.reason).toMatchObject({ status: "closed", action: "dismiss" });
    const closed = await ledger.get(input.eventId);
    expect(closed).toMatchObject({ status: "closed", closure: { kind: "dismissed", actor: "cli:ana" } });
    expect(closed?.attempts.map((a) => [a.outcome, a.trigger, a.action])).toEqual([
      ["dead", "inbound", undefined],
      ["closed", "operator", "dismiss"],
    ]);
    expect((await ledger.listByStatus("closed")).items.map((r) => r.eventId)).toContain(input.eventId);
    expect((await ledger.listByStatus("dead")).items.map((r) => r.eventId)).not.toContain(input.eventId);
  });
});

describe("DynamoLedger.reject", () => {
  it("stores a rejected record and keeps the first one when the key comes again", async () => {
    const base = claimInput({ hookId: "h-reject" });
    const reject = {
      eventId: base.eventId,
      hookId: base.hookId,
      dedupKey: base.dedupKey,
      connectionId: base.connectionId,
      source: base.source,
      fingerprint: "raw-sha",
      nativeIds: {},
      error: { code: "invalid_field", message: "date must be YYYY-MM-DD", field: "date" },
      response: { status: 422, body: { error: { code: "invalid_field" } } },
      now: T0,
      expiresAt: base.expiresAt,
    };
    const first = await ledger.reject(reject);
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ status: "rejected", lastError: reject.error, attemptCount: 0 });
    expect(first.record.command).toBeUndefined();

    const second = await ledger.reject({
      ...reject,
      now: T0 + 1_000,
      error: { code: "other", message: "x" },
    });
    expect(second).toEqual({ created: false, record: first.record });
    expect(await ledger.get(base.eventId)).toEqual(first.record);
    expect((await ledger.listByStatus("rejected")).items.map((r) => r.eventId)).toContain(base.eventId);
  });

  it("is taken over by a usable redelivery of its key, keeping the rejection in the history", async () => {
    const base = claimInput({ hookId: "h-reject-fixed" });
    const reject: RejectInput = {
      ...base,
      fingerprint: "raw-sha",
      raw: { bytes: 2, body: "e30=", headers: { "content-type": "application/json" } },
      error: { code: "missing_field", message: "date is required", field: "date" },
      response: { status: 422, body: { error: { code: "missing_field" } } },
    };
    await ledger.reject(reject);
    const claimed = await ledger.claim({ ...base, now: T0 + 5_000 });
    expect(claimed).toMatchObject({ kind: "claimed", takenOver: true, previousStatus: "rejected" });
    expect(claimed.record).toMatchObject({ status: "in_progress", command: base.command });
    expect(claimed.record).not.toHaveProperty("raw");
    expect(claimed.record).not.toHaveProperty("response");
    expect(claimed.record).not.toHaveProperty("lastError");
    // A second copy at the same moment finds it held.
    expect((await ledger.claim({ ...base, now: T0 + 5_000 })).kind).toBe("busy");
    const done = await ledger.complete(claimed.record, delivered(T0 + 5_100));
    expect(done.attempts.map((a) => [a.outcome, a.error?.code])).toEqual([
      ["rejected", "missing_field"],
      ["delivered", undefined],
    ]);
  });
});

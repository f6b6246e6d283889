// The ledger contract: what every `Ledger` must do, as vitest tests registered against one implementation.
// Core runs it on the memory ledger (test/ledger-contract.test.ts), @smx/aws on DynamoDB Local; each
// adapter's own tests cover only what is its own (costs, TTL, a store's retried writes).
import { describe, expect, it } from "vitest";
import type { Ledger, RejectInput } from "../ledger.ts";
import {
  EventNotFoundError,
  EventStateError,
  InvalidCursorError,
  InvalidTimestampError,
  LeaseLostError,
} from "../store-errors.ts";
import {
  claimInput,
  claimOrFail,
  deadOutcome,
  delivered,
  LEASE_MS,
  retryAt,
  T0,
  visitCommand,
} from "./ledger-fixtures.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const REPLAY = {
  from: ["dead", "rejected", "retry"] as const,
  entry: { action: "replay" as const, actor: "cli:ana" },
};
const ids = (page: { items: { eventId: string }[] }) => page.items.map((record) => record.eventId);

/** Registers the contract's tests; `create` gives a new, empty ledger (each test takes its own). */
export function ledgerContract(name: string, create: () => Promise<Ledger>): void {
  async function retryDueAt(ledger: Ledger, hookId: string, dueAt: number) {
    const input = claimInput({ hookId });
    await ledger.complete((await claimOrFail(ledger, input)).lease, retryAt(T0 + 10, dueAt));
    return input.eventId;
  }

  describe(`${name}: claim and complete`, () => {
    it("gives exactly one of 50 concurrent claims of one key; the rest are busy", async () => {
      const ledger = await create();
      const input = claimInput();
      const results = await Promise.all(Array.from({ length: 50 }, () => ledger.claim(input)));
      expect(results.filter((r) => r.kind === "claimed")).toHaveLength(1);
      expect(results.filter((r) => r.kind === "busy")).toHaveLength(49);
      const stored = await ledger.get(input.eventId);
      expect(stored).toMatchObject({ status: "in_progress", leaseUntil: T0 + LEASE_MS, attempts: [] });
      // The lease's token stays with its holder: no record carries it.
      for (const result of results) expect(result.record).not.toHaveProperty("claimToken");
      expect(stored).not.toHaveProperty("claimToken");
    });

    it("keeps when the source says the event happened", async () => {
      const ledger = await create();
      const input = claimInput({ occurredAt: "2026-02-28T23:59:00.000Z" });
      await ledger.claim(input);
      expect((await ledger.get(input.eventId))?.occurredAt).toBe("2026-02-28T23:59:00.000Z");
    });

    it("answers a finished key with the stored result", async () => {
      const ledger = await create();
      const input = claimInput();
      const first = await claimOrFail(ledger, input);
      expect(first).toMatchObject({
        takenOver: false,
        lease: { eventId: input.eventId, until: T0 + LEASE_MS },
      });
      await ledger.complete(first.lease, delivered(T0 + 100));
      const again = await ledger.claim({ ...input, now: T0 + 5_000 });
      expect(again.kind).toBe("finished");
      expect(again.record).toMatchObject({
        status: "delivered",
        result: { ids: { visitCustomerId: 45 }, customer: { id: 45, how: "directory" } },
        response: { status: 200, body: { ok: true } },
        attemptCount: 1,
      });
    });

    it("takes over an expired lease, keeping history, but not a live one", async () => {
      const ledger = await create();
      const input = claimInput();
      const first = await claimOrFail(ledger, input);
      await ledger.complete(first.lease, retryAt(T0 + 100, T0 + 1_000));
      const second = await claimOrFail(ledger, { ...input, now: T0 + 2_000 });
      expect(second).toMatchObject({ takenOver: true, previousStatus: "retry" });

      expect((await ledger.claim({ ...input, now: T0 + 2_000 + LEASE_MS - 1 })).kind).toBe("busy");
      const expired = await claimOrFail(ledger, { ...input, now: T0 + 2_000 + LEASE_MS + 1 });
      expect(expired).toMatchObject({ takenOver: true, previousStatus: "in_progress" });
      expect(expired.lease.token).not.toBe(second.lease.token);
      expect(expired.record).toMatchObject({
        receivedAt: iso(T0),
        attemptCount: 1,
        lastError: { code: "http_503" },
      });
      expect(expired.record.attempts).toHaveLength(1);
      expect(expired.record.nextAttemptAt).toBeUndefined();
      // The lease taken over no longer completes; the new one does, once.
      await expect(ledger.complete(second.lease, delivered(T0 + 40_000))).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      const done = await ledger.complete(expired.lease, delivered(T0 + 40_001));
      expect(done).toMatchObject({ status: "delivered", attemptCount: 2 });
      expect(done.leaseUntil).toBeUndefined();
      await ledger.complete(expired.lease, deadOutcome(T0 + 40_002)).catch(() => undefined);
      expect(await ledger.get(input.eventId)).toMatchObject({ status: "delivered", attemptCount: 2 });
    });

    it("reports the same key with another payload as a conflict, without touching it", async () => {
      const ledger = await create();
      const input = claimInput();
      await ledger.claim(input);
      const other = await ledger.claim({ ...input, fingerprint: "fp-other", now: T0 + LEASE_MS + 1 });
      expect(other.kind).toBe("conflict");
      expect(other.record.fingerprint).toBe("fp-1");
      expect((await ledger.get(input.eventId))?.leaseUntil).toBe(T0 + LEASE_MS);
    });

    it("re-claims a retry once it is due, not before; one of 20 concurrent workers wins it", async () => {
      const ledger = await create();
      const input = claimInput();
      const first = await claimOrFail(ledger, input);
      const retried = await ledger.complete(first.lease, retryAt(T0 + 100, T0 + 60_000));
      expect(retried.nextAttemptAt).toBe(iso(T0 + 60_000));
      const early = await ledger.claim({ ...input, now: T0 + 59_999 });
      expect(early).toMatchObject({ kind: "busy", record: { status: "retry" } });
      const results = await Promise.all(
        Array.from({ length: 20 }, () => ledger.claim({ ...input, now: T0 + 60_000 })),
      );
      expect(results.filter((r) => r.kind === "busy")).toHaveLength(19);
      const due = results.find((r) => r.kind === "claimed");
      expect(due).toMatchObject({
        takenOver: true,
        previousStatus: "retry",
        record: { status: "in_progress" },
      });
      expect(due?.record.attempts.map((a) => [a.kind, a.outcome])).toEqual([["attempt", "retry"]]);
    });
  });

  describe(`${name}: lists`, () => {
    it("lists by status oldest-due first, bounded by dueBefore, page by page with a cursor", async () => {
      const ledger = await create();
      // Created out of order on purpose: the order is the port's, not insertion's.
      const due3 = await retryDueAt(ledger, "h-list", T0 + 3_000);
      const due1 = await retryDueAt(ledger, "h-list", T0 + 1_000);
      const later = await retryDueAt(ledger, "h-list", T0 + 90_000);
      const due2 = await retryDueAt(ledger, "h-list", T0 + 2_000);
      expect(ids(await ledger.listByStatus("retry", { dueBefore: iso(T0 + 3_000) }))).toEqual([
        due1,
        due2,
        due3,
      ]);
      const first = await ledger.listByStatus("retry", { dueBefore: iso(T0 + 3_000), limit: 2 });
      expect(ids(first)).toEqual([due1, due2]);
      expect(first.cursor).toEqual(expect.any(String));
      const second = await ledger.listByStatus("retry", {
        dueBefore: iso(T0 + 3_000),
        limit: 2,
        cursor: first.cursor,
      });
      expect(ids(second)).toEqual([due3]);
      expect(ids(await ledger.listByStatus("retry"))).toEqual([due1, due2, due3, later]);
    });

    it("moves a record between status lists as it changes", async () => {
      const ledger = await create();
      const eventId = await retryDueAt(ledger, "h-move", T0 + 500);
      const again = await claimOrFail(ledger, claimInput({ eventId, hookId: "h-move", now: T0 + 600 }));
      await ledger.complete(again.lease, deadOutcome(T0 + 700));
      expect(ids(await ledger.listByStatus("retry"))).toEqual([]);
      expect(ids(await ledger.listByStatus("dead"))).toEqual([eventId]);
    });

    it("lists a hook's events newest first, bounded by since", async () => {
      const ledger = await create();
      const received: string[] = [];
      for (const minute of [1, 2, 3, 4]) {
        const input = claimInput({ hookId: "h-recent", now: T0 + minute * 60_000 });
        await ledger.claim(input);
        received.push(input.eventId);
      }
      await ledger.claim(claimInput({ hookId: "h-other", now: T0 + 5 * 60_000 }));
      expect(ids(await ledger.listByHook("h-recent"))).toEqual([...received].reverse());
      const recent = await ledger.listByHook("h-recent", { since: iso(T0 + 3 * 60_000) });
      expect(ids(recent)).toEqual([received[3], received[2]]);
      const page = await ledger.listByHook("h-recent", { limit: 3 });
      const rest = await ledger.listByHook("h-recent", {
        limit: 3,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
      expect([...ids(page), ...ids(rest)]).toEqual([...received].reverse());
    });

    it("refuses a cursor it did not issue and a bound that is not a time", async () => {
      const ledger = await create();
      await expect(ledger.listByStatus("retry", { cursor: "bm90LWEtY3Vyc29y" })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(ledger.listByStatus("retry", { dueBefore: "tomorrow" })).rejects.toBeInstanceOf(
        InvalidTimestampError,
      );
      await expect(ledger.listByHook("h", { since: "yesterday" })).rejects.toBeInstanceOf(
        InvalidTimestampError,
      );
    });
  });

  describe(`${name}: operator transitions`, () => {
    it("requeues a dead event, due now, with an edited command, its history typed and kept", async () => {
      const ledger = await create();
      const input = claimInput();
      await ledger.complete((await claimOrFail(ledger, input)).lease, deadOutcome(T0 + 100));
      const edited = visitCommand("C-2");
      const requeued = await ledger.requeue(input.eventId, {
        ...REPLAY,
        now: T0 + 10_000,
        command: edited,
        fingerprint: "fp-2",
      });
      expect(requeued).toMatchObject({
        status: "retry",
        nextAttemptAt: iso(T0 + 10_000),
        command: edited,
        fingerprint: "fp-2",
      });
      expect(requeued.attempts).toEqual([
        {
          kind: "attempt",
          at: iso(T0 + 100),
          outcome: "dead",
          trigger: "inbound",
          durationMs: 12,
        },
        { kind: "action", at: iso(T0 + 10_000), outcome: "retry", action: "replay", actor: "cli:ana" },
      ]);
      expect(ids(await ledger.listByStatus("retry", { dueBefore: iso(T0 + 10_000) }))).toEqual([
        input.eventId,
      ]);
      // The redrive claims it with the edited payload and can deliver it.
      const again = await claimOrFail(ledger, {
        ...input,
        command: edited,
        fingerprint: "fp-2",
        now: T0 + 10_000,
      });
      expect(again.takenOver).toBe(true);
      expect((await ledger.complete(again.lease, delivered(T0 + 10_100))).attemptCount).toBe(2);
    });

    it("refuses a transition from another status, and one of a missing event", async () => {
      const ledger = await create();
      const input = claimInput();
      await ledger.complete((await claimOrFail(ledger, input)).lease, delivered(T0 + 100));
      const refused = ledger.requeue(input.eventId, { ...REPLAY, now: T0 + 1_000 });
      await expect(refused).rejects.toBeInstanceOf(EventStateError);
      await expect(refused).rejects.toMatchObject({ status: "delivered", action: "replay" });
      expect((await ledger.get(input.eventId))?.status).toBe("delivered");
      await expect(ledger.requeue("evt-missing", { ...REPLAY, now: T0 })).rejects.toBeInstanceOf(
        EventNotFoundError,
      );
    });

    it("closes a dead event once for two operators at once, recording who and when", async () => {
      const ledger = await create();
      const input = claimInput({ hookId: "h-settle" });
      await ledger.complete((await claimOrFail(ledger, input)).lease, deadOutcome(T0 + 100));
      const dismiss = (now: number) =>
        ledger.settle(input.eventId, {
          now,
          from: ["dead"],
          closure: { kind: "dismissed", from: "dead", at: iso(now), actor: "cli:ana", reason: "dup" },
          entry: { action: "dismiss", actor: "cli:ana", note: "dup" },
        });
      const both = await Promise.allSettled([dismiss(T0 + 1_000), dismiss(T0 + 1_001)]);
      expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(EventStateError);
      expect(refused.reason).toMatchObject({ status: "closed", action: "dismiss" });
      const closed = await ledger.get(input.eventId);
      expect(closed).toMatchObject({ status: "closed", closure: { kind: "dismissed", actor: "cli:ana" } });
      expect(closed?.attempts.map((a) => [a.kind, a.outcome])).toEqual([
        ["attempt", "dead"],
        ["action", "closed"],
      ]);
      expect(closed?.attempts[1]).toMatchObject({ action: "dismiss", actor: "cli:ana", note: "dup" });
      expect(ids(await ledger.listByStatus("closed"))).toEqual([input.eventId]);
      expect(ids(await ledger.listByStatus("dead"))).toEqual([]);
    });
  });

  describe(`${name}: rejected requests`, () => {
    const rejection = (base = claimInput({ hookId: "h-reject" })): RejectInput => ({
      ...base,
      fingerprint: "raw-sha",
      raw: { bytes: 2, body: "e30=", headers: { "content-type": "application/json" } },
      error: { code: "missing_field", message: "date is required", field: "date" },
      response: { status: 422, body: { error: { code: "missing_field" } } },
    });

    it("stores a rejected record and keeps the first one when the key comes again", async () => {
      const ledger = await create();
      const { command: _none, ...input } = rejection();
      const first = await ledger.reject(input);
      expect(first.created).toBe(true);
      expect(first.record).toMatchObject({ status: "rejected", lastError: input.error, attemptCount: 0 });
      expect(first.record.command).toBeUndefined();
      const second = await ledger.reject({
        ...input,
        now: T0 + 1_000,
        error: { code: "other", message: "x" },
      });
      expect(second).toEqual({ created: false, record: first.record });
      expect(await ledger.get(input.eventId)).toEqual(first.record);
      expect(ids(await ledger.listByStatus("rejected"))).toEqual([input.eventId]);
    });

    it("is taken over by a usable redelivery of its key, keeping the rejection in the history", async () => {
      const ledger = await create();
      const base = claimInput({ hookId: "h-reject-fixed" });
      await ledger.reject(rejection(base));
      const taken = await claimOrFail(ledger, { ...base, now: T0 + 5_000 });
      expect(taken).toMatchObject({ takenOver: true, previousStatus: "rejected" });
      expect(taken.record).toMatchObject({
        status: "in_progress",
        command: base.command,
        fingerprint: "fp-1",
      });
      for (const gone of ["raw", "response", "lastError"]) expect(taken.record).not.toHaveProperty(gone);
      // A second copy at the same moment finds it held.
      expect((await ledger.claim({ ...base, now: T0 + 5_000 })).kind).toBe("busy");
      const done = await ledger.complete(taken.lease, delivered(T0 + 5_100));
      expect(done.attempts.map((a) => [a.kind, a.outcome, "error" in a ? a.error?.code : undefined])).toEqual(
        [
          ["rejection", "rejected", "missing_field"],
          ["attempt", "delivered", undefined],
        ],
      );
    });
  });
}

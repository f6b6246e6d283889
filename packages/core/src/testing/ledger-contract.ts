// The ledger contract: what every `Ledger` must do, as vitest tests registered against one implementation.
// Core runs it on the memory ledger (test/contracts.test.ts), @smx/aws on DynamoDB Local; each adapter's own
// tests cover only what is its own (costs, TTL, a store's retried writes). Claims, completes and lists here;
// operator transitions and rejected requests in ledger-contract-operators.ts.
import { describe, expect, it } from "vitest";
import type { Ledger } from "../ledger.ts";
import { InvalidCursorError, InvalidTimestampError, LeaseLostError } from "../store-errors.ts";
import { operatorContract } from "./ledger-contract-operators.ts";
import {
  claimInput,
  claimOrFail,
  deadOutcome,
  delivered,
  idsOf as ids,
  iso,
  LEASE_MS,
  retryAt,
  T0,
} from "./ledger-fixtures.ts";

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
      const completed = await ledger.complete(first.lease, delivered(T0 + 100));
      // What complete returns is the record as stored, however the store computes it.
      expect(completed).toEqual(await ledger.get(input.eventId));
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
      expect(done).toEqual(await ledger.get(input.eventId));
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
      expect(await ledger.countDue(iso(T0 + 3_000), 1_000)).toBe(3);
      expect(await ledger.countDue(iso(T0 + 3_000), 2)).toBe(2);
      expect(await ledger.countDue(iso(T0 + 500), 1_000)).toBe(0);
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

  operatorContract(name, create);
}

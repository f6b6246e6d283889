// The ledger contract, continued (see ledger-contract.ts): operator transitions and rejected requests.
import { describe, expect, it } from "vitest";
import type { Ledger, RejectInput } from "../ledger.ts";
import { EventNotFoundError, EventStateError } from "../store-errors.ts";
import {
  claimInput,
  claimOrFail,
  deadOutcome,
  delivered,
  idsOf as ids,
  iso,
  T0,
  visitCommand,
} from "./ledger-fixtures.ts";

const REPLAY = {
  from: ["dead", "rejected", "retry"] as const,
  entry: { action: "replay" as const, actor: "cli:ana" },
};
export function operatorContract(name: string, create: () => Promise<Ledger>): void {
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

// The job store contract: what every `JobStore` must do, as vitest tests registered against one
// implementation. Core runs it on the memory store, @smx/aws on DynamoDB Local.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { JobLeaseLostError, type JobStore } from "../jobs/store.ts";
import { emptyCounts, type JobRunRecord } from "../jobs/summary.ts";
import { InvalidCursorError } from "../store-errors.ts";

const LEASE_MS = 60_000;

function runRecord(
  jobId: string,
  runId: string,
  startedAt: number,
  status: JobRunRecord["status"] = "completed",
): JobRunRecord {
  const counts = { ...emptyCounts(), created: 2, unmatched: 1 };
  return {
    jobId,
    runId,
    status,
    trigger: "schedule",
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(startedAt + 1_000).toISOString(),
    counts,
    extra: { notModified: 0 },
    items: [{ kind: "unmatched", key: "abc", date: "2026-03-02", detail: "rules[0] code: nothing found" }],
    itemsOmitted: 0,
    resumed: false,
    expiresAt: Math.floor(startedAt / 1000) + 86_400,
  };
}

/** Registers the contract's tests; `create` gives a store (tests use fresh job ids, so one may be shared). */
export function jobStoreContract(name: string, create: () => Promise<JobStore>): void {
  const job = () => `job-${randomUUID().slice(0, 8)}`;
  const acquire = (store: JobStore, jobId: string, now: number, runId: string = randomUUID()) =>
    store.acquire(jobId, { runId, token: `t-${runId}`, now, leaseMs: LEASE_MS });

  describe(`${name}: job leases, checkpoints and run records`, () => {
    it("of two runs starting at once, exactly one gets the lease; the other learns who holds it", async () => {
      const store = await create();
      const jobId = job();
      const now = Date.now();
      const [a, b] = await Promise.all([
        acquire(store, jobId, now, "run-a"),
        acquire(store, jobId, now, "run-b"),
      ]);
      expect([a.acquired, b.acquired].sort()).toEqual([false, true]);
      const loser = a.acquired ? b : a;
      const winner = a.acquired ? a : b;
      if (loser.acquired || !winner.acquired) throw new Error("unreachable");
      expect(loser.heldBy).toBe(winner.lease.runId);
      expect(loser.until).toBe(now + LEASE_MS);
    });

    it("a finished run frees the job; an expired lease is taken over and the late run's writes are refused", async () => {
      const store = await create();
      const jobId = job();
      const now = Date.now();
      const first = await acquire(store, jobId, now);
      if (!first.acquired) throw new Error("not acquired");
      await store.finish(first.lease, runRecord(jobId, first.lease.runId, now), { keepCheckpoint: false });
      const second = await acquire(store, jobId, now + 1);
      expect(second.acquired).toBe(true);
      const third = await acquire(store, jobId, now + LEASE_MS + 2);
      expect(third).toMatchObject({ acquired: true });
      if (!second.acquired) throw new Error("not acquired");
      await expect(
        store.saveCheckpoint(second.lease, { page: 2 }, now + LEASE_MS * 3),
      ).rejects.toBeInstanceOf(JobLeaseLostError);
      await expect(
        store.finish(second.lease, runRecord(jobId, second.lease.runId, now), { keepCheckpoint: false }),
      ).rejects.toBeInstanceOf(JobLeaseLostError);
    });

    it("a failed run's checkpoint goes to the next run; a completed run clears it", async () => {
      const store = await create();
      const jobId = job();
      const now = Date.now();
      const first = await acquire(store, jobId, now);
      if (!first.acquired) throw new Error("not acquired");
      expect(first.checkpoint).toBeUndefined();
      await store.saveCheckpoint(first.lease, { phase: "customers", cursor: "p3" }, now + LEASE_MS);
      await store.finish(first.lease, runRecord(jobId, first.lease.runId, now, "failed"), {
        keepCheckpoint: true,
      });
      const second = await acquire(store, jobId, now + 10);
      expect(second).toMatchObject({ acquired: true, checkpoint: { phase: "customers", cursor: "p3" } });
      if (!second.acquired) throw new Error("not acquired");
      await store.finish(second.lease, runRecord(jobId, second.lease.runId, now + 10), {
        keepCheckpoint: false,
      });
      const third = await acquire(store, jobId, now + 20);
      expect(third.acquired && third.checkpoint).toBeUndefined();
    });

    it("a checkpoint extends the lease", async () => {
      const store = await create();
      const jobId = job();
      const now = Date.now();
      const first = await acquire(store, jobId, now);
      if (!first.acquired) throw new Error("not acquired");
      await store.saveCheckpoint(first.lease, { n: 1 }, now + LEASE_MS * 2);
      expect(await acquire(store, jobId, now + LEASE_MS + 1)).toMatchObject({ acquired: false });
    });

    it("lists run records newest first, page by page, as they were written", async () => {
      const store = await create();
      const jobId = job();
      const now = Date.now();
      for (let i = 0; i < 5; i++)
        await store.putRun(runRecord(jobId, `run-${i}`, now + i * 1_000, "skipped"));
      const first = await store.listRuns(jobId, { limit: 3 });
      expect(first.items.map((r) => r.runId)).toEqual(["run-4", "run-3", "run-2"]);
      expect(first.items[0]).toEqual(runRecord(jobId, "run-4", now + 4_000, "skipped"));
      const second = await store.listRuns(jobId, {
        limit: 3,
        ...(first.cursor ? { cursor: first.cursor } : {}),
      });
      expect(second.items.map((r) => r.runId)).toEqual(["run-1", "run-0"]);
      expect(second.cursor).toBeUndefined();
      expect((await store.listRuns(job())).items).toEqual([]);
      await expect(store.listRuns(jobId, { cursor: "not-a-cursor" })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    it("keeps named state per job", async () => {
      const store = await create();
      const jobId = job();
      expect(await store.getState(jobId, "snapshot")).toBeUndefined();
      await store.putState(jobId, "snapshot", { v: 1, entries: { a: [20260302, 4, 0, "h"] } });
      await store.putState(jobId, "snapshot", { v: 1, entries: { b: [20260303, 5, 0, "i"] } });
      expect(await store.getState(jobId, "snapshot")).toEqual({
        v: 1,
        entries: { b: [20260303, 5, 0, "i"] },
      });
      expect(await store.getState(job(), "snapshot")).toBeUndefined();
    });
  });
}

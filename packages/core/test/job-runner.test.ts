// The job runner's lifecycle on the memory store: one run at a time, resume from a failed run's checkpoint,
// a summary record per run (skipped runs included), and dry runs that leave no trace.
import { describe, expect, it } from "vitest";
import { type Job, type JobContext, JobRunner } from "../src/index.ts";
import { CountingMetrics, MemoryJobStore, RecordingLogger, TestClock } from "../src/testing/index.ts";

function setup() {
  const store = new MemoryJobStore();
  const logger = new RecordingLogger();
  const clock = new TestClock(Date.parse("2026-03-02T11:00:00Z"));
  const runner = new JobRunner({ store, logger, metrics: new CountingMetrics(), clock });
  return { store, logger, clock, runner };
}

/** A job that creates `total` things one at a time, checkpointing after each, and fails once at `failAt`. */
function countingJob(total: number, failAt?: number): Job & { made: number[] } {
  let failed = false;
  const made: number[] = [];
  return {
    id: "count",
    kind: "test",
    made,
    async run(context: JobContext) {
      const from = (context.checkpoint as { next?: number } | undefined)?.next ?? 0;
      for (let i = from; i < total; i++) {
        if (i === failAt && !failed) {
          failed = true;
          throw new Error(`fault at ${i}`);
        }
        if (context.dryRun) context.tally.add("created", { key: `item-${i}` });
        else {
          made.push(i);
          context.tally.add("created");
          await context.saveCheckpoint({ next: i + 1 });
        }
      }
    },
  };
}

describe("JobRunner", () => {
  it("records a completed run with its counts and logs its summary", async () => {
    const { runner, store, logger } = setup();
    const record = await runner.run(countingJob(3), { trigger: "schedule" });
    expect(record).toMatchObject({ status: "completed", resumed: false, trigger: "schedule" });
    expect(record.counts.created).toBe(3);
    expect((await store.listRuns("count")).items).toEqual([record]);
    expect(logger.lines.find((l) => l.message === "job run completed")?.fields).toMatchObject({
      counts: { created: 3 },
      jobId: "count",
    });
  });

  it("a run that fails part-way is recorded failed, and the next run resumes where it stopped", async () => {
    const { runner, store, clock } = setup();
    const job = countingJob(5, 3);
    const failed = await runner.run(job, { trigger: "schedule" });
    clock.advance(60_000);
    expect(failed).toMatchObject({ status: "failed", error: "Error: fault at 3" });
    expect(failed.counts.created).toBe(3);
    const resumed = await runner.run(job, { trigger: "schedule" });
    expect(resumed).toMatchObject({ status: "completed", resumed: true });
    expect(resumed.counts.created).toBe(2);
    expect(job.made).toEqual([0, 1, 2, 3, 4]);
    clock.advance(60_000);
    // A completed run clears the checkpoint: the next run starts from the beginning.
    await runner.run(job, { trigger: "schedule" });
    expect(job.made).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect((await store.listRuns("count")).items.map((r) => r.status)).toEqual([
      "completed",
      "completed",
      "failed",
    ]);
  });

  it("an overlapping run skips, says so and is recorded; the job's work happens once", async () => {
    const { runner, store, logger } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const slow: Job = {
      id: "slow",
      kind: "test",
      async run(context) {
        runs++;
        await gate;
        context.tally.add("created");
      },
    };
    const first = runner.run(slow, { trigger: "schedule" });
    const second = await runner.run(slow, { trigger: "operator" });
    release();
    expect(second.status).toBe("skipped");
    expect(second.error).toMatch(/^another run \(run_[0-9a-f-]+\) holds the job until /);
    expect((await first).status).toBe("completed");
    expect(runs).toBe(1);
    expect(logger.lines.some((l) => l.message === "job run skipped: another run holds the job")).toBe(true);
    expect((await store.listRuns("slow")).items.map((r) => r.status).sort()).toEqual([
      "completed",
      "skipped",
    ]);
  });

  it("a run that crashed without finishing blocks the job until its lease runs out, then is taken over", async () => {
    const { runner, store, clock } = setup();
    await store.acquire("count", { runId: "crashed", token: "x", now: clock.now(), leaseMs: 60_000 });
    expect((await runner.run(countingJob(1), { trigger: "schedule" })).status).toBe("skipped");
    clock.advance(60_001);
    expect((await runner.run(countingJob(1), { trigger: "schedule" })).status).toBe("completed");
  });

  it("a dry run reports what it would do and writes nothing", async () => {
    const { runner, store } = setup();
    const job = countingJob(2);
    const record = await runner.run(job, { trigger: "operator", dryRun: true });
    expect(record.items.map((i) => i.key)).toEqual(["item-0", "item-1"]);
    expect(job.made).toEqual([]);
    expect(store.calls).toEqual([]);
  });
});

// Running a feed job twice, or twice at once, creates nothing twice: the lease makes an overlapping run
// skip, the snapshot makes an unchanged feed a single conditional GET, and the ledger answers any visit
// key a run created before (even with the snapshot lost, or two runners that do not share a lease).
import { JobRunner } from "@smx/core";
import { MemoryJobStore } from "@smx/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { feedJob } from "../src/index.ts";
import { calendarFixture, createJobHarness, type JobHarness } from "./support.ts";

let h: JobHarness;
beforeEach(async () => {
  h = await createJobHarness();
  h.at("2026-03-01T01:00:00Z");
  h.ics.serve("/weekly.ics", calendarFixture("weekly-exdate.ics"));
});
afterEach(() => h.close());

const job = () =>
  feedJob("weekly-poll", h.feed("weekly"), {
    sink: h.sink,
    directory: h.harness.directory,
    secrets: h.secrets,
    timeZone: "Asia/Jakarta",
  });

describe("feed job twice", () => {
  it("a second run of an unchanged feed is one conditional GET: no parse, no SalesMania call, no write", async () => {
    await h.runner.run(job(), { trigger: "schedule" });
    expect(h.visits()).toHaveLength(4);
    h.harness.sandbox.clearJournal();
    h.store.calls.length = 0;
    h.harness.clock.advance(15 * 60_000);
    const second = await h.runner.run(job(), { trigger: "schedule" });
    expect(second).toMatchObject({ status: "completed", extra: { notModified: 1 } });
    expect(second.counts.created).toBe(0);
    expect(h.harness.sandbox.journal()).toEqual([]);
    expect(h.ics.requests).toEqual({ total: 2, full: 1 });
    // The job's own storage: one read of the snapshot; the runner's lease and record around it.
    expect(h.store.calls).toEqual(["acquire", "getState", "finish"]);
    expect(h.visits()).toHaveLength(4);
  });

  it("two runs at once: one works, the other skips and says so", async () => {
    const [a, b] = await Promise.all([
      h.runner.run(job(), { trigger: "schedule" }),
      h.runner.run(job(), { trigger: "operator" }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["completed", "skipped"]);
    expect(h.visits()).toHaveLength(4);
  });

  it("two runners that share no lease nor snapshot, at once and again: the ledger keeps one visit per key", async () => {
    const other = new JobRunner({
      store: new MemoryJobStore(),
      logger: h.harness.logger,
      metrics: h.harness.metrics,
      clock: h.harness.clock,
    });
    const [a, b] = await Promise.all([
      h.runner.run(job(), { trigger: "schedule" }),
      other.run(job(), { trigger: "schedule" }),
    ]);
    expect(a.counts.created + b.counts.created).toBe(4);
    expect(a.counts.duplicate + b.counts.duplicate).toBe(4);
    const third = await new JobRunner({
      store: new MemoryJobStore(),
      logger: h.harness.logger,
      metrics: h.harness.metrics,
      clock: h.harness.clock,
    }).run(job(), { trigger: "schedule" });
    expect(third.counts).toMatchObject({ created: 0, duplicate: 4 });
    expect(h.visits()).toHaveLength(4);
  });

  it("a dry run lists the visits it would create and creates nothing", async () => {
    const record = await h.runner.run(job(), { trigger: "operator", dryRun: true });
    expect(record.items.map((i) => [i.kind, i.date, i.detail])).toEqual(
      ["2026-03-02", "2026-03-09", "2026-03-23", "2026-03-30"].map((d) => [
        "created",
        d,
        "Kunjungan [C-1001] Toko Maju",
      ]),
    );
    expect(h.visits()).toEqual([]);
    expect(h.store.calls).toEqual(["getState"]);
  });
});

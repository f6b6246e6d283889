// A four-week journey plan → visits in the sandbox: a public holiday and a skip date take their visits out
// (not moved), the dates are exact, and running it again or twice at once creates nothing twice.
import { parsePlans } from "@smx/calendar";
import { CONNECTION } from "@smx/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planJob } from "../src/index.ts";
import { createJobHarness, customerIdOf, type JobHarness } from "./support.ts";

let h: JobHarness;
beforeEach(async () => {
  h = await createJobHarness();
  // Sunday 2 August 2026, 18:05 in Jakarta: past createAt, so the horizon starts tomorrow.
  h.at("2026-08-02T11:05:00Z");
});
afterEach(() => h.close());

const plan = parsePlans([
  {
    id: "jakarta-north",
    connection: CONNECTION,
    teamId: 24728,
    skipDates: ["2026-08-20"],
    horizon: { days: 28, createAt: "18:00" },
    customers: [
      { customer: { extCustNo: "C-1001" }, recurrence: { type: "weekly", days: ["MO", "TH"] } },
      {
        customer: { extCustNo: "C-1002" },
        recurrence: { type: "every-n-weeks", weeks: 2, anchor: "2026-08-04" },
      },
    ],
  },
])[0]!;

const job = () => planJob("jakarta-north-plan", plan, { sink: h.sink, timeZone: "Asia/Jakarta" });
const visit = (code: string, date: string) => `${customerIdOf(code)} ${date}`;

describe("plan job", () => {
  it("four weeks with Independence Day and a skip date give exactly these visits", async () => {
    const record = await h.runner.run(job(), { trigger: "schedule" });
    expect(h.visits()).toEqual(
      [
        visit("C-1001", "2026-08-03"),
        visit("C-1001", "2026-08-06"),
        visit("C-1001", "2026-08-10"),
        visit("C-1001", "2026-08-13"),
        // 17 August: Independence Day; 20 August: the plan's skip date.
        visit("C-1001", "2026-08-24"),
        visit("C-1001", "2026-08-27"),
        visit("C-1002", "2026-08-04"),
        visit("C-1002", "2026-08-18"),
      ].sort(),
    );
    expect(h.harness.sandbox.state().visits.every((v) => v.team_id === 24728)).toBe(true);
    expect(record.counts).toMatchObject({ created: 8, duplicate: 0, failed: 0 });
    expect(record.extra).toMatchObject({ skippedHoliday: 1, skippedDate: 1 });
    expect(record.items.filter((i) => i.kind === "skipped").map((i) => [i.date, i.detail])).toEqual([
      ["2026-08-17", expect.stringMatching(/^public holiday: /)],
      ["2026-08-20", "skip date"],
    ]);
  });

  it("run again, or twice at once, it creates nothing twice", async () => {
    const [a, b] = await Promise.all([
      h.runner.run(job(), { trigger: "schedule" }),
      h.runner.run(job(), { trigger: "operator" }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["completed", "skipped"]);
    h.harness.clock.advance(60_000);
    const again = await h.runner.run(job(), { trigger: "schedule" });
    expect(again.counts).toMatchObject({ created: 0, duplicate: 8 });
    expect(h.visits()).toHaveLength(8);
  });

  it("a dry run prints the visits and creates none", async () => {
    const record = await h.runner.run(job(), { trigger: "operator", dryRun: true });
    expect(record.counts.created).toBe(8);
    expect(h.visits()).toEqual([]);
  });
});

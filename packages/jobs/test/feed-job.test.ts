// Calendar feeds → visits in the SalesMania sandbox, the ICS served over real HTTP: each fixture gives
// exactly the expected visits, and what cannot be a visit (a cancel, a move's old date) is recorded.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { feedJob } from "../src/index.ts";
import { calendarFixture, createJobHarness, customerIdOf, type JobHarness } from "./support.ts";

let h: JobHarness;
beforeEach(async () => {
  h = await createJobHarness();
  // 1 March 2026, 08:00 in Jakarta: the window is the whole of March (31 days).
  h.at("2026-03-01T01:00:00Z");
});
afterEach(() => h.close());

function job(id: string, options = {}) {
  return feedJob(
    `${id}-poll`,
    h.feed(id),
    { sink: h.sink, directory: h.harness.directory, secrets: h.secrets, timeZone: "Asia/Jakarta" },
    options,
  );
}

async function runFixture(id: string, fixture: string) {
  h.ics.serve(`/${id}.ics`, calendarFixture(fixture));
  return h.runner.run(job(id), { trigger: "schedule" });
}

const visit = (code: string, date: string) => `${customerIdOf(code)} ${date}`;

describe("feed job: each kind of calendar entry gives exactly the expected visits", () => {
  it("a weekly series with an EXDATE: every Monday but the excluded one", async () => {
    const record = await runFixture("weekly", "weekly-exdate.ics");
    expect(record.status).toBe("completed");
    expect(h.visits()).toEqual(
      ["2026-03-02", "2026-03-09", "2026-03-23", "2026-03-30"].map((d) => visit("C-1001", d)),
    );
    expect(record.counts).toMatchObject({ created: 4, duplicate: 0, failed: 0 });
  });

  it("a cancelled event and a cancelled occurrence: no visit, each recorded", async () => {
    const record = await runFixture("cancelled", "cancelled.ics");
    expect(h.visits()).toEqual([visit("C-1004", "2026-03-09"), visit("C-1004", "2026-03-11")]);
    expect(record.counts).toMatchObject({ created: 2, cancelled: 2 });
    expect(record.items.filter((i) => i.kind === "cancelled").map((i) => i.date)).toEqual([
      "2026-03-04",
      "2026-03-10",
    ]);
  });

  it("an all-day event is one visit on its first day; an all-day weekly series one a week", async () => {
    await runFixture("all-day", "all-day.ics");
    expect(h.visits()).toEqual([
      visit("C-1001", "2026-03-05"),
      visit("C-1005", "2026-03-06"),
      visit("C-1005", "2026-03-13"),
    ]);
  });

  it("events crossing midnight in Jakarta but not in UTC are dated by their start in Jakarta", async () => {
    await runFixture("midnight", "midnight.ics");
    expect(h.visits()).toEqual([visit("C-1006", "2026-03-04"), visit("C-1007", "2026-03-05")]);
  });

  it("TZIDs other than Jakarta (New York, London across its DST change) land on the Jakarta date", async () => {
    await runFixture("zones", "other-zones.ics");
    expect(h.visits()).toEqual([
      visit("C-1008", "2026-03-20"),
      visit("C-1008", "2026-03-27"),
      visit("C-1009", "2026-03-06"),
    ]);
  });

  it("a moved occurrence: a visit on the new date, the old one recorded superseded", async () => {
    const unmoved = calendarFixture("moved.ics").replace(
      /BEGIN:VEVENT\r?\nUID:moved-series@example.com\r?\nDTSTAMP:20260205[\s\S]*?END:VEVENT\r?\n/,
      "",
    );
    h.ics.serve("/moved.ics", unmoved);
    await h.runner.run(job("moved"), { trigger: "schedule" });
    expect(h.visits()).toEqual(
      ["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"].map((d) => visit("C-1002", d)),
    );
    h.harness.clock.advance(60_000);
    const record = await runFixture("moved", "moved.ics");
    // SalesMania cannot move or delete a visit: the 10th stays, the 12th is added, the record says so.
    expect(h.visits()).toEqual(
      ["2026-03-03", "2026-03-10", "2026-03-12", "2026-03-17", "2026-03-24"].map((d) => visit("C-1002", d)),
    );
    expect(record.counts).toMatchObject({ created: 1, superseded: 1 });
    expect(record.items.find((i) => i.kind === "superseded")).toMatchObject({
      date: "2026-03-10",
      customerId: customerIdOf("C-1002"),
      detail: expect.stringContaining("moved to 2026-03-12"),
    });
  });

  it("a series edited from one occurrence on: the successor takes the old visits over, nothing doubles", async () => {
    const unsplit = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//tests//EN",
      "BEGIN:VEVENT",
      "UID:route-wednesday@example.com",
      "DTSTAMP:20260201T000000Z",
      "DTSTART;TZID=Asia/Jakarta:20260204T090000",
      "DTEND;TZID=Asia/Jakarta:20260204T100000",
      "RRULE:FREQ=WEEKLY",
      "SUMMARY:Route visit [C-1010]",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    h.ics.serve("/split.ics", unsplit);
    await h.runner.run(job("split"), { trigger: "schedule" });
    const weekly = ["2026-03-04", "2026-03-11", "2026-03-18", "2026-03-25"].map((d) => visit("C-1010", d));
    expect(h.visits()).toEqual(weekly);
    h.harness.clock.advance(60_000);
    const record = await runFixture("split", "split-series.ics");
    expect(h.visits()).toEqual(weekly);
    expect(record.counts).toMatchObject({ created: 0, vanished: 0, failed: 0 });
  });

  it("an occurrence that matches no customer is recorded with its reason and goes through once the directory knows it", async () => {
    h.ics.serve("/unknown.ics", calendarFixture("weekly-exdate.ics").replaceAll("C-1001", "C-9999"));
    const first = await h.runner.run(job("unknown"), { trigger: "schedule" });
    expect(first.counts).toMatchObject({ created: 0, unmatched: 4 });
    expect(first.items[0]).toMatchObject({
      kind: "unmatched",
      detail: expect.stringMatching(
        /^not_in_directory: rules\[0\] code: found "C-9999", not in the directory/,
      ),
    });
    await h.harness.directory.putCustomer("main", { id: customerIdOf("C-1003"), extCustNo: "C-9999" });
    h.harness.clock.advance(60_000);
    // The feed did not change: an operator re-runs it with --refetch after fixing the directory.
    const again = await h.runner.run(job("unknown", { refetch: true }), { trigger: "operator" });
    expect(again.counts).toMatchObject({ created: 4, unmatched: 0 });
  });
});

// Journey plans → dates: a four-week plan across Indonesian holidays and skip dates gives exact visits.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { expandPlan, holidayCalendar, PlanConfig, planWindow, recurrenceDates } from "../src/index.ts";

const plan = v.parse(PlanConfig, {
  id: "jakarta-north",
  connection: "demo",
  teamId: 7,
  skipDates: ["2026-08-27"],
  customers: [
    { customer: { extCustNo: "A" }, recurrence: { type: "weekly", days: ["MO", "TH"] } },
    { customer: { extCustNo: "B" }, recurrence: { type: "every-n-weeks", weeks: 2, anchor: "2026-08-04" } },
    { customer: { extCustNo: "C" }, recurrence: { type: "monthly", day: 31 } },
    {
      customer: { id: 44 },
      recurrence: { type: "rrule", rule: "FREQ=MONTHLY;BYDAY=1FR", anchor: "2026-01-01" },
    },
    {
      customer: { phone: "0812-3456-7890" },
      recurrence: { type: "weekly", days: ["TU"] },
      skipDates: ["2026-09-01"],
    },
    // Listed twice (a copy-paste in the plan): still one visit a date.
    { customer: { extCustNo: "A" }, recurrence: { type: "weekly", days: ["MO"] } },
  ],
});

// Four weeks, Monday 10 August to Sunday 6 September 2026: Independence Day (Monday 17 August) and the
// Prophet's Birthday (Tuesday 25 August) fall inside it.
const FOUR_WEEKS = { from: "2026-08-10", to: "2026-09-07" };

describe("expandPlan", () => {
  it("gives the exact dates of a four-week plan, without holidays and skip dates", () => {
    const { visits, skipped } = expandPlan(plan, FOUR_WEEKS, holidayCalendar({ country: "ID" }));
    expect(visits.map((visit) => `${visit.date} ${visit.customerKey}`)).toEqual([
      "2026-08-10 ext:A",
      "2026-08-11 phone:+6281234567890",
      "2026-08-13 ext:A",
      "2026-08-18 ext:B",
      "2026-08-18 phone:+6281234567890",
      "2026-08-20 ext:A",
      "2026-08-24 ext:A",
      "2026-08-31 ext:A",
      "2026-08-31 ext:C",
      "2026-09-01 ext:B",
      "2026-09-03 ext:A",
      "2026-09-04 id:44",
    ]);
    expect(skipped.map((s) => `${s.date} ${s.customerKey} ${s.reason} ${s.holiday ?? ""}`.trim())).toEqual([
      "2026-08-17 ext:A holiday Hari Ulang Tahun Kemerdekaan Republik Indonesia",
      "2026-08-25 phone:+6281234567890 holiday Maulid Nabi Muhammad",
      "2026-08-27 ext:A skip-date",
      "2026-09-01 phone:+6281234567890 skip-date",
    ]);
    expect(visits[0]).toEqual({
      key: "jakarta-north:ext:A:2026-08-10",
      planId: "jakarta-north",
      teamId: 7,
      customer: { extCustNo: "A" },
      customerKey: "ext:A",
      date: "2026-08-10",
    });
  });

  it("is a pure function of plan and window: a re-run gives the same keys", () => {
    const calendar = holidayCalendar({ country: "ID" });
    expect(expandPlan(plan, FOUR_WEEKS, calendar)).toEqual(expandPlan(plan, FOUR_WEEKS, calendar));
  });

  it("visits on holidays when the plan switches holidays off", () => {
    const { visits } = expandPlan({ ...plan, holidays: false }, { from: "2026-08-17", to: "2026-08-18" });
    expect(visits.map((visit) => visit.customerKey)).toEqual(["ext:A"]);
  });

  it("respects a customer's own from/until dates", () => {
    const bounded = {
      ...plan,
      customers: [{ ...plan.customers[0]!, from: "2026-08-13", until: "2026-08-20" }],
    };
    expect(expandPlan(bounded, FOUR_WEEKS).visits.map((visit) => visit.date)).toEqual([
      "2026-08-13",
      "2026-08-17",
      "2026-08-20",
    ]);
  });
});

describe("recurrenceDates", () => {
  const autumn = { from: "2026-09-01", to: "2026-12-01" };
  it("puts the 31st on the last day of a shorter month, or skips it", () => {
    expect(recurrenceDates({ type: "monthly", day: 31, shortMonth: "last-day" }, autumn)).toEqual([
      "2026-09-30",
      "2026-10-31",
      "2026-11-30",
    ]);
    expect(recurrenceDates({ type: "monthly", day: 31, shortMonth: "skip" }, autumn)).toEqual(["2026-10-31"]);
    expect(
      recurrenceDates(
        { type: "monthly", day: 29, shortMonth: "last-day" },
        { from: "2027-02-01", to: "2027-03-01" },
      ),
    ).toEqual(["2027-02-28"]);
  });

  it("counts every-N-weeks from the anchor's week and never before the anchor", () => {
    expect(
      recurrenceDates({ type: "every-n-weeks", weeks: 3, anchor: "2026-09-09", days: ["MO", "WE"] }, autumn),
    ).toEqual([
      "2026-09-09",
      "2026-09-28",
      "2026-09-30",
      "2026-10-19",
      "2026-10-21",
      "2026-11-09",
      "2026-11-11",
      "2026-11-30",
    ]);
  });
});

describe("PlanConfig", () => {
  it("refuses an RRULE that repeats more often than daily, and an unknown holiday region", () => {
    const base = { id: "p-1", connection: "demo", teamId: 1 };
    const hourly = v.safeParse(PlanConfig, {
      ...base,
      customers: [
        { customer: { id: 1 }, recurrence: { type: "rrule", rule: "FREQ=HOURLY", anchor: "2026-01-01" } },
      ],
    });
    expect(hourly.issues?.[0]?.message).toContain("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
    const region = v.safeParse(PlanConfig, {
      ...base,
      customers: [{ customer: { id: 1 }, recurrence: { type: "weekly", days: ["MO"] } }],
      holidays: { country: "XX" },
    });
    expect(region.success).toBe(false);
  });
});

describe("planWindow", () => {
  const horizon = { days: 1, createAt: "18:00" };
  it("covers tomorrow from 18:00 Jakarta time on", () => {
    expect(planWindow(new Date("2026-08-16T11:00:00Z"), horizon, "Asia/Jakarta")).toEqual({
      from: "2026-08-17",
      to: "2026-08-18",
    });
  });

  it("covers today before 18:00, so a run after midnight catches up", () => {
    expect(planWindow(new Date("2026-08-16T17:30:00Z"), horizon, "Asia/Jakarta")).toEqual({
      from: "2026-08-17",
      to: "2026-08-18",
    });
    expect(
      planWindow(new Date("2026-08-17T02:00:00Z"), { days: 2, createAt: "18:00" }, "Asia/Jakarta"),
    ).toEqual({
      from: "2026-08-17",
      to: "2026-08-19",
    });
  });
});

// A plan recurrence → the dates it falls on inside a window. Weekly, every-N-weeks and monthly are plain date
// arithmetic; an RRULE is expanded by ical.js (the library the feeds use, so one RRULE reading serves both),
// under the same step budget as a feed's series.
import ICAL from "ical.js";
import { chargeRule, StepBudget } from "../budget.ts";
import type { Recurrence } from "../config/plans.ts";
import { addDays, daysBetween, daysInMonth, type PlainDate, type Weekday, weekdayOf } from "../dates.ts";

const PLAN_FREQUENCIES = new Set(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
/** An RRULE from a plan may take this many steps to cross a window (a daily rule anchored 50 years back). */
const RRULE_STEPS = 20_000;

export class PlanRecurrenceError extends Error {
  override name = "PlanRecurrenceError";
}

/** Parses a plan's RRULE; PlanRecurrenceError for one ical.js rejects or that repeats more than daily. */
export function compileRrule(text: string): ICAL.Recur {
  let rule: ICAL.Recur;
  try {
    rule = ICAL.Recur.fromString(text.replace(/^RRULE:/i, ""));
  } catch (error) {
    throw new PlanRecurrenceError(`not an RRULE: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!rule.freq || !PLAN_FREQUENCIES.has(rule.freq))
    throw new PlanRecurrenceError(
      "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY: a plan visits at most daily",
    );
  return rule;
}

export interface DateWindow {
  /** First date, inclusive. */
  from: PlainDate;
  /** Last date, exclusive. */
  to: PlainDate;
}

/** Monday of the week `date` is in. */
function mondayOf(date: PlainDate): PlainDate {
  return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
}

function weeklyDates(
  window: DateWindow,
  days: readonly Weekday[],
  weeks = 1,
  anchor?: PlainDate,
): PlainDate[] {
  const dates: PlainDate[] = [];
  const anchorMonday = anchor === undefined ? undefined : mondayOf(anchor);
  for (let date = window.from; date < window.to; date = addDays(date, 1)) {
    if (!days.includes(weekdayOf(date))) continue;
    if (anchor !== undefined && anchorMonday !== undefined) {
      if (date < anchor) continue;
      if ((daysBetween(anchorMonday, mondayOf(date)) / 7) % weeks !== 0) continue;
    }
    dates.push(date);
  }
  return dates;
}

function monthlyDates(window: DateWindow, day: number, shortMonth: "last-day" | "skip"): PlainDate[] {
  const dates: PlainDate[] = [];
  let year = Number(window.from.slice(0, 4));
  let month = Number(window.from.slice(5, 7));
  for (;;) {
    const first = `${year}-${String(month).padStart(2, "0")}-01`;
    if (first >= window.to) break;
    const last = daysInMonth(year, month);
    if (day <= last || shortMonth === "last-day") {
      const date = `${first.slice(0, 8)}${String(Math.min(day, last)).padStart(2, "0")}`;
      if (date >= window.from && date < window.to) dates.push(date);
    }
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
  return dates;
}

function rruleDates(window: DateWindow, text: string, anchor: PlainDate): PlainDate[] {
  const rule = compileRrule(text);
  chargeRule(rule, [new StepBudget(RRULE_STEPS)]);
  const iterator = rule.iterator(ICAL.Time.fromDateString(anchor));
  const dates: PlainDate[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    const date = next.toString().slice(0, 10);
    if (date >= window.to) break;
    if (date >= window.from) dates.push(date);
  }
  return dates;
}

/** The dates in `window` that `recurrence` falls on, in order. */
export function recurrenceDates(recurrence: Recurrence, window: DateWindow): PlainDate[] {
  switch (recurrence.type) {
    case "weekly":
      return weeklyDates(window, recurrence.days);
    case "every-n-weeks":
      return weeklyDates(
        window,
        recurrence.days ?? [weekdayOf(recurrence.anchor)],
        recurrence.weeks,
        recurrence.anchor,
      );
    case "monthly":
      return monthlyDates(window, recurrence.day, recurrence.shortMonth);
    case "rrule":
      return rruleDates(window, recurrence.rule, recurrence.anchor);
  }
}

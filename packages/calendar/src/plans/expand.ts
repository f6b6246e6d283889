// A journey plan + a window of dates → the visits it asks for, as (plan, customer, date) with a stable key.
// Pure: the same plan and window always give the same visits, so a job can run it again and let the ledger
// answer the keys it created before; a plan edited today changes only the dates it is next run for.
import { phoneKey } from "@smx/core";
import type { PlanConfig, PlanCustomer } from "../config/plans.ts";
import type { CustomerPointer } from "../config/rules.ts";
import { addDays, type PlainDate } from "../dates.ts";
import type { HolidayCalendar } from "./holidays.ts";
import { type DateWindow, recurrenceDates } from "./recurrence.ts";

export interface PlannedVisit {
  /** `plan:customer:date`: one visit per plan, customer and date, whatever the plan lists twice. */
  key: string;
  planId: string;
  teamId: number;
  customer: CustomerPointer;
  customerKey: string;
  date: PlainDate;
}

export interface SkippedVisit {
  customerKey: string;
  date: PlainDate;
  reason: "holiday" | "skip-date";
  /** The holiday's name, for a holiday. */
  holiday?: string;
}

export interface PlanExpansion {
  visits: PlannedVisit[];
  skipped: SkippedVisit[];
}

/** `id:45`, `ext:C-1001`, `phone:+62812…`, `email:…`: the customer as a key part that does not change. */
export function customerKeyOf(pointer: CustomerPointer): string {
  if ("id" in pointer) return `id:${pointer.id}`;
  if ("extCustNo" in pointer) return `ext:${pointer.extCustNo}`;
  if ("phone" in pointer) return `phone:${phoneKey(pointer.phone)}`;
  return `email:${pointer.email}`;
}

function customerWindow(entry: PlanCustomer, window: DateWindow): DateWindow {
  const from = entry.from !== undefined && entry.from > window.from ? entry.from : window.from;
  // `until` is inclusive; the window's `to` is not.
  const end = entry.until === undefined ? undefined : addDays(entry.until, 1);
  const to = end !== undefined && end < window.to ? end : window.to;
  return { from, to };
}

/**
 * The visits `plan` asks for on the dates of `window` (`[from, to)`), with the dates it skips and why.
 * `holidays` is the region's calendar (../plans/holidays.ts), or undefined when the plan sets `holidays: false`.
 */
export function expandPlan(plan: PlanConfig, window: DateWindow, holidays?: HolidayCalendar): PlanExpansion {
  const visits = new Map<string, PlannedVisit>();
  const skipped = new Map<string, SkippedVisit>();
  const planSkips = new Set(plan.skipDates);
  for (const entry of plan.customers) {
    const customerKey = customerKeyOf(entry.customer);
    const skips = new Set(entry.skipDates);
    for (const date of recurrenceDates(entry.recurrence, customerWindow(entry, window))) {
      const holiday = holidays?.holidayOn(date);
      if (holiday !== undefined) {
        skipped.set(`${customerKey}:${date}`, { customerKey, date, reason: "holiday", holiday });
        continue;
      }
      if (planSkips.has(date) || skips.has(date)) {
        skipped.set(`${customerKey}:${date}`, { customerKey, date, reason: "skip-date" });
        continue;
      }
      const key = `${plan.id}:${customerKey}:${date}`;
      if (!visits.has(key))
        visits.set(key, {
          key,
          planId: plan.id,
          teamId: plan.teamId,
          customer: entry.customer,
          customerKey,
          date,
        });
    }
  }
  const byDate = (a: { date: string; customerKey: string }, b: { date: string; customerKey: string }) =>
    a.date === b.date ? a.customerKey.localeCompare(b.customerKey) : a.date < b.date ? -1 : 1;
  return { visits: [...visits.values()].sort(byDate), skipped: [...skipped.values()].sort(byDate) };
}

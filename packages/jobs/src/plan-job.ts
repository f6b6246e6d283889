// A journey plan → visits for its horizon (docs/journey-plans.md). Keyed by (plan, customer, date), so a
// re-run, a concurrent run or a run after a failure creates each visit once; a plan edited today changes
// only the dates not yet created.
import { expandPlan, holidayCalendar, type PlanConfig, planWindow } from "@smx/calendar";
import type { Job } from "@smx/core";
import { normalizeIndonesianPhone } from "@smx/salesmania";
import { createVisits, type VisitSink } from "./visits.ts";

export interface PlanJobDeps {
  sink: Omit<VisitSink, "hookId" | "connectionId" | "source">;
  /** The plan's zone when it sets none: its connection's. */
  timeZone: string;
}

type Pointer = PlanConfig["customers"][number]["customer"];

/** The plan's customer pointer as a command's customer (a phone in E.164, as commands carry it). */
function customerOf(pointer: Pointer) {
  if ("phone" in pointer) {
    try {
      return { phone: normalizeIndonesianPhone(pointer.phone) };
    } catch {
      return { phone: pointer.phone };
    }
  }
  return pointer;
}

export function planJob(id: string, plan: PlanConfig, deps: PlanJobDeps): Job {
  const hookId = `plan:${plan.id}` as const;
  const holidays = plan.holidays === false ? undefined : holidayCalendar(plan.holidays);
  return {
    id,
    kind: "plan",
    async run(context) {
      const timeZone = plan.timeZone ?? deps.timeZone;
      const window = planWindow(context.startedAt, plan.horizon, timeZone);
      const { visits, skipped } = expandPlan(plan, window, holidays);
      context.logger.info("plan expanded", { from: window.from, to: window.to, visits: visits.length });
      for (const skip of skipped) {
        context.tally.bump(skip.reason === "holiday" ? "skippedHoliday" : "skippedDate");
        context.tally.note({
          kind: "skipped",
          key: `${plan.id}:${skip.customerKey}:${skip.date}`,
          date: skip.date,
          detail: skip.reason === "holiday" ? `public holiday: ${skip.holiday}` : "skip date",
        });
      }
      const sink: VisitSink = { ...deps.sink, hookId, connectionId: plan.connection, source: "journey-plan" };
      await createVisits(
        context,
        sink,
        visits.map((visit) => ({
          key: visit.key,
          date: visit.date,
          customer: customerOf(visit.customer),
          teamId: visit.teamId,
          detail: `${visit.customerKey} (team ${visit.teamId})`,
        })),
      );
    },
  };
}

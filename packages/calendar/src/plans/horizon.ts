// Which dates a plan run creates, from the moment it runs. The usual schedule runs at `createAt` (18:00) and
// creates tomorrow's visits; a run before `createAt` (a retry after midnight, a manual run in the morning)
// covers today instead, so a failed evening run is caught up rather than skipped.
import { isoDateInZone } from "@smx/salesmania";
import { addDays, startOfDay } from "../dates.ts";
import type { DateWindow } from "./recurrence.ts";

export interface Horizon {
  days: number;
  /** `HH:MM`, account time. */
  createAt: string;
}

export function planWindow(now: Date, horizon: Horizon, timeZone: string): DateWindow {
  const today = isoDateInZone(now, timeZone);
  const minutesToday = (now.getTime() - startOfDay(today, timeZone)) / 60_000;
  const [hours, minutes] = horizon.createAt.split(":").map(Number);
  const first = minutesToday >= hours! * 60 + minutes! ? addDays(today, 1) : today;
  return { from: first, to: addDays(first, horizon.days) };
}

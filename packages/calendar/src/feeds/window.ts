// The window a feed run looks at: whole account-local days from today, as instants for the expansion and
// as dates for the diff.
import { isoDateInZone } from "@smx/salesmania";
import { addDays, type PlainDate, startOfDay } from "../dates.ts";

export interface FeedWindow {
  from: Date;
  to: Date;
  dates: { from: PlainDate; to: PlainDate };
}

export function feedWindow(now: Date, days: number, timeZone: string): FeedWindow {
  const today = isoDateInZone(now, timeZone);
  const last = addDays(today, days);
  return {
    from: new Date(startOfDay(today, timeZone)),
    to: new Date(startOfDay(last, timeZone)),
    dates: { from: today, to: last },
  };
}

// Public holidays from `date-holidays` (its data ships in the package: no network). For Indonesia (`ID`) it
// knows the fixed national days, Easter-based days, Chinese New Year, and Islamic days computed from the
// Hijri calendar; Nyepi and Waisak only for the years its data lists. The government sets the Islamic dates
// by decree each year and adds collective leave days (cuti bersama), which the library does not know:
// docs/journey-plans.md says how to cover both with skip dates.
import Holidays from "date-holidays";
import type { PlainDate } from "../dates.ts";

export interface HolidayRegion {
  /** ISO 3166 country code, e.g. `ID`. */
  country: string;
  /** A state or province code the library knows for that country (`undefined`: none, as config reads it). */
  state?: string | undefined;
}

export interface HolidayCalendar {
  /** The holiday's name when `date` is a public holiday in the region. */
  holidayOn(date: PlainDate): string | undefined;
}

const catalog = new Holidays();

/** Whether the library has data for `region` (checked when the configuration loads). */
export function isKnownHolidayRegion(region: HolidayRegion): boolean {
  if (!Object.hasOwn(catalog.getCountries(), region.country)) return false;
  return region.state === undefined || Object.hasOwn(catalog.getStates(region.country) ?? {}, region.state);
}

/** Public holidays of `region`, computed a year at a time on first use. */
export function holidayCalendar(region: HolidayRegion): HolidayCalendar {
  const library =
    region.state === undefined ? new Holidays(region.country) : new Holidays(region.country, region.state);
  const years = new Map<string, Map<PlainDate, string>>();
  return {
    holidayOn(date) {
      const year = date.slice(0, 4);
      let days = years.get(year);
      if (days === undefined) {
        days = new Map();
        // `date` is "YYYY-MM-DD hh:mm:ss[ offset]" in the region's own calendar: its first 10 characters are
        // the observed day (an Islamic day that "starts at sunset the evening before" is still that day).
        for (const holiday of library.getHolidays(Number(year)))
          if (holiday.type === "public" && !days.has(holiday.date.slice(0, 10)))
            days.set(holiday.date.slice(0, 10), holiday.name);
        years.set(year, days);
      }
      return days.get(date);
    },
  };
}

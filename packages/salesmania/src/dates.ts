// The account's local calendar date of an instant. SalesMania dates are `YYYY-MM-DD` in the account's
// zone (ASSUMED Asia/Jakarta by default), so "today" must not be taken from UTC.
import { DateInputError } from "./errors.ts";

export const DEFAULT_TIME_ZONE = "Asia/Jakarta";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      // en-CA formats as YYYY-MM-DD.
      formatter = new Intl.DateTimeFormat("en-CA", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
    } catch (error) {
      throw new DateInputError(`timeZone "${timeZone}": expected an IANA time zone name`, { cause: error });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `YYYY-MM-DD` of `instant` (a Date, ISO string or epoch ms) in `timeZone`. */
export function isoDateInZone(instant: Date | string | number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) {
    throw new DateInputError(`instant ${JSON.stringify(String(instant))}: expected a valid date or time`);
  }
  const parts = formatterFor(timeZone).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

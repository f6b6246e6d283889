// Dates in payloads → the account's local `YYYY-MM-DD`. Every part is checked before anything is computed,
// so an impossible date or time (2031-02-30, 25:00, +15:00) is refused by name instead of rolling over into
// another day the way `Date` does.
import { isoDateInZone } from "@smx/salesmania";
import { asText, describe, TransformError } from "./transform-error.ts";

export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO date-times: with a zone they are instants; without, the date part is already local. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/i;
export const DEFAULT_DATE_FORMATS = ["DD/MM/YYYY"];

function calendarDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** A clock time that exists: 00:00:00 to 23:59:59 (parts absent from the text count as 0). */
function isClockTime(hour: number, minute: number, second: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 59;
}

interface DateTime {
  /** `YYYY-MM-DD` as written (the local date when there is no zone). */
  date: string;
  /** Epoch ms when the text names a zone (`Z` or an offset). */
  instant?: number;
}

/** An ISO 8601 date or date-time whose every part exists, or undefined. */
function isoDateTime(text: string): DateTime | undefined {
  const plain = ISO_DATE.exec(text);
  if (plain !== null) {
    const date = calendarDate(Number(plain[1]), Number(plain[2]), Number(plain[3]));
    return date === undefined ? undefined : { date };
  }
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(
    Number,
  ) as [number, number, number, number, number, number];
  const date = calendarDate(year, month, day);
  if (date === undefined || !isClockTime(hour, minute, second)) return undefined;
  if (m[8] === undefined && m[9] === undefined) return { date };
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  // Real zones lie within ±14:00.
  if (offsetHours > 14 || offsetMinutes > 59) return undefined;
  const millis = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { date, instant: Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset };
}

/** Epoch ms of an ISO 8601 date-time with a zone whose every part exists, or undefined. */
export function isoInstant(text: string): number | undefined {
  return isoDateTime(text.trim())?.instant;
}

const FORMAT_TOKENS: Record<string, string> = {
  YYYY: "(?<year>\\d{4})",
  MM: "(?<month>\\d{2})",
  M: "(?<month>\\d{1,2})",
  DD: "(?<day>\\d{2})",
  D: "(?<day>\\d{1,2})",
  HH: "(?<hour>\\d{2})",
  H: "(?<hour>\\d{1,2})",
  mm: "(?<minute>\\d{2})",
  ss: "(?<second>\\d{2})",
};

/**
 * "DD/MM/YYYY HH:mm" → an anchored pattern of fixed-width digit groups and literal characters, which
 * cannot backtrack more than linearly; tokens YYYY, MM, M, DD, D, HH, H, mm, ss.
 */
export function formatPattern(format: string): RegExp {
  const source = format.replace(/YYYY|MM|M|DD|D|HH|H|mm|ss|[^A-Za-z]/g, (token) =>
    token in FORMAT_TOKENS ? FORMAT_TOKENS[token]! : token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"),
  );
  return new RegExp(`^${source}$`);
}

function fromFormat(text: string, format: string): string | undefined {
  const groups = formatPattern(format).exec(text)?.groups;
  if (groups === undefined) return undefined;
  const time = [groups.hour, groups.minute, groups.second].map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
  ];
  if (!isClockTime(...time)) return undefined;
  return calendarDate(Number(groups.year), Number(groups.month), Number(groups.day));
}

export function parseDate(value: unknown, formats: readonly string[], timeZone: string): string {
  // Jotform sends date fields as {day, month, year}.
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const { year, month, day } = value as Record<string, unknown>;
    const date = calendarDate(Number(year), Number(month), Number(day));
    if (date !== undefined) return date;
    throw new TransformError(`expected a date as {year, month, day}, got ${describe(value)}`);
  }
  const text = asText(value, "a date").trim();
  const iso = isoDateTime(text);
  if (iso !== undefined) return iso.instant === undefined ? iso.date : isoDateInZone(iso.instant, timeZone);
  for (const format of formats) {
    const date = fromFormat(text, format);
    if (date !== undefined) return date;
  }
  throw new TransformError(
    `expected a date as ISO 8601 or ${formats.map((f) => `"${f}"`).join(", ")}, got ${describe(value)}`,
  );
}

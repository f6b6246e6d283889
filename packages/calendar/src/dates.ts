// Calendar dates (`YYYY-MM-DD`, no time, no zone) and the one conversion that needs a zone: a wall-clock
// time in an IANA zone → an instant. Date arithmetic runs on UTC midnights, where every day has 24 hours.

export type PlainDate = string;

export const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_MS = 86_400_000;

function utcMidnight(date: PlainDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMidnight(ms: number): PlainDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `value` is a real `YYYY-MM-DD` date (2026-02-30 is not). */
export function isPlainDate(value: string): boolean {
  if (value.length !== 10 || value[4] !== "-" || value[7] !== "-") return false;
  const ms = utcMidnight(value);
  return Number.isFinite(ms) && fromUtcMidnight(ms) === value;
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return fromUtcMidnight(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: PlainDate, b: PlainDate): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
}

export function weekdayOf(date: PlainDate): Weekday {
  return WEEKDAYS[new Date(utcMidnight(date)).getUTCDay()]!;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds `zone` is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: number, zone: string): number {
  let formatter = offsetFormatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(zone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which clocks in `zone` show `clock`. A time skipped by a DST change is read with the offset
 * before the change (so 02:30 on a spring-forward night is 03:30), a time that happens twice is its first
 * occurrence, as RFC 5545 §3.3.5 prescribes.
 */
export function wallClockToInstant(clock: WallClock, zone: string): number {
  const local = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  const before = zoneOffsetMs(local - DAY_MS / 2, zone);
  const after = zoneOffsetMs(local + DAY_MS / 2, zone);
  const early = local - before;
  if (before === after) return early;
  const late = local - after;
  const earlyValid = zoneOffsetMs(early, zone) === before;
  const lateValid = zoneOffsetMs(late, zone) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (lateValid && !earlyValid) return late;
  return early;
}

/** The instant `date` begins in `zone`. */
export function startOfDay(date: PlainDate, zone: string): number {
  const [year, month, day] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  return wallClockToInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, zone);
}

// The `plans` section: journey plans, one per team, listing customers and when each is visited. See
// docs/journey-plans.md for what each recurrence means.
import * as v from "valibot";
import { WEEKDAYS } from "../dates.ts";
import { isKnownHolidayRegion } from "../plans/holidays.ts";
import { compileRrule } from "../plans/recurrence.ts";
import { CustomerPointer } from "./rules.ts";
import { ConnectionId, compiledString, EntryId, PlainDateString, TimeZone } from "./shared.ts";

const Weekdays = v.pipe(v.array(v.picklist(WEEKDAYS)), v.minLength(1, "at least one weekday"));

export const Recurrence = v.variant("type", [
  /** Every week on these weekdays. */
  v.strictObject({ type: v.literal("weekly"), days: Weekdays }),
  /** Every `weeks` weeks, counted from the week (Monday to Sunday) of `anchor`, on these weekdays (default: anchor's). */
  v.strictObject({
    type: v.literal("every-n-weeks"),
    weeks: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(52)),
    anchor: PlainDateString,
    days: v.optional(Weekdays),
  }),
  /** Every month on `day`; in a month without that day, its last day (`last-day`) or no visit (`skip`). */
  v.strictObject({
    type: v.literal("monthly"),
    day: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(31)),
    shortMonth: v.optional(v.picklist(["last-day", "skip"]), "last-day"),
  }),
  /** An iCalendar RRULE (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY) counted from `anchor`. */
  v.strictObject({
    type: v.literal("rrule"),
    rule: compiledString(compileRrule),
    anchor: PlainDateString,
  }),
]);
export type Recurrence = v.InferOutput<typeof Recurrence>;

export const PlanCustomer = v.strictObject({
  customer: CustomerPointer,
  recurrence: Recurrence,
  /** No visit for this customer on these dates. */
  skipDates: v.optional(v.array(PlainDateString), []),
  /** First and last date this customer is on the plan (inclusive). */
  from: v.optional(PlainDateString),
  until: v.optional(PlainDateString),
});
export type PlanCustomer = v.InferOutput<typeof PlanCustomer>;

const HolidayRegion = v.pipe(
  v.strictObject({ country: v.optional(v.string(), "ID"), state: v.optional(v.string()) }),
  v.check(isKnownHolidayRegion, "a country (and state) that date-holidays knows, e.g. ID"),
);

const ClockTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time HH:MM, e.g. 18:00"));

export const PlanConfig = v.strictObject({
  id: EntryId,
  description: v.optional(v.string()),
  connection: ConnectionId,
  /** The SalesMania team whose visits these are. */
  teamId: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The account's zone by default (the connection's). */
  timeZone: v.optional(TimeZone),
  customers: v.pipe(v.array(PlanCustomer), v.minLength(1, "a plan lists at least one customer")),
  /** No visits at all on these dates (a company event, cuti bersama). */
  skipDates: v.optional(v.array(PlainDateString), []),
  /** Public holidays get no visits; `false` switches that off. */
  holidays: v.optional(v.union([v.literal(false), HolidayRegion]), { country: "ID" }),
  /**
   * Which dates a run creates: from `createAt` (account time) on, the next `days` days starting tomorrow;
   * before it, today's (a late or repeated run catches up) through `days - 1` days ahead.
   */
  horizon: v.optional(
    v.strictObject({
      days: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(31)), 1),
      createAt: v.optional(ClockTime, "18:00"),
    }),
    { days: 1, createAt: "18:00" },
  ),
  disabled: v.optional(v.boolean(), false),
});
export type PlanConfig = v.InferOutput<typeof PlanConfig>;

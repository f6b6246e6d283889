// A parsed calendar → the occurrences that start inside a window, with ical.js doing the recurrence work
// (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides, RANGE=THISANDFUTURE). Every loop is bounded: steps per
// series and per feed (see ../budget.ts), occurrences per series and per feed. A series that hits a bound or
// that ical.js cannot expand is reported as a problem with its UID and marked incomplete, so a later diff
// does not mistake its missing occurrences for vanished ones.
import { DEFAULT_TIME_ZONE } from "@smx/salesmania";
import ICAL from "ical.js";
import { chargeRule, RecurrenceBudgetError, StepBudget } from "../budget.ts";
import {
  buildOccurrence,
  instantOf,
  type Occurrence,
  recurrenceIdString,
  statusOf,
  tzidOf,
} from "./occurrence.ts";
import { parseCalendar } from "./parse.ts";

export interface ExpandWindow {
  /** Occurrences that start at or after this instant… */
  from: Date;
  /** …and before this one. */
  to: Date;
}

export interface ExpandLimits {
  maxOccurrencesPerSeries: number;
  maxOccurrences: number;
  maxStepsPerSeries: number;
  maxSteps: number;
}

export const EXPAND_LIMITS: ExpandLimits = {
  maxOccurrencesPerSeries: 200,
  maxOccurrences: 20_000,
  // A daily series that began 50 years ago needs ~18 000 steps to reach today. A step costs a few
  // microseconds, so the feed's budget bounds a hostile feed to about a second of CPU.
  maxStepsPerSeries: 20_000,
  maxSteps: 250_000,
};

export type ExpansionProblemCode = "invalid_event" | "recurrence_limit" | "invalid_recurrence" | "feed_limit";

export interface ExpansionProblem {
  code: ExpansionProblemCode;
  uid?: string;
  message: string;
}

export interface Expansion {
  occurrences: Occurrence[];
  problems: ExpansionProblem[];
  /** UIDs whose occurrences may be missing from `occurrences` (a limit or an error stopped them). */
  incompleteUids: string[];
}

export interface ExpandOptions extends ExpandWindow {
  /** The account's zone: floating times are read in it and visits are dated in it (default Asia/Jakarta). */
  timeZone?: string;
  limits?: Partial<ExpandLimits>;
}

interface Series {
  uid: string;
  master?: ICAL.Component;
  exceptions: ICAL.Component[];
}

function groupByUid(calendar: ICAL.Component, problems: ExpansionProblem[]): Series[] {
  const series = new Map<string, Series>();
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const uid = component.getFirstPropertyValue("uid");
    if (typeof uid !== "string" || uid === "") {
      problems.push({ code: "invalid_event", message: "a VEVENT without UID was skipped" });
      continue;
    }
    let entry = series.get(uid);
    if (entry === undefined) {
      entry = { uid, exceptions: [] };
      series.set(uid, entry);
    }
    if (component.hasProperty("recurrence-id")) entry.exceptions.push(component);
    else if (entry.master === undefined) entry.master = component;
    else problems.push({ code: "invalid_event", uid, message: "a second VEVENT with this UID was ignored" });
  }
  return [...series.values()];
}

class SeriesExpander {
  readonly occurrences: Occurrence[] = [];

  constructor(
    private readonly window: { from: number; to: number },
    private readonly zone: string,
    private readonly limits: ExpandLimits,
    private readonly steps: StepBudget,
  ) {}

  private inWindow(instant: number): boolean {
    return instant >= this.window.from && instant < this.window.to;
  }

  private add(occurrence: Occurrence): void {
    if (this.occurrences.length >= this.limits.maxOccurrencesPerSeries)
      throw new RecurrenceBudgetError(this.limits.maxOccurrencesPerSeries, "occurrences in the window");
    this.occurrences.push(occurrence);
  }

  /** An override (RECURRENCE-ID), or an instance whose series is not in the feed: dated by its own DTSTART. */
  expandException(uid: string, component: ICAL.Component, masterCancelled: boolean): void {
    const event = new ICAL.Event(component);
    const start = event.startDate;
    if (!this.inWindow(instantOf(start, tzidOf(component, "dtstart"), this.zone))) return;
    const rid = recurrenceIdString(event.recurrenceId, tzidOf(component, "recurrence-id"), this.zone);
    const times = {
      start,
      startTzid: tzidOf(component, "dtstart"),
      end: event.endDate,
      endTzid: tzidOf(component, "dtend") ?? tzidOf(component, "dtstart"),
    };
    const status = masterCancelled ? "cancelled" : statusOf(component);
    this.add(buildOccurrence(component, uid, rid, times, status, this.zone));
  }

  expandMaster(uid: string, master: ICAL.Component, exceptions: ICAL.Component[]): void {
    const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
    const startTzid = tzidOf(master, "dtstart");
    const masterStatus = statusOf(master);
    if (!event.isRecurring()) {
      const times = {
        start: event.startDate,
        startTzid,
        end: event.endDate,
        endTzid: tzidOf(master, "dtend"),
      };
      if (this.inWindow(instantOf(times.start, startTzid, this.zone)))
        this.add(buildOccurrence(master, uid, undefined, times, masterStatus, this.zone));
      return;
    }
    const seriesSteps = new StepBudget(this.limits.maxStepsPerSeries);
    const budgets = [seriesSteps, this.steps];
    for (const property of master.getAllProperties("rrule")) {
      const rule = property.getFirstValue();
      if (rule instanceof ICAL.Recur) chargeRule(rule, budgets);
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      for (const budget of budgets) budget.step();
      const details = event.getOccurrenceDetails(next);
      const item = details.item;
      // A direct override is expanded on its own (it may have moved into the window from outside it).
      if (item !== event && item.recurrenceId.compare(next) === 0) continue;
      const ridInstant = instantOf(next, startTzid, this.zone);
      const start = instantOf(details.startDate, startTzid, this.zone);
      if (ridInstant >= this.window.to && start >= this.window.to) break;
      if (!this.inWindow(start)) continue;
      const rid = recurrenceIdString(next, startTzid, this.zone);
      const times = { start: details.startDate, startTzid, end: details.endDate, endTzid: startTzid };
      const status = masterStatus === "cancelled" ? "cancelled" : statusOf(item.component);
      this.add(buildOccurrence(item.component, uid, rid, times, status, this.zone));
    }
  }
}

/** The occurrences of `calendar` (a parsed VCALENDAR) that start in `[from, to)`. */
export function expandCalendar(calendar: ICAL.Component, options: ExpandOptions): Expansion {
  const zone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const limits = { ...EXPAND_LIMITS, ...options.limits };
  const window = { from: options.from.getTime(), to: options.to.getTime() };
  const problems: ExpansionProblem[] = [];
  const incomplete = new Set<string>();
  const occurrences: Occurrence[] = [];
  const steps = new StepBudget(limits.maxSteps);
  for (const series of groupByUid(calendar, problems)) {
    if (occurrences.length >= limits.maxOccurrences || steps.steps >= limits.maxSteps) {
      incomplete.add(series.uid);
      continue;
    }
    const expander = new SeriesExpander(window, zone, limits, steps);
    try {
      const masterCancelled = series.master !== undefined && statusOf(series.master) === "cancelled";
      if (series.master !== undefined) expander.expandMaster(series.uid, series.master, series.exceptions);
      for (const exception of series.exceptions)
        expander.expandException(series.uid, exception, masterCancelled);
    } catch (error) {
      incomplete.add(series.uid);
      problems.push(
        error instanceof RecurrenceBudgetError
          ? { code: "recurrence_limit", uid: series.uid, message: `expansion stopped: ${error.message}` }
          : { code: "invalid_recurrence", uid: series.uid, message: describe(error) },
      );
    }
    const room = limits.maxOccurrences - occurrences.length;
    if (expander.occurrences.length > room) incomplete.add(series.uid);
    occurrences.push(...expander.occurrences.slice(0, room));
  }
  if (incomplete.size > 0 && (occurrences.length >= limits.maxOccurrences || steps.steps >= limits.maxSteps))
    problems.push({
      code: "feed_limit",
      message: `the feed's limits (${limits.maxOccurrences} occurrences, ${limits.maxSteps} steps) were reached; ${incomplete.size} series not fully expanded`,
    });
  occurrences.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.key < b.key ? -1 : 1));
  return { occurrences, problems, incompleteUids: [...incomplete] };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}

/** Parses iCalendar `text` (see ./parse.ts) and expands it; `origin` names the feed in errors. */
export function expandIcs(
  text: string,
  options: ExpandOptions & { origin: string; maxLineChars?: number },
): Expansion {
  const parseOptions = {
    origin: options.origin,
    ...(options.maxLineChars ? { maxLineChars: options.maxLineChars } : {}),
  };
  return expandCalendar(parseCalendar(text, parseOptions), options);
}

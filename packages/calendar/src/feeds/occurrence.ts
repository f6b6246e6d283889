// One occurrence of a calendar event, as the rest of the system sees it: instants in UTC, the account-local
// date the visit goes on, and the event's text. This module turns ical.js's times into instants: a time in a
// VTIMEZONE the feed defines (or UTC) is ical.js's to convert; a floating time is read in the account's zone;
// a TZID that names an IANA zone the feed does not define is read in that zone by the runtime's zone data.
import { isTimeZone } from "@smx/core";
import { isoDateInZone } from "@smx/salesmania";
import ICAL from "ical.js";
import { type PlainDate, startOfDay, wallClockToInstant } from "../dates.ts";

export type OccurrenceStatus = "confirmed" | "tentative" | "cancelled";

export interface Occurrence {
  /** Stable across runs: the UID, plus `|` and the recurrence id for an occurrence of a series. */
  key: string;
  uid: string;
  /** The occurrence's original start (RECURRENCE-ID): an ISO instant, or a date for all-day series. */
  recurrenceId?: string;
  /** ISO 8601 instants (UTC). */
  start: string;
  end: string;
  allDay: boolean;
  /** The account-local date the visit goes on: the date the occurrence starts on in the account's zone. */
  date: PlainDate;
  summary: string;
  location: string;
  description: string;
  /** Attendees' e-mail addresses, lower-cased, without the organizer's. */
  attendees: string[];
  organizer?: string;
  status: OccurrenceStatus;
  /** RELATED-TO, when the event names another (e.g. the series it was split from). */
  relatedTo?: string;
}

/** Longest text kept per field: enough for any real description, bounded for a hostile feed. */
export const MAX_TEXT_CHARS = 8 * 1024;

/** Milliseconds since the epoch at which `time` happens; `tzid` is the TZID its property carried. */
export function instantOf(time: ICAL.Time, tzid: string | undefined, accountZone: string): number {
  if (time.isDate) return startOfDay(time.toString(), accountZone);
  if (time.zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
  const zone = tzid !== undefined && isTimeZone(tzid) ? tzid : accountZone;
  return wallClockToInstant(time, zone);
}

/** The TZID parameter of `component`'s first `name` property, if any. */
export function tzidOf(component: ICAL.Component, name: string): string | undefined {
  const tzid = component.getFirstProperty(name)?.getParameter("tzid");
  return typeof tzid === "string" ? tzid : undefined;
}

/** A recurrence id as a stable string: the date for all-day series, else the UTC instant. */
export function recurrenceIdString(time: ICAL.Time, tzid: string | undefined, accountZone: string): string {
  return time.isDate ? time.toString() : new Date(instantOf(time, tzid, accountZone)).toISOString();
}

function text(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === "string" ? value.slice(0, MAX_TEXT_CHARS) : "";
}

function mailbox(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const address = value.toLowerCase().startsWith("mailto:") ? value.slice(7) : value;
  const trimmed = address.trim().toLowerCase();
  return trimmed.includes("@") ? trimmed : undefined;
}

export function statusOf(component: ICAL.Component): OccurrenceStatus {
  const status = String(component.getFirstPropertyValue("status") ?? "").toUpperCase();
  if (status === "CANCELLED") return "cancelled";
  if (status === "TENTATIVE") return "tentative";
  return "confirmed";
}

export interface OccurrenceTimes {
  start: ICAL.Time;
  startTzid: string | undefined;
  end: ICAL.Time;
  endTzid: string | undefined;
}

/** Builds the occurrence of `item` (the series' event or the exception that overrides this occurrence). */
export function buildOccurrence(
  item: ICAL.Component,
  uid: string,
  recurrenceId: string | undefined,
  times: OccurrenceTimes,
  status: OccurrenceStatus,
  accountZone: string,
): Occurrence {
  const start = instantOf(times.start, times.startTzid, accountZone);
  const allDay = times.start.isDate;
  // A missing or inverted end (DTEND before DTSTART) is read as a zero-length event, not rejected.
  const end = Math.max(start, instantOf(times.end, times.endTzid, accountZone));
  const organizer = mailbox(item.getFirstPropertyValue("organizer"));
  const attendees = new Set<string>();
  for (const property of item.getAllProperties("attendee")) {
    const address = mailbox(property.getFirstValue());
    if (address !== undefined && address !== organizer) attendees.add(address);
  }
  const occurrence: Occurrence = {
    key: recurrenceId === undefined ? uid : `${uid}|${recurrenceId}`,
    uid,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    allDay,
    date: allDay ? times.start.toString() : isoDateInZone(start, accountZone),
    summary: text(item, "summary"),
    location: text(item, "location"),
    description: text(item, "description"),
    attendees: [...attendees],
    status,
  };
  if (recurrenceId !== undefined) occurrence.recurrenceId = recurrenceId;
  if (organizer !== undefined) occurrence.organizer = organizer;
  const relatedTo = text(item, "related-to");
  if (relatedTo) occurrence.relatedTo = relatedTo;
  return occurrence;
}

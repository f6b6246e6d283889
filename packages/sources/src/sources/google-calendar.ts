// Google Calendar through our Apps Script template (examples/google-calendar/Code.gs): its calendar trigger
// runs an incremental sync (Calendar.Events.list with a sync token) and posts each changed event, one per
// request: `{calendarId, sync, event: <the Events resource, expanded to single instances>}`.
// Signature: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature over `id.timestamp.body`
// with a `whsec_…` secret), the same scheme object as the standard-webhooks source: Apps Script computes it
// with Utilities.computeHmacSha256Signature, and the signed timestamp refuses a replayed post.
//
// A confirmed or tentative event → a visit on its start's local date; a cancelled one → a recorded
// CancelVisit (SalesMania cannot delete a visit). The dedup key is the calendar, the event's id (an
// instance id for an occurrence of a series) and the visit's business key (customer, date, team): a re-post
// is a duplicate, and a move to another day, or to another customer, is a new visit. See
// docs/sources/google-calendar.md.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import type { Mapping } from "../config/hooks.ts";
import { businessDedupKey } from "../mapping/index.ts";
import { asCancellation, expectPayload, parseJson, toEvent } from "./signed-provider.ts";
import { standardWebhooksSignature } from "./standard-webhooks.ts";

const PROVIDER = "Google Calendar (Apps Script)";
const CANCELLED = "cancelled";

/** Used for any field the hook's mapping leaves out; see docs/sources/google-calendar.md. */
const DEFAULT_MAPPING: Mapping = {
  date: "start",
  "customer.email": "attendee.email",
};

const Text = v.optional(v.string());
const EventTime = v.looseObject({ date: Text, dateTime: Text, timeZone: Text });
const Person = v.looseObject({
  email: Text,
  displayName: Text,
  self: v.optional(v.boolean()),
  organizer: v.optional(v.boolean()),
  resource: v.optional(v.boolean()),
  responseStatus: Text,
});

const CalendarPost = v.looseObject({
  calendarId: v.pipe(v.string(), v.nonEmpty()),
  sync: Text,
  event: v.looseObject({
    id: v.pipe(v.string(), v.nonEmpty()),
    status: v.optional(v.picklist(["confirmed", "tentative", CANCELLED])),
    summary: Text,
    description: Text,
    location: Text,
    start: v.optional(EventTime),
    end: v.optional(EventTime),
    attendees: v.optional(v.array(Person), []),
    organizer: v.optional(Person),
    recurringEventId: Text,
    originalStartTime: v.optional(EventTime),
    iCalUID: Text,
    updated: Text,
  }),
});
type CalendarEvent = v.InferOutput<typeof CalendarPost>["event"];

const instant = (time: v.InferOutput<typeof EventTime> | undefined) => time?.dateTime ?? time?.date;

/** The first guest who is a person outside the calendar: not its owner, the organizer or a room. */
function guestOf(event: CalendarEvent) {
  return event.attendees.find(
    (attendee) => attendee.email && !attendee.self && !attendee.organizer && !attendee.resource,
  );
}

export const googleCalendarSource: SourceAdapter = {
  auth: { signature: standardWebhooksSignature },
  events: "none",
  sampleStamps: { ids: ["event.id"], times: [] },
  parse: parseJson,

  normalize(payload, request, context) {
    const { calendarId, sync, event } = expectPayload(CalendarPost, payload, PROVIDER);
    const cancelled = event.status === CANCELLED;
    if (cancelled && context.hook.action !== "CreateVisit")
      return {
        kind: "skip",
        reason: `a cancelled event only concerns a CreateVisit hook (this hook's action is ${context.hook.action})`,
      };
    const text = [event.summary, event.location, event.description].filter((part) => part).join("\n");
    const source = {
      calendarId,
      sync,
      event,
      summary: event.summary,
      location: event.location,
      description: event.description,
      text,
      start: instant(event.start),
      end: instant(event.end),
      attendee: guestOf(event),
      organizer: event.organizer,
    };
    return toEvent(
      {
        source,
        defaultMapping: DEFAULT_MAPPING,
        // Keys only a rejection: one record per version of an event the mapping cannot use.
        nativeId: `gcal:${calendarId}:${event.id}:${event.updated ?? ""}`,
        keyOf: (command) => `gcal:${calendarId}:${event.id}:${businessDedupKey(command, context).dedupKey}`,
        nativeIds: {
          calendarId,
          eventId: event.id,
          iCalUID: event.iCalUID,
          recurringEventId: event.recurringEventId,
          originalStart: instant(event.originalStartTime),
        },
        occurredAt: event.updated,
        ...(cancelled ? { finish: asCancellation("cancelled in Google Calendar") } : {}),
      },
      request,
      context,
    );
  },
};

// The google-calendar source: what examples/google-calendar/Code.gs posts, signed the Standard Webhooks way
// (the reference library signs here, so the script's scheme and ours are checked against a third reading),
// mapped with the example hook (a customer code found in the event text).
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { HookContext } from "../src/adapter.ts";
import { AuthenticationError, UnusableEventError } from "../src/errors.ts";
import { googleCalendarSource } from "../src/sources/google-calendar.ts";
import { exampleContext } from "./http-helpers.ts";
import {
  eventOf,
  inboundRequest,
  receive,
  receiveOverHttp,
  samplePayload,
  thrown,
} from "./signed-provider-helpers.ts";

const NOW = Date.UTC(2026, 10, 28, 3, 30, 0);
const context = exampleContext("google-calendar-visits", NOW);
const sample = JSON.parse(samplePayload("google-calendar.json"));

type CalendarEvent = Record<string, unknown>;

function post(event: CalendarEvent, secret = context.secrets[0] ?? "", at = NOW) {
  const body = JSON.stringify({ calendarId: sample.calendarId, sync: "incremental", event });
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const signature = new Webhook(secret).sign(id, new Date(at), body);
  const headers = {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at / 1000)),
    "webhook-signature": signature,
  };
  return { body, headers };
}

function normalize(event: CalendarEvent, ctx: HookContext = context) {
  const { body, headers } = post(event);
  return receive(googleCalendarSource, inboundRequest(body, headers), ctx);
}

const withEvent = (changes: CalendarEvent): CalendarEvent => ({ ...sample.event, ...changes });

describe("google-calendar", () => {
  it("turns the sample post (signed over HTTP) into a visit on the start's Jakarta date", async () => {
    const { body, headers } = post(sample.event);
    const event = eventOf(await receiveOverHttp(googleCalendarSource, context, body, headers));
    expect(event).toEqual({
      command: {
        kind: "CreateVisit",
        customer: { extCustNo: "C-001", email: "budi@sumberrejeki.co.id", createIfMissing: false },
        date: "2026-12-03",
      },
      dedupKey: `gcal:${sample.calendarId}:${sample.event.id}:visit:ext:C-001:2026-12-03:team:default`,
      dedupKeySource: "native",
      nativeIds: {
        calendarId: sample.calendarId,
        eventId: sample.event.id,
        iCalUID: sample.event.iCalUID,
      },
      occurredAt: sample.event.updated,
    });
  });

  it("refuses a wrong secret and a stale timestamp with the header named", () => {
    const forged = post(sample.event, `whsec_${Buffer.from("another-key-of-24-bytes!").toString("base64")}`);
    const wrong = thrown(AuthenticationError, () =>
      receive(googleCalendarSource, inboundRequest(forged.body, forged.headers), context),
    );
    expect(wrong.message).toContain("webhook-signature");
    const stale = post(sample.event, context.secrets[0], NOW - 10 * 60_000);
    const old = thrown(AuthenticationError, () =>
      receive(googleCalendarSource, inboundRequest(stale.body, stale.headers), context),
    );
    expect(old.message).toContain("webhook-timestamp");
  });

  it("gives a re-post of an edited event the same key, and a move to another day a new one", () => {
    const first = eventOf(normalize(sample.event)).dedupKey;
    const edited = withEvent({ description: "Bawa katalog baru", updated: "2026-11-29T01:00:00Z" });
    expect(eventOf(normalize(edited)).dedupKey).toBe(first);
    const laterSameDay = withEvent({ start: { dateTime: "2026-12-03T15:00:00+07:00" } });
    expect(eventOf(normalize(laterSameDay)).dedupKey).toBe(first);
    const moved = eventOf(normalize(withEvent({ start: { dateTime: "2026-12-04T09:30:00+07:00" } })));
    expect(moved.command).toMatchObject({ kind: "CreateVisit", date: "2026-12-04" });
    expect(moved.dedupKey).not.toBe(first);
    const otherCustomer = eventOf(normalize(withEvent({ summary: "Kunjungan [C-002]" })));
    expect(otherCustomer.dedupKey).not.toBe(first);
  });

  it("keys each occurrence of a series by its instance id, and dates all-day events as written", () => {
    const occurrence = eventOf(
      normalize(
        withEvent({
          id: "series7_20261203T023000Z",
          recurringEventId: "series7",
          originalStartTime: { dateTime: "2026-12-03T09:30:00+07:00" },
        }),
      ),
    );
    expect(occurrence.dedupKey).toContain(":series7_20261203T023000Z:");
    expect(occurrence.nativeIds).toMatchObject({
      recurringEventId: "series7",
      originalStart: "2026-12-03T09:30:00+07:00",
    });
    const allDay = eventOf(
      normalize(withEvent({ start: { date: "2026-12-05" }, end: { date: "2026-12-08" } })),
    );
    expect(allDay.command).toMatchObject({ date: "2026-12-05" });
    // 00:30 WIB is the previous day in UTC: the visit is on the Jakarta date.
    const early = eventOf(normalize(withEvent({ start: { dateTime: "2026-12-02T17:30:00Z" } })));
    expect(early.command).toMatchObject({ date: "2026-12-03" });
  });

  it("records a cancelled event as a CancelVisit under a key of its own", () => {
    const cancelled = eventOf(normalize(withEvent({ status: "cancelled" })));
    expect(cancelled.command).toEqual({
      kind: "CancelVisit",
      customer: { extCustNo: "C-001", email: "budi@sumberrejeki.co.id", createIfMissing: false },
      date: "2026-12-03",
      reason: "cancelled in Google Calendar",
    });
    expect(cancelled.dedupKey).toContain(":cancel-visit:ext:C-001:2026-12-03:");
  });

  it("skips a cancellation on a hook that does not create visits", () => {
    const orders: HookContext = { ...context, hook: { ...context.hook, action: "CreateOrder" } };
    expect(normalize(withEvent({ status: "cancelled" }), orders)).toMatchObject({ kind: "skip" });
  });

  it("answers 422 naming the field: no customer code, two codes, no start, no event id", () => {
    const noCode = thrown(UnusableEventError, () =>
      normalize(
        withEvent({ summary: "Makan siang tim", location: undefined, description: undefined, attendees: [] }),
      ),
    );
    expect(noCode.field).toBe("customer");
    expect(noCode.dedupKey?.dedupKey).toBe(
      `gcal:${sample.calendarId}:${sample.event.id}:${sample.event.updated}`,
    );
    const twoCodes = thrown(UnusableEventError, () =>
      normalize(withEvent({ summary: "[C-001] lalu [C-002]" })),
    );
    expect(twoCodes.field).toBe("customer.extCustNo");
    expect(twoCodes.message).toContain("more than one");
    const noStart = thrown(UnusableEventError, () => normalize(withEvent({ start: undefined })));
    expect(noStart.field).toBe("date");
    const noId = thrown(UnusableEventError, () => normalize(withEvent({ id: "" })));
    expect(noId.field).toBe("event.id");
  });
});

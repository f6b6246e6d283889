// Cal.com: BOOKING_CREATED → a visit on the booking's local date; BOOKING_RESCHEDULED → a visit for the
// new date (Cal.com sends no separate cancellation for the old time, so the old booking is recorded on this
// event's ids); BOOKING_CANCELLED → a recorded CancelVisit. Other triggers are skipped.
// Signature: `X-Cal-Signature-256: <hex HMAC-SHA256(secret, raw body)>`; no timestamp. Without a secret
// configured Cal.com sends the literal `no-secret-provided`, which must never authenticate anything.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import type { Mapping } from "../config/hooks.ts";
import { bodyHmacScheme } from "../signatures/body-hmac.ts";
import { phoneAnswer } from "./booking-phone.ts";
import {
  asCancellation,
  bookingSkipReason,
  expectPayload,
  parseJson,
  refuseIfOlderThanRetention,
  toEvent,
} from "./signed-provider.ts";

const PROVIDER = "Cal.com";
const CREATED = "BOOKING_CREATED";
const RESCHEDULED = "BOOKING_RESCHEDULED";
const CANCELLED = "BOOKING_CANCELLED";
const EVENTS = [CREATED, RESCHEDULED, CANCELLED];
const SIGNATURE_HEADER = "X-Cal-Signature-256";
const MISSING_HINT = "set a secret on the Cal.com webhook (Settings → Developer → Webhooks → Secret)";

/** Used for any field the hook's mapping leaves out; see docs/sources/cal-com.md. */
const DEFAULT_MAPPING: Mapping = {
  date: "booking.startTime",
  "customer.email": "attendee.email",
  "customer.name": "attendee.name",
  "customer.phone": "attendee_phone",
};

const Envelope = v.looseObject({ triggerEvent: v.string(), createdAt: v.optional(v.string()) });

const OptionalText = v.optional(v.nullable(v.string()));

const BookingEvent = v.looseObject({
  triggerEvent: v.string(),
  createdAt: v.optional(v.string()),
  payload: v.looseObject({
    uid: v.pipe(v.string(), v.nonEmpty()),
    bookingId: v.optional(v.nullable(v.number())),
    startTime: v.string(),
    attendees: v.optional(v.array(v.looseObject({ email: OptionalText, name: OptionalText })), []),
    organizer: v.optional(v.nullable(v.looseObject({}))),
    responses: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
    rescheduleUid: OptionalText,
    rescheduleStartTime: OptionalText,
    cancellationReason: OptionalText,
  }),
});

/** Booking questions arrive as `{label, value}` by question name; the mapping reads the value by name. */
function responseValues(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(responses).map(([name, response]) => [
      name,
      typeof response === "object" && response !== null && "value" in response ? response.value : response,
    ]),
  );
}

function labelOf(response: unknown): string {
  const label =
    typeof response === "object" && response !== null && "label" in response ? response.label : undefined;
  return typeof label === "string" ? label : "";
}

export const calComSource: SourceAdapter = {
  auth: {
    signature: bodyHmacScheme({
      header: SIGNATURE_HEADER,
      encoding: "hex",
      missingHint: MISSING_HINT,
      refused: {
        value: "no-secret-provided",
        message: `${SIGNATURE_HEADER} is "no-secret-provided": the Cal.com webhook has no secret; ${MISSING_HINT}`,
      },
    }),
  },
  events: EVENTS,
  // Cal.com documents no retries (its sender makes one attempt); a day covers a manual resend the same day.
  resendWindowHours: 24,
  sampleStamps: { ids: ["payload.uid"], times: ["createdAt"] },
  parse: parseJson,

  normalize(payload, request, context) {
    const { triggerEvent } = expectPayload(Envelope, payload, PROVIDER);
    const skipped = bookingSkipReason(context, triggerEvent, EVENTS, CANCELLED);
    if (skipped) return { kind: "skip", reason: skipped };

    const body = expectPayload(BookingEvent, payload, PROVIDER);
    refuseIfOlderThanRetention(body.createdAt, "createdAt", context);
    const booking = body.payload;
    const responses = responseValues(booking.responses ?? {});
    const source = {
      triggerEvent,
      createdAt: body.createdAt,
      booking,
      attendee: booking.attendees[0],
      organizer: booking.organizer ?? undefined,
      responses,
      // Cal.com's own phone field, else a booking question that asks for a phone (by its name or label).
      attendee_phone: phoneAnswer([
        ["phone", responses.attendeePhoneNumber],
        ...Object.entries(booking.responses ?? {}).flatMap(([name, response]): [string, unknown][] => [
          [name, responses[name]],
          [labelOf(response), responses[name]],
        ]),
      ]),
    };
    const reason = `cancelled in Cal.com${booking.cancellationReason ? `: ${booking.cancellationReason}` : ""}`;
    return toEvent(
      {
        source,
        defaultMapping: DEFAULT_MAPPING,
        lenientDefaultPhone: true,
        nativeId: `${triggerEvent}:${booking.uid}`,
        nativeIds: {
          bookingUid: booking.uid,
          bookingId: booking.bookingId == null ? undefined : String(booking.bookingId),
          rescheduledFromUid: booking.rescheduleUid ?? undefined,
          rescheduledFromStart: booking.rescheduleStartTime ?? undefined,
        },
        occurredAt: body.createdAt,
        ...(triggerEvent === CANCELLED ? { finish: asCancellation(reason) } : {}),
      },
      request,
      context,
    );
  },
};

import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate } from "../src/auth/index.ts";
import { AuthenticationError, UnsupportedMediaTypeError } from "../src/errors.ts";
import { calComSource } from "../src/sources/cal-com.ts";
import {
  eventOf,
  hookContext,
  inboundRequest,
  receive,
  receiveOverHttp,
  samplePayload,
  thrown,
} from "./signed-provider-helpers.ts";

const SECRET = "cal-secret-1";
const NEXT_SECRET = "cal-secret-2";
const BODY = samplePayload("cal-com.json");
const UID = "bFJeNb2uX8ANpT3JL5EfXw";

/** Cal.com's scheme (sendPayload.ts): hex(HMAC-SHA256(secret, body)), no prefix, no timestamp. */
function sign(body: string, secret = SECRET): Record<string, string> {
  return { "X-Cal-Signature-256": createHmac("sha256", secret).update(body).digest("hex") };
}

const context = hookContext(
  {
    id: "calcom-visits",
    source: "cal-com",
    connection: "main",
    action: "CreateVisit",
    auth: { scheme: "signature", secrets: ["calcom-secret"] },
    mapping: {
      "customer.extCustNo": "responses.kode_pelanggan",
      "customer.phone": "attendee.phoneNumber",
      "customer.address": "booking.location",
    },
  },
  [SECRET],
);

const CUSTOMER = {
  extCustNo: "C-001",
  phone: "+6281234567890",
  address: "Toko Sumber Rejeki, Jl. Pasar Baru 12",
  email: "budi@sumberrejeki.co.id",
  name: "Budi Santoso",
  createIfMissing: false,
};

function withTrigger(triggerEvent: string, changes: Record<string, unknown> = {}): string {
  const body = JSON.parse(BODY);
  return JSON.stringify({ ...body, triggerEvent, payload: { ...body.payload, ...changes } });
}

function receiveSigned(body: string, ctx = context) {
  return receive(calComSource, inboundRequest(body, sign(body)), ctx);
}

describe("Cal.com", () => {
  it("turns a signed BOOKING_CREATED sent over HTTP into a CreateVisit on the booking's local date", async () => {
    const event = eventOf(await receiveOverHttp(calComSource, context, BODY, sign(BODY)));
    expect(event.command).toEqual({ kind: "CreateVisit", date: "2026-12-03", customer: CUSTOMER });
    expect(event.dedupKey).toBe(`BOOKING_CREATED:${UID}`);
    expect(event.dedupKeySource).toBe("native");
    expect(event.nativeIds).toEqual({ bookingUid: UID, bookingId: "91" });
    expect(event.occurredAt).toBe("2026-11-28T03:30:00.000Z");
  });

  it("accepts the second secret during a rotation and an upper-case hex signature", () => {
    const rotating = { ...context, secrets: [SECRET, NEXT_SECRET] };
    const upper = { "X-Cal-Signature-256": sign(BODY, NEXT_SECRET)["X-Cal-Signature-256"]!.toUpperCase() };
    expect(eventOf(receive(calComSource, inboundRequest(BODY, upper), rotating)).dedupKey).toBe(
      `BOOKING_CREATED:${UID}`,
    );
  });

  it("rejects a wrong signature and the literal no-secret-provided, naming X-Cal-Signature-256", () => {
    const wrong = thrown(AuthenticationError, () =>
      receive(calComSource, inboundRequest(BODY, sign(BODY, NEXT_SECRET)), context),
    );
    expect(wrong.header).toBe("X-Cal-Signature-256");
    const unset = thrown(AuthenticationError, () =>
      receive(calComSource, inboundRequest(BODY, { "X-Cal-Signature-256": "no-secret-provided" }), context),
    );
    expect(unset.header).toBe("X-Cal-Signature-256");
    expect(unset.message).toContain('is "no-secret-provided": the Cal.com webhook has no secret');
  });

  it("makes BOOKING_RESCHEDULED a visit for the new date, recording the booking it replaces", () => {
    const body = withTrigger("BOOKING_RESCHEDULED", {
      uid: "newUid123",
      startTime: "2026-12-05T03:00:00Z",
      rescheduleUid: UID,
      rescheduleStartTime: "2026-12-03T02:00:00Z",
    });
    const event = eventOf(receiveSigned(body));
    expect(event.command).toEqual({ kind: "CreateVisit", date: "2026-12-05", customer: CUSTOMER });
    expect(event.dedupKey).toBe("BOOKING_RESCHEDULED:newUid123");
    expect(event.nativeIds).toMatchObject({
      rescheduledFromUid: UID,
      rescheduledFromStart: "2026-12-03T02:00:00Z",
    });
    // A redelivery carries the same key, so the ledger answers it as a duplicate.
    expect(eventOf(receiveSigned(body)).dedupKey).toBe(event.dedupKey);
  });

  it("records BOOKING_CANCELLED as a CancelVisit with the reason", () => {
    const event = eventOf(
      receiveSigned(withTrigger("BOOKING_CANCELLED", { cancellationReason: "Toko tutup" })),
    );
    expect(event.command).toEqual({
      kind: "CancelVisit",
      date: "2026-12-03",
      customer: CUSTOMER,
      reason: "cancelled in Cal.com: Toko tutup",
    });
    expect(event.dedupKey).toBe(`BOOKING_CANCELLED:${UID}`);
  });

  it("skips other triggers", () => {
    expect(receiveSigned(withTrigger("MEETING_ENDED"))).toEqual({
      kind: "skip",
      reason:
        'event "MEETING_ENDED" has no SalesMania effect (this source acts on BOOKING_CREATED, BOOKING_RESCHEDULED, BOOKING_CANCELLED)',
    });
  });

  it("refuses a form-encoded custom payload template with 415", () => {
    const form = "triggerEvent=BOOKING_CREATED&uid=abc";
    const request = inboundRequest(form, {
      ...sign(form),
      "content-type": "application/x-www-form-urlencoded",
    });
    authenticate(request, context, calComSource);
    const error = thrown(UnsupportedMediaTypeError, () => calComSource.parse(request));
    expect(error.header).toBe("content-type");
  });
});

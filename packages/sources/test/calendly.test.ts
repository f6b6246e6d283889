import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { HookContext } from "../src/adapter.ts";
import { AuthenticationError } from "../src/errors.ts";
import { calendlySource } from "../src/sources/calendly.ts";
import {
  eventOf,
  hookContext,
  inboundRequest,
  NOW,
  receive,
  receiveOverHttp,
  samplePayload,
  thrown,
} from "./signed-provider-helpers.ts";

const KEY = "calendly-signing-key-1";
const NEXT_KEY = "calendly-signing-key-2";
const BODY = samplePayload("calendly.json");
const INVITEE =
  "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/7f1e2d3c-4b5a-4697-8887-a6b5c4d3e2f1";

/** Calendly's documented scheme: "t=<unix>,v1=" + hex(HMAC-SHA256(key, t + "." + raw body)). */
function sign(body: string, key = KEY, at = NOW): Record<string, string> {
  const t = Math.floor(at / 1000);
  const v1 = createHmac("sha256", key).update(`${t}.${body}`).digest("hex");
  return { "Calendly-Webhook-Signature": `t=${t},v1=${v1}` };
}

const context = hookContext(
  {
    id: "calendly-visits",
    source: "calendly",
    connection: "main",
    action: "CreateVisit",
    auth: { scheme: "signature", secrets: ["calendly-key"], toleranceSeconds: 180 },
    customerPolicy: "match-or-create",
    mapping: {
      "customer.extCustNo": "questions.Kode pelanggan",
      "customer.address": "questions.Alamat toko",
      "customer.phone": "invitee.text_reminder_number",
      "customer.tags": "tracking.utm_campaign",
    },
  },
  [KEY],
);

const CUSTOMER = {
  extCustNo: "C-00123",
  address: "Jl. Pasar Baru 12, Jakarta Pusat",
  phone: "+6281234567890",
  tags: ["promo-desember"],
  email: "budi@sumberrejeki.co.id",
  name: "Budi Santoso",
  createIfMissing: true,
};

function receiveSigned(body: string, ctx: HookContext = context) {
  return receive(calendlySource, inboundRequest(body, sign(body)), ctx);
}

/** The sample invitee, changed as Calendly changes it for the two halves of a reschedule. */
function rescheduleHalves() {
  const original = JSON.parse(BODY);
  const newInvitee = `${INVITEE.replace(/[^/]+$/, "")}0a1b2c3d-new`;
  const canceled = structuredClone(original);
  canceled.event = "invitee.canceled";
  Object.assign(canceled.payload, {
    status: "canceled",
    rescheduled: true,
    new_invitee: newInvitee,
    cancellation: { canceled_by: "Budi Santoso", reason: null, canceler_type: "invitee" },
  });
  const created = structuredClone(original);
  Object.assign(created.payload, { uri: newInvitee, old_invitee: INVITEE });
  created.payload.scheduled_event.start_time = "2026-12-04T02:00:00.000000Z";
  return { canceled: JSON.stringify(canceled), created: JSON.stringify(created), newInvitee };
}

describe("Calendly", () => {
  it("turns a signed invitee.created sent over HTTP into a CreateVisit on the booking's Jakarta date", async () => {
    const event = eventOf(await receiveOverHttp(calendlySource, context, BODY, sign(BODY)));
    // 2026-12-02T23:30Z is 06:30 on 3 December in Asia/Jakarta.
    expect(event.command).toEqual({ kind: "CreateVisit", date: "2026-12-03", customer: CUSTOMER });
    expect(event.dedupKey).toBe(`invitee.created:${INVITEE}`);
    expect(event.dedupKeySource).toBe("native");
    expect(event.nativeIds).toEqual({
      invitee: INVITEE,
      scheduledEvent: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
    });
    expect(event.occurredAt).toBe("2026-11-28T03:20:11.000000Z");
  });

  it("dates the visit in the hook's time zone", () => {
    const utc = { ...context, timeZone: "UTC" };
    const command = eventOf(receiveSigned(BODY, utc)).command;
    expect(command.kind === "CreateVisit" && command.date).toBe("2026-12-02");
  });

  it("accepts the second signing key during a rotation", () => {
    const rotating = { ...context, secrets: [KEY, NEXT_KEY] };
    const result = receive(calendlySource, inboundRequest(BODY, sign(BODY, NEXT_KEY)), rotating);
    expect(eventOf(result).dedupKey).toBe(`invitee.created:${INVITEE}`);
  });

  it("rejects a wrong or malformed signature, naming Calendly-Webhook-Signature", () => {
    const wrong = thrown(AuthenticationError, () =>
      receive(calendlySource, inboundRequest(BODY, sign(BODY, NEXT_KEY)), context),
    );
    expect(wrong.header).toBe("Calendly-Webhook-Signature");
    expect(wrong.message).toMatch(/^Calendly-Webhook-Signature: no v1 signature matches/);
    const malformed = thrown(AuthenticationError, () =>
      receive(calendlySource, inboundRequest(BODY, { "Calendly-Webhook-Signature": "v1=abc" }), context),
    );
    expect(malformed.message).toContain('expected "t=<unix seconds>,v1=<hex HMAC-SHA256>", got fields [v1]');
    expect(() => receive(calendlySource, inboundRequest(BODY, {}), context)).toThrow(
      /Calendly-Webhook-Signature header is missing/,
    );
  });

  it("rejects a correctly signed delivery outside the hook's tolerance, either way", () => {
    const stale = thrown(AuthenticationError, () =>
      receive(calendlySource, inboundRequest(BODY, sign(BODY, KEY, NOW - 181_000)), context),
    );
    expect(stale.status).toBe(401);
    expect(stale.message).toContain("181 s old; at most 180 s");
    const ahead = thrown(AuthenticationError, () =>
      receive(calendlySource, inboundRequest(BODY, sign(BODY, KEY, NOW + 200_000)), context),
    );
    expect(ahead.message).toContain("200 s in the future");
  });

  it("handles a reschedule once: the created half makes the new visit, the canceled half records a CancelVisit", () => {
    const { canceled, created, newInvitee } = rescheduleHalves();
    const cancel = eventOf(receiveSigned(canceled));
    const create = eventOf(receiveSigned(created));
    expect(cancel.command).toEqual({
      kind: "CancelVisit",
      date: "2026-12-03",
      customer: CUSTOMER,
      reason: `rescheduled by the invitee: the new time arrives as its own invitee.created (${newInvitee}), which makes the new visit`,
    });
    expect(cancel.dedupKey).toBe(`invitee.canceled:${INVITEE}`);
    expect(cancel.nativeIds.newInvitee).toBe(newInvitee);
    expect(create.command).toEqual({ kind: "CreateVisit", date: "2026-12-04", customer: CUSTOMER });
    expect(create.dedupKey).toBe(`invitee.created:${newInvitee}`);
    expect(create.nativeIds.oldInvitee).toBe(INVITEE);
    // A redelivery of either half carries the same key, so the ledger answers it as a duplicate.
    expect(eventOf(receiveSigned(canceled)).dedupKey).toBe(cancel.dedupKey);
    expect(eventOf(receiveSigned(created)).dedupKey).toBe(create.dedupKey);
  });

  it("records a plain cancellation with who cancelled and why", () => {
    const canceled = JSON.parse(BODY);
    canceled.event = "invitee.canceled";
    canceled.payload.cancellation = { canceled_by: "Rina", reason: "Toko tutup", canceler_type: "host" };
    const event = eventOf(receiveSigned(JSON.stringify(canceled)));
    expect(event.command).toMatchObject({
      kind: "CancelVisit",
      reason: "canceled in Calendly by Rina: Toko tutup",
    });
  });

  it("skips events with no SalesMania effect, and cancellations on a hook that does not create visits", () => {
    const noShow = JSON.stringify({ ...JSON.parse(BODY), event: "invitee_no_show.created" });
    expect(receiveSigned(noShow)).toEqual({
      kind: "skip",
      reason:
        'event "invitee_no_show.created" has no SalesMania effect (this source acts on invitee.created, invitee.canceled)',
    });
    const customers = hookContext(
      {
        ...context.hook,
        action: "UpsertCustomer",
        mapping: { extCustNo: "questions.Kode pelanggan", name: "invitee.name" },
      },
      [KEY],
    );
    const canceled = JSON.stringify({ ...JSON.parse(BODY), event: "invitee.canceled" });
    expect(receiveSigned(canceled, customers)).toMatchObject({ kind: "skip" });
    const onlyCreated = hookContext({ ...context.hook, events: ["invitee.created"] }, [KEY]);
    expect(receiveSigned(canceled, onlyCreated)).toEqual({
      kind: "skip",
      reason: 'event "invitee.canceled" is not in this hook\'s events (invitee.created)',
    });
  });
});

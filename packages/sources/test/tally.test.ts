import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/errors.ts";
import { tallySource } from "../src/sources/tally.ts";
import {
  eventOf,
  hookContext,
  inboundRequest,
  receive,
  receiveOverHttp,
  samplePayload,
  thrown,
} from "./signed-provider-helpers.ts";

const SECRET = "tally-signing-secret";
const NEXT_SECRET = "tally-signing-secret-2";
const BODY = samplePayload("tally.json");

/** Tally's documented scheme: base64(HMAC-SHA256(secret, body)), no prefix, no timestamp. */
function sign(signed: string, secret = SECRET): Record<string, string> {
  return { "Tally-Signature": createHmac("sha256", secret).update(signed).digest("base64") };
}

const context = hookContext(
  {
    id: "tally-restock",
    source: "tally",
    connection: "main",
    action: "CreateVisit",
    auth: { scheme: "signature", secrets: ["tally-secret"] },
    mapping: {
      "customer.extCustNo": "fields.Kode pelanggan",
      "customer.email": "fields.question_gR5mXo",
      "customer.tags": "fields.Produk",
      "customer.city": {
        from: "fields.Tim",
        transform: { map: { "Sales Jakarta 1": "Jakarta", "Sales Bandung": "Bandung" } },
      },
      "customer.name": "fields.rep_id",
      date: "fields.Tanggal kunjungan",
    },
  },
  [SECRET],
);

describe("Tally", () => {
  it("turns a signed FORM_RESPONSE sent over HTTP into a CreateVisit, fields by label or key, option ids as texts", async () => {
    const event = eventOf(await receiveOverHttp(tallySource, context, BODY, sign(BODY)));
    expect(event.command).toEqual({
      kind: "CreateVisit",
      date: "2026-12-03",
      customer: {
        extCustNo: "C-001",
        email: "budi@sumberrejeki.co.id",
        tags: ["Teh botol", "Biskuit"],
        city: "Jakarta",
        name: "r-12",
        createIfMissing: false,
      },
    });
    expect(event.dedupKey).toBe("FORM_RESPONSE:2OxkLb");
    expect(event.dedupKeySource).toBe("native");
    expect(event.nativeIds).toEqual({
      eventId: "a4f1c2d3-9b8e-4f7a-8c6d-5e4f3a2b1c0d",
      responseId: "2OxkLb",
      formId: "mDkYoL",
    });
    expect(event.occurredAt).toBe("2026-11-28T03:10:04.000Z");
  });

  it("accepts the second secret during a rotation", () => {
    const rotating = { ...context, secrets: [SECRET, NEXT_SECRET] };
    expect(
      eventOf(receive(tallySource, inboundRequest(BODY, sign(BODY, NEXT_SECRET)), rotating)).dedupKey,
    ).toBe("FORM_RESPONSE:2OxkLb");
  });

  it("accepts a signature over the compact re-serialization, as Tally's own example computes it", () => {
    const compact = JSON.stringify(JSON.parse(BODY));
    expect(compact).not.toBe(BODY);
    expect(eventOf(receive(tallySource, inboundRequest(BODY, sign(compact)), context)).dedupKey).toBe(
      "FORM_RESPONSE:2OxkLb",
    );
  });

  it("rejects a wrong or missing signature, naming Tally-Signature", () => {
    const wrong = thrown(AuthenticationError, () =>
      receive(tallySource, inboundRequest(BODY, sign(BODY, NEXT_SECRET)), context),
    );
    expect(wrong.header).toBe("Tally-Signature");
    const tampered = BODY.replace("C-001", "C-99999");
    expect(
      thrown(AuthenticationError, () => receive(tallySource, inboundRequest(tampered, sign(BODY)), context))
        .header,
    ).toBe("Tally-Signature");
    const missing = thrown(AuthenticationError, () =>
      receive(tallySource, inboundRequest(BODY, {}), context),
    );
    expect(missing.message).toMatch(/^Tally-Signature header is missing/);
  });

  it("skips other event types", () => {
    const other = BODY.replace('"FORM_RESPONSE"', '"FORM_DELETED"');
    expect(receive(tallySource, inboundRequest(other, sign(other)), context)).toEqual({
      kind: "skip",
      reason: 'event "FORM_DELETED" has no SalesMania effect (this source acts on FORM_RESPONSE)',
    });
  });

  it("gives a single-pick choice as text and keeps an unknown option id as it is", () => {
    const body = JSON.stringify({
      eventId: "e2",
      eventType: "FORM_RESPONSE",
      data: {
        responseId: "r2",
        formId: "f2",
        fields: [
          {
            key: "q1",
            label: "Kota",
            type: "MULTIPLE_CHOICE",
            value: ["o2"],
            options: [
              { id: "o1", text: "Medan" },
              { id: "o2", text: "Solo" },
            ],
          },
          { key: "q2", label: "Kode", type: "DROPDOWN", value: ["gone"], options: [{ id: "o1", text: "A" }] },
          { key: "q3", label: "Kota", type: "INPUT_TEXT", value: "shadowed by the first Kota" },
        ],
      },
    });
    const mapped = hookContext(
      {
        ...context.hook,
        mapping: {
          "customer.city": "fields.Kota",
          "customer.extCustNo": "fields.Kode",
          date: { const: "2026-12-05" },
        },
      },
      [SECRET],
    );
    expect(eventOf(receive(tallySource, inboundRequest(body, sign(body)), mapped)).command).toEqual({
      kind: "CreateVisit",
      date: "2026-12-05",
      customer: { city: "Solo", extCustNo: "gone", createIfMissing: false },
    });
  });
});

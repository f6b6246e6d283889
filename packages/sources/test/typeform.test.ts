import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthenticationError, UnusableEventError } from "../src/errors.ts";
import { typeformSource } from "../src/sources/typeform.ts";
import {
  eventOf,
  hookContext,
  inboundRequest,
  receive,
  receiveOverHttp,
  samplePayload,
  thrown,
} from "./signed-provider-helpers.ts";

const SECRET = "tf-secret-one";
const NEXT_SECRET = "tf-secret-two";
const BODY = samplePayload("typeform.json");

/** Typeform's documented scheme: "sha256=" + base64(HMAC-SHA256(secret, raw body)). */
function sign(body: string, secret = SECRET): Record<string, string> {
  return { "Typeform-Signature": `sha256=${createHmac("sha256", secret).update(body).digest("base64")}` };
}

const context = hookContext(
  {
    id: "typeform-visit-request",
    source: "typeform",
    connection: "main",
    action: "CreateVisit",
    auth: { scheme: "signature", secrets: ["typeform-secret"] },
    customerPolicy: "match-or-create",
    mapping: {
      "customer.extCustNo": "hidden.cust_no",
      "customer.name": "answers.company",
      "customer.email": "answers.email",
      "customer.phone": "answers.phone",
      "customer.city": "answers.city",
      "customer.tags": "answers.interests",
      date: "answers.visit_date",
    },
  },
  [SECRET],
);

describe("Typeform", () => {
  it("turns a signed form_response sent over HTTP into a CreateVisit keyed by the response token", async () => {
    const event = eventOf(await receiveOverHttp(typeformSource, context, BODY, sign(BODY)));
    expect(event.command).toEqual({
      kind: "CreateVisit",
      date: "2026-12-03",
      customer: {
        extCustNo: "C-00123",
        name: "Toko Sumber Rejeki",
        email: "budi@sumberrejeki.co.id",
        phone: "+6281234567890",
        city: "Jakarta",
        tags: ["Minuman", "Makanan ringan"],
        createIfMissing: true,
      },
    });
    expect(event.dedupKey).toBe("form_response:c7kq0x1n3b5d7f9h2j4l6n8p0r2t4v6x");
    expect(event.dedupKeySource).toBe("native");
    expect(event.nativeIds).toEqual({
      eventId: "01JDQ8W7ZK4N2M5R8T1V3X6Y9B",
      responseToken: "c7kq0x1n3b5d7f9h2j4l6n8p0r2t4v6x",
      formId: "kUnJ3vQ2",
    });
    expect(event.occurredAt).toBe("2026-11-28T02:53:40Z");
  });

  it("accepts the second secret during a rotation", () => {
    const rotating = { ...context, secrets: [SECRET, NEXT_SECRET] };
    expect(
      eventOf(receive(typeformSource, inboundRequest(BODY, sign(BODY, NEXT_SECRET)), rotating)).dedupKey,
    ).toBe("form_response:c7kq0x1n3b5d7f9h2j4l6n8p0r2t4v6x");
  });

  it("rejects a wrong, missing or unprefixed signature, naming Typeform-Signature", () => {
    const wrong = thrown(AuthenticationError, () =>
      receive(typeformSource, inboundRequest(BODY, sign(BODY, NEXT_SECRET)), context),
    );
    expect(wrong.header).toBe("Typeform-Signature");
    expect(wrong.message).toMatch(/^Typeform-Signature: the signature does not match/);
    const missing = thrown(AuthenticationError, () =>
      receive(typeformSource, inboundRequest(BODY, {}), context),
    );
    expect(missing.message).toContain("Typeform-Signature header is missing");
    const bare = sign(BODY)["Typeform-Signature"]!.slice("sha256=".length);
    const unprefixed = thrown(AuthenticationError, () =>
      receive(typeformSource, inboundRequest(BODY, { "Typeform-Signature": bare }), context),
    );
    expect(unprefixed.message).toContain('expected "sha256=<base64 HMAC-SHA256>"');
  });

  it("rejects a body re-serialized after signing (the signature covers the raw bytes)", () => {
    const reformatted = JSON.stringify(JSON.parse(BODY));
    expect(() => receive(typeformSource, inboundRequest(reformatted, sign(BODY)), context)).toThrow(
      AuthenticationError,
    );
  });

  it("skips form_response_partial", () => {
    const partial = BODY.replace('"event_type": "form_response"', '"event_type": "form_response_partial"');
    const result = receive(typeformSource, inboundRequest(partial, sign(partial)), context);
    expect(result).toEqual({
      kind: "skip",
      reason: 'event "form_response_partial" has no SalesMania effect (this source acts on form_response)',
    });
  });

  it("maps hidden fields, variables, other-choices and unknown answer types by their type key", () => {
    const payload = {
      event_id: "e1",
      event_type: "form_response",
      form_response: {
        form_id: "f1",
        token: "t1",
        hidden: { rep: "r-9" },
        variables: [{ key: "score", type: "number", number: 7 }],
        answers: [
          { type: "choice", choice: { other: "Surabaya" }, field: { id: "a", ref: "city" } },
          { type: "number", number: 12, field: { id: "b", ref: "qty" } },
          { type: "text", text: "+62 812-1111-2222", field: { id: "c" } },
        ],
      },
    };
    const body = JSON.stringify(payload);
    const mapped = hookContext(
      {
        ...context.hook,
        mapping: {
          "customer.phone": "answers.c",
          "customer.city": "answers.city",
          "customer.tags": "hidden.rep",
          teamId: "answers.qty",
          date: { const: "2026-12-01" },
          "customer.address": "variables.score",
        },
      },
      [SECRET],
    );
    expect(eventOf(receive(typeformSource, inboundRequest(body, sign(body)), mapped)).command).toEqual({
      kind: "CreateVisit",
      date: "2026-12-01",
      teamId: 12,
      customer: {
        phone: "+6281211112222",
        city: "Surabaya",
        tags: ["r-9"],
        address: "7",
        createIfMissing: true,
      },
    });
  });

  it("answers 422 naming the field when the payload is not Typeform's shape", () => {
    const body = JSON.stringify({ event_type: "form_response", form_response: { form_id: "f1" } });
    const error = thrown(UnusableEventError, () =>
      receive(typeformSource, inboundRequest(body, sign(body)), context),
    );
    expect(error.field).toBe("form_response.token");
    expect(error.code).toBe("missing_field");
  });
});

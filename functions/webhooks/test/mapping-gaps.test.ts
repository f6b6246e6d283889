// The mapping features users asked for, end to end through the Lambda handler with real signed payloads:
// API Gateway v2 events → the runtime (DynamoDB Local) → the SalesMania sandbox.
import { sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBMITTED_AT } from "./support/cases.ts";
import { calendlySignature, tallySignature } from "./support/signing.ts";
import { type Stack, startStack } from "./support/stack.ts";

const SECRETS = {
  "zapier-key": "zapier-key-9f1e",
  "tally-secret": "tally-secret-3c2a",
  "calendly-key": "cal-key-77",
};
const JSON_TYPE = { "content-type": "application/json" };

const zapier = (id: string, action: string, mapping: Record<string, unknown>, extra: object = {}) => ({
  id,
  source: "zapier",
  connection: "demo",
  action,
  auth: { scheme: "api-key", secrets: ["zapier-key"] },
  mapping,
  ...extra,
});

const HOOKS = [
  zapier("zap-customers", "UpsertCustomer", {
    extCustNo: "code",
    name: { template: "{{first_name}} {{last_name}}" },
    phone: "phone",
  }),
  zapier("zap-nested", "CreateVisit", { "customer.extCustNo": "customer.code", date: "visit.date" }),
  zapier(
    "zap-phones",
    "CreateVisit",
    { "customer.extCustNo": "code", "customer.phone": "phone", date: "date" },
    { phonePolicy: { foreign: "drop", malformed: "drop" } },
  ),
  {
    id: "tally-orders",
    source: "tally",
    connection: "demo",
    action: "CreateOrder",
    auth: { scheme: "signature", secrets: ["tally-secret"] },
    mapping: { "customer.extCustNo": "fields.Kode pelanggan", extOrderNo: "fields.Nomor pesanan" },
    lines: {
      products: [
        { code: "P-001", qty: "fields.Teh Botol (pcs)" },
        { code: "P-002", qty: "fields.Mie Goreng (pcs)" },
        { code: "P-003", qty: "fields.Kopi Bubuk (pcs)" },
      ],
      mapping: { unit: { const: "PCS" } },
    },
  },
  {
    id: "calendly-by-phone",
    source: "calendly",
    connection: "demo",
    action: "CreateVisit",
    auth: { scheme: "signature", secrets: ["calendly-key"] },
  },
];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hooks: HOOKS, secrets: SECRETS });
});
afterAll(async () => {
  await stack?.close();
});

const zap = (hookId: string, body: string, contentType = "application/json", key = `k-${Math.random()}`) =>
  stack.invoke({
    method: "POST",
    url: `/hooks/${hookId}`,
    headers: { "content-type": contentType, "x-api-key": SECRETS["zapier-key"], "idempotency-key": key },
    body,
  });

const recordOf = async (answer: { json: unknown }) =>
  sharedRuntime().ledger.get((answer.json as { eventId: string }).eventId);

describe("Zapier", () => {
  it("joins first and last name with a template; a missing last name leaves no stray space", async () => {
    const answer = await zap(
      "zap-customers",
      JSON.stringify({ code: "C-900", first_name: "Budi", last_name: "" }),
    );
    expect(answer.json, answer.text).toMatchObject({ status: "delivered" });
    const customer = stack.started.sandbox.state().customers.find((c) => c.ext_cust_no === "C-900");
    expect(customer?.name).toBe("Budi");
  });

  it("reads customer__code where customer.code is mapped (a flattened form post)", async () => {
    const body = new URLSearchParams({ customer__code: "C-002", visit__date: "2027-01-05" }).toString();
    const answer = await zap("zap-nested", body, "application/x-www-form-urlencoded");
    expect(answer.status, answer.text).toBe(201);
    expect((await recordOf(answer))?.command).toMatchObject({
      customer: { extCustNo: "C-002" },
      date: "2027-01-05",
    });
  });

  it("refuses an XML payload with 415 and says to choose the JSON payload type", async () => {
    const xml = '<?xml version="1.0"?><root><customer__code>C-002</customer__code></root>';
    for (const type of ["application/xml", "application/json"]) {
      const answer = await zap("zap-nested", xml, type);
      expect(answer.status).toBe(415);
      expect(answer.json).toMatchObject({
        error: { code: "unsupported_media_type", message: expect.stringContaining('Payload Type "json"') },
      });
    }
  });

  it("drops a foreign or malformed phone with a note on the record, and delivers the visit", async () => {
    for (const [phone, kind] of [
      ["+1 202 555 0143", "foreign"],
      ["12", "malformed"],
    ] as const) {
      const answer = await zap("zap-phones", JSON.stringify({ code: "C-003", phone, date: "2027-01-06" }));
      expect(answer.status, answer.text).toBe(201);
      const record = await recordOf(answer);
      expect(record?.command).toMatchObject({ customer: { extCustNo: "C-003" } });
      expect(record?.command).not.toHaveProperty("customer.phone");
      expect(record?.notes).toEqual([expect.stringContaining(`phonePolicy.${kind} is "drop"`)]);
      expect(record?.notes?.[0]).toMatch(/^customer\.phone \(from source path "phone"\): dropped phone/);
    }
  });

  it("refuses a foreign phone on a hook without a phone policy (422 naming the field)", async () => {
    const answer = await zap(
      "zap-customers",
      JSON.stringify({ code: "C-901", first_name: "A", phone: "+1 202 555 0143" }),
    );
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: { field: "phone", message: expect.stringContaining("+1") } });
  });
});

describe("Tally: one quantity question per product", () => {
  it("makes an order line per filled quantity and drops the empty and 0 ones", async () => {
    const body = JSON.stringify({
      eventId: "tally-order-evt-1",
      eventType: "FORM_RESPONSE",
      createdAt: SUBMITTED_AT,
      data: {
        responseId: "tally-order-1",
        formId: "f1",
        createdAt: SUBMITTED_AT,
        fields: [
          { key: "question_a", label: "Kode pelanggan", type: "INPUT_TEXT", value: "C-001" },
          { key: "question_b", label: "Nomor pesanan", type: "INPUT_TEXT", value: "SO-TALLY-1" },
          { key: "question_c", label: "Teh Botol (pcs)", type: "INPUT_NUMBER", value: 24 },
          { key: "question_d", label: "Mie Goreng (pcs)", type: "INPUT_NUMBER", value: 0 },
          { key: "question_e", label: "Kopi Bubuk (pcs)", type: "INPUT_NUMBER", value: null },
        ],
      },
    });
    const answer = await stack.invoke({
      method: "POST",
      url: "/hooks/tally-orders",
      headers: { ...JSON_TYPE, ...tallySignature(SECRETS["tally-secret"], body) },
      body,
    });
    expect(answer.status, answer.text).toBe(201);
    expect((await recordOf(answer))?.command).toMatchObject({
      lines: [{ product: { extProductCode: "P-001" }, qty: 24, unit: "PCS" }],
    });
    expect(stack.started.sandbox.state().orders.filter((o) => o.ext_order_no === "SO-TALLY-1")).toHaveLength(
      1,
    );
  });
});

describe("Calendly: the invitee's phone answer", () => {
  const booking = (uuid: string, answers: { question: string; answer: string }[]) =>
    JSON.stringify({
      event: "invitee.created",
      created_at: new Date().toISOString(),
      payload: {
        uri: `https://api.calendly.com/scheduled_events/${uuid}/invitees/INV1`,
        email: "someone-new@example.com",
        name: "Ibu Siti",
        questions_and_answers: answers.map((qa, position) => ({ ...qa, position })),
        text_reminder_number: null,
        scheduled_event: {
          uri: `https://api.calendly.com/scheduled_events/${uuid}`,
          start_time: "2027-01-07T03:00:00.000000Z",
        },
      },
    });
  const send = (body: string) =>
    stack.invoke({
      method: "POST",
      url: "/hooks/calendly-by-phone",
      headers: { ...JSON_TYPE, ...calendlySignature(SECRETS["calendly-key"], body, Date.now()) },
      body,
    });

  it("matches the existing SalesMania customer by the phone question's answer, not the unknown e-mail", async () => {
    const answer = await send(
      booking("EVT-PHONE-1", [{ question: "Nomor HP / WhatsApp", answer: "0812-3456-7802" }]),
    );
    expect(answer.status, answer.text).toBe(201);
    expect((await recordOf(answer))?.command).toMatchObject({ customer: { phone: "+6281234567802" } });
    // Warung Bu Siti (100002) in the demo seed has that phone.
    expect(
      stack.started.sandbox.state().visits.filter((v) => v.customer_id === 100002 && v.date === "2027-01-07"),
    ).toHaveLength(1);
  });

  it("drops an unusable phone answer with a note when the hook maps no phone itself", async () => {
    const answer = await send(booking("EVT-PHONE-2", [{ question: "Phone", answer: "call me" }]));
    // No phone and an e-mail SalesMania cannot know: unmatched under match-only, with the note kept.
    const record = await recordOf(answer);
    expect(record?.notes).toEqual([expect.stringContaining('phonePolicy.malformed is "drop"')]);
    expect(record?.command).not.toHaveProperty("customer.phone");
  });
});

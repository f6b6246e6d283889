// Rejected events as senders retry them, through the Lambda handler: one record per request (provider id,
// Idempotency-Key, or the body's hash), the first answer to every redelivery, and delivery once the mapping
// is fixed — by the next redelivery (a runtime built with the corrected configuration, as after a deploy).
import type { EventRecord } from "@smx/core";
import { sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpRequestSpec } from "./support/apigw.ts";
import {
  FORM_TYPE,
  SECRETS,
  TYPEFORM_VISITS_HOOK,
  typeformVisitRequest,
  ZAPIER_VISITS_HOOK,
} from "./support/cases.ts";
import { type Stack, startStack, type WebhooksApp } from "./support/stack.ts";

const ZAPIER_HOOK = ZAPIER_VISITS_HOOK;
// The mistakes an operator later fixes: a Typeform field ref and a Zapier field name that do not exist.
const BROKEN = [
  { ...TYPEFORM_VISITS_HOOK, mapping: { ...TYPEFORM_VISITS_HOOK.mapping, date: "answers.tanggal" } },
  { ...ZAPIER_HOOK, mapping: { ...ZAPIER_HOOK.mapping, date: "tanggal_kunjungan" } },
];

let stack: Stack;
/** The same stack with the corrected configuration deployed (same table, same sandbox). */
let fixed: WebhooksApp;
beforeAll(async () => {
  stack = await startStack({ hooks: BROKEN, secrets: SECRETS });
  fixed = stack.appWith([TYPEFORM_VISITS_HOOK, ZAPIER_HOOK]);
});
afterAll(async () => {
  await stack?.close();
});

const typeform = (token: string, date: string) => typeformVisitRequest(token, "C-003", date);

function zapier(form: string, idempotencyKey?: string): HttpRequestSpec {
  return {
    method: "POST",
    url: "/hooks/zapier-visits",
    headers: {
      ...FORM_TYPE,
      "x-api-key": SECRETS["zapier-key"],
      ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
    },
    body: form,
  };
}

/** The same request sent to the app with the corrected configuration. */
async function sendFixed(spec: HttpRequestSpec) {
  const response = await fixed.request(spec.url, {
    method: spec.method,
    headers: spec.headers ?? {},
    body: spec.body as string,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const recordsOf = async (hookId: string): Promise<EventRecord[]> =>
  (await sharedRuntime().ledger.listByHook(hookId, { limit: 100 })).items;
const visitsOn = (customerId: number, date: string) =>
  stack.started.sandbox.state().visits.filter((v) => v.customer_id === customerId && v.date === date);

describe("a rejected request its sender retries", () => {
  it("is kept once for a signed Typeform response sent 5 times, each answered alike", async () => {
    const request = typeform("tok-retried", "2026-12-20");
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await stack.invoke(request));
    expect(answers.map((a) => a.status)).toEqual([422, 422, 422, 422, 422]);
    for (const answer of answers) expect(answer.json).toEqual(answers[0]!.json);
    const records = await recordsOf("typeform-visits");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      status: "rejected",
      dedupKey: "form_response:tok-retried",
      dedupKeySource: "native",
      lastError: { code: "missing_field", field: "date" },
    });
    // The request is kept for a rerun: its body, and no secret header.
    const raw = records[0]!.raw!;
    expect(Buffer.from(raw.body!, "base64").toString("utf8")).toBe(request.body);
    expect(raw.headers["content-type"]).toBe("application/json");
    expect(Object.keys(raw.headers)).not.toContain("typeform-signature");
  });

  it("is kept once per Idempotency-Key, never with the API key", async () => {
    const first = await stack.invoke(zapier("cust_no=C-001&visit_date=2026-12-21", "zap-run-1"));
    const again = await stack.invoke(zapier("cust_no=C-001&visit_date=2026-12-21", "zap-run-1"));
    expect([first.status, again.status]).toEqual([422, 422]);
    expect(again.json).toEqual(first.json);
    const record = await sharedRuntime().ledger.get((first.json as { eventId: string }).eventId);
    expect(record).toMatchObject({ dedupKey: "zap-run-1", dedupKeySource: "idempotency-key" });
    expect(Object.keys(record!.raw!.headers)).not.toContain("x-api-key");
  });

  it("is kept once by its body's hash when it has no key at all", async () => {
    const form = "cust_no=C-002&visit_date=2026-12-22";
    const first = await stack.invoke(zapier(form));
    const again = await stack.invoke(zapier(form));
    expect(again.json).toEqual(first.json);
    const record = await sharedRuntime().ledger.get((first.json as { eventId: string }).eventId);
    expect(record).toMatchObject({ status: "rejected", dedupKeySource: "body-hash" });
  });
});

describe("a redelivery after the mapping is fixed", () => {
  it("is delivered in the rejected record's place (same provider id), history kept", async () => {
    const request = typeform("tok-fixed", "2026-12-23");
    const rejected = await stack.invoke(request);
    expect(rejected.status).toBe(422);
    const eventId = (rejected.json as { eventId: string }).eventId;

    const delivered = await sendFixed(request);
    expect(delivered.status).toBe(201);
    expect(delivered.json).toMatchObject({ eventId, status: "delivered" });
    expect(visitsOn(100003, "2026-12-23")).toHaveLength(1);
    const record = await sharedRuntime().ledger.get(eventId);
    expect(record?.attempts.map((a) => a.outcome)).toEqual(["rejected", "delivered"]);
    expect(record).not.toHaveProperty("raw");
    // Typeform's next retry is a duplicate of the delivered event.
    expect((await sendFixed(request)).status).toBe(200);
    expect(visitsOn(100003, "2026-12-23")).toHaveLength(1);
  });

  it("with no key of its own, is delivered by its business key and closes the rejected copy as superseded", async () => {
    const form = "cust_no=C-004&visit_date=2026-12-24";
    const rejected = await stack.invoke(zapier(form));
    const rejectedId = (rejected.json as { eventId: string }).eventId;

    const delivered = await sendFixed(zapier(form));
    expect(delivered.status).toBe(201);
    const deliveredId = delivered.json.eventId as string;
    expect(deliveredId).not.toBe(rejectedId);
    expect(await sharedRuntime().ledger.get(rejectedId)).toMatchObject({
      status: "closed",
      closure: { kind: "superseded", supersededBy: deliveredId, actor: "sender" },
    });
    // Another copy of the same bytes: a duplicate, and the superseded record is left alone.
    expect((await sendFixed(zapier(form))).status).toBe(200);
    expect(visitsOn(100004, "2026-12-24")).toHaveLength(1);
  });
});

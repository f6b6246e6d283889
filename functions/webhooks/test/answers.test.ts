// Unusable requests, hook states and the other routes, through the Lambda handler. Every error body names
// the problem; authenticated senders' unusable requests are kept in the ledger as `rejected`.
import { readFileSync, writeFileSync } from "node:fs";
import { sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpRequestSpec } from "./support/apigw.ts";
import { JSON_TYPE, SECRETS, SUBMITTED_AT, signedVisitHook } from "./support/cases.ts";
import {
  standardWebhooksSignature,
  svixSignature,
  tallySignature,
  typeformSignature,
} from "./support/signing.ts";
import { type Stack, startStack } from "./support/stack.ts";

/** A CreateVisit hook on the demo connection, authenticated by the source's signature with `secret`. */
const TYPEFORM_MAPPING = { "customer.extCustNo": "hidden.cust_no", date: "answers.visit_date" };

const hooks = [
  signedVisitHook("typeform-visits", "typeform", "typeform-secret", {
    mapping: TYPEFORM_MAPPING,
    maxBodyBytes: 2048,
  }),
  signedVisitHook("tally-visits", "tally", "tally-secret", {
    mapping: {
      "customer.extCustNo": "fields.Kode pelanggan",
      date: { from: "fields.Tanggal kunjungan", transform: { date: { formats: ["DD/MM/YYYY"] } } },
    },
  }),
  signedVisitHook("erp-visits", "standard-webhooks", "erp-webhook-secret", {
    mapping: { "customer.extCustNo": "customer_no", date: "date" },
  }),
  signedVisitHook("rotating-visits", "typeform", "rotating-secret", { mapping: TYPEFORM_MAPPING }),
  signedVisitHook("unset-secret-visits", "typeform", "secret-nobody-set"),
  signedVisitHook("malformed-secret-erp", "standard-webhooks", "not-a-whsec-secret", {
    mapping: { "customer.extCustNo": "customer_no", date: "date" },
  }),
  signedVisitHook("paused-visits", "typeform", "typeform-secret", { disabled: true }),
  {
    id: "blank-key-visits",
    source: "zapier",
    connection: "demo",
    action: "CreateVisit",
    auth: { scheme: "api-key", secrets: ["blank-key"] },
  },
];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    hooks,
    secrets: {
      ...SECRETS,
      "rotating-secret": "before-rotation",
      "not-a-whsec-secret": "plain-text-key",
      "blank-key": "",
    },
  });
});
afterAll(async () => {
  await stack?.close();
});

function typeform(payload: unknown, contentType = "application/json"): HttpRequestSpec {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return {
    method: "POST",
    url: "/hooks/typeform-visits",
    headers: { "content-type": contentType, ...typeformSignature(SECRETS["typeform-secret"], body) },
    body,
  };
}

function typeformResponse(
  token: string,
  answers: unknown[],
  hidden: Record<string, string> = { cust_no: "C-001" },
) {
  return {
    event_id: `evt-${token}`,
    event_type: "form_response",
    form_response: { form_id: "kUnJ3vQ2", token, submitted_at: SUBMITTED_AT, hidden, answers },
  };
}

const dateAnswer = (date: string) => ({
  type: "date",
  date,
  field: { id: "Jw1", type: "date", ref: "visit_date" },
});

function tally(responseId: string, visitDate: string): HttpRequestSpec {
  const body = JSON.stringify({
    eventId: `evt-${responseId}`,
    eventType: "FORM_RESPONSE",
    createdAt: SUBMITTED_AT,
    data: {
      responseId,
      formId: "q4G4l9",
      createdAt: SUBMITTED_AT,
      fields: [
        { key: "question_a1", label: "Kode pelanggan", type: "INPUT_TEXT", value: "C-002" },
        { key: "question_b2", label: "Tanggal kunjungan", type: "INPUT_TEXT", value: visitDate },
      ],
    },
  });
  return {
    method: "POST",
    url: "/hooks/tally-visits",
    headers: { ...JSON_TYPE, ...tallySignature(SECRETS["tally-secret"], body) },
    body,
  };
}

/** The ledger record the answer points at must exist and be `rejected`, with the same error. */
async function expectRejectedRecord(answer: { json: unknown }) {
  const body = answer.json as { eventId: string; error: { code: string; message: string } };
  expect(body.eventId).toMatch(/^evt_/);
  const record = await sharedRuntime().ledger.get(body.eventId);
  expect(record).toMatchObject({ status: "rejected", lastError: { code: body.error.code } });
  return record;
}

describe("unusable input from an authenticated sender", () => {
  it("answers malformed JSON with 400 naming the position, and keeps it", async () => {
    const answer = await stack.invoke(typeform('{"event_type": "form_response", '));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: { code: "malformed_body", message: expect.stringMatching(/JSON/) },
    });
    await expectRejectedRecord(answer);
  });

  it("answers a content type the source does not send with 415 naming the header, and keeps it", async () => {
    const answer = await stack.invoke(
      typeform(typeformResponse("tok-415", [dateAnswer("2026-12-09")]), "text/plain"),
    );
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({ error: { code: "unsupported_media_type", header: "content-type" } });
    await expectRejectedRecord(answer);
  });

  it("answers a missing required field with 422 naming it, and keeps it", async () => {
    const answer = await stack.invoke(typeform(typeformResponse("tok-missing-date", [])));
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: { field: "date", message: expect.stringContaining("date") } });
    await expectRejectedRecord(answer);
  });

  it("answers an impossible date with 422 naming the field and the value, and keeps it", async () => {
    const answer = await stack.invoke(tally("resp-bad-date", "31/02/2026"));
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({
      error: { field: "date", message: expect.stringContaining("31/02/2026") },
    });
    const record = await expectRejectedRecord(answer);
    expect(record?.response?.status).toBe(422);
  });

  it("answers an oversized body with 413 naming the limit, before reading it and without storing it", async () => {
    const big = typeformResponse("tok-big", [dateAnswer("2026-12-09")], {
      cust_no: "C-001",
      note: "x".repeat(4096),
    });
    const answer = await stack.invoke(typeform(big));
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({
      error: {
        code: "payload_too_large",
        header: "content-length",
        message: expect.stringContaining("2048"),
      },
    });
    expect(answer.json).not.toHaveProperty("eventId");
  });
});

describe("delivery outcomes", () => {
  it("delivers a tally date in the hook's format", async () => {
    const answer = await stack.invoke(tally("resp-good-date", "07/12/2026"));
    expect(answer.status).toBe(201);
    expect(stack.started.sandbox.state().visits).toContainEqual(
      expect.objectContaining({ customer_id: 100002, date: "2026-12-07" }),
    );
  });

  it("answers 422 with the reason when SalesMania cannot take it (unknown customer under match-only)", async () => {
    const answer = await stack.invoke(
      typeform(typeformResponse("tok-unknown-customer", [dateAnswer("2026-12-10")], { cust_no: "C-999" })),
    );
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({
      eventId: expect.stringMatching(/^evt_/),
      error: { code: "customer_not_found" },
    });
    const again = await stack.invoke(
      typeform(typeformResponse("tok-unknown-customer", [dateAnswer("2026-12-10")], { cust_no: "C-999" })),
    );
    expect(again.status).toBe(422);
    expect(again.json).toEqual(answer.json);
  });

  it("answers 409 idempotency_key_reused when an event id comes back with another payload", async () => {
    const send = (payload: object) => {
      const body = JSON.stringify(payload);
      return stack.invoke({
        method: "POST",
        url: "/hooks/erp-visits",
        headers: {
          ...JSON_TYPE,
          ...standardWebhooksSignature(SECRETS["erp-webhook-secret"], "msg_visit_0001", body, Date.now()),
        },
        body,
      });
    };
    expect((await send({ customer_no: "C-003", date: "2026-12-11" })).status).toBe(201);
    const reused = await send({ customer_no: "C-003", date: "2026-12-12" });
    expect(reused.status).toBe(409);
    expect(reused.json).toMatchObject({
      error: { code: "idempotency_key_reused" },
      eventId: expect.any(String),
    });
    expect(stack.started.sandbox.state().visits.filter((v) => v.date === "2026-12-12")).toEqual([]);
  });

  it("delivers a Svix-sent event (svix-* headers) once, and answers Svix's retry from the ledger", async () => {
    const body = JSON.stringify({ customer_no: "C-004", date: "2026-12-18" });
    const send = () =>
      stack.invoke({
        method: "POST",
        url: "/hooks/erp-visits",
        headers: {
          ...JSON_TYPE,
          ...svixSignature(SECRETS["erp-webhook-secret"], "msg_svix_1", body, Date.now()),
        },
        body,
      });
    const first = await send();
    expect(first.status, first.text).toBe(201);
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({ ...(first.json as object) });
    expect(
      stack.started.sandbox.state().visits.filter((v) => v.customer_id === 100004 && v.date === "2026-12-18"),
    ).toHaveLength(1);
    const record = await sharedRuntime().ledger.get((first.json as { eventId: string }).eventId);
    expect(record).toMatchObject({ dedupKey: "msg_svix_1", nativeIds: { webhookId: "msg_svix_1" } });
  });

  it("answers an event type the hook does not act on with 200 skipped, storing nothing", async () => {
    const partial = {
      ...typeformResponse("tok-partial", [dateAnswer("2026-12-13")]),
      event_type: "form_response_partial",
    };
    const answer = await stack.invoke(typeform(partial));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      status: "skipped",
      reason: expect.stringContaining("form_response_partial"),
    });
  });
});

describe("hooks that cannot take requests", () => {
  const emptyPost = (url: string): HttpRequestSpec => ({
    method: "POST",
    url,
    headers: JSON_TYPE,
    body: "{}",
  });

  it("answers an unknown hook id with 404", async () => {
    const answer = await stack.invoke(emptyPost("/hooks/no-such-hook"));
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({
      error: { code: "hook_not_found", message: expect.stringContaining("no-such-hook") },
    });
  });

  it("answers a disabled hook with 503 and Retry-After, never 404/410", async () => {
    const answer = await stack.invoke(emptyPost("/hooks/paused-visits"));
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("3600");
    expect(answer.json).toMatchObject({ error: { code: "hook_disabled" } });
  });
});

describe("hook secrets", () => {
  const signedWith = (secret: string, url: string, token: string) => {
    const body = JSON.stringify(typeformResponse(token, [dateAnswer("2026-12-23")], { cust_no: "C-003" }));
    return { method: "POST", url, headers: { ...JSON_TYPE, ...typeformSignature(secret, body) }, body };
  };

  it("picks up a secret rotated after the cache was filled, on the first request signed with it", async () => {
    expect(
      (await stack.invoke(signedWith("before-rotation", "/hooks/rotating-visits", "tok-rot-1"))).status,
    ).toBe(201);
    const file = stack.testEnv.env.SMX_SECRETS_FILE ?? "";
    const values = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    writeFileSync(file, JSON.stringify({ ...values, "rotating-secret": "after-rotation" }));
    const answer = await stack.invoke(signedWith("after-rotation", "/hooks/rotating-visits", "tok-rot-2"));
    expect(answer.status, answer.text).toBe(201);
    expect(
      (await stack.invoke(signedWith("before-rotation", "/hooks/rotating-visits", "tok-rot-3"))).status,
    ).toBe(401);
  });

  it("answers 503 with Retry-After while a hook's secret is not set, storing nothing", async () => {
    const answer = await stack.invoke(signedWith("anything", "/hooks/unset-secret-visits", "tok-unset"));
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("300");
    expect(answer.json).toMatchObject({ error: { code: "hook_secret_unavailable" } });
    expect((await sharedRuntime().ledger.listByHook("unset-secret-visits")).items).toEqual([]);
  });

  it("answers 503 (not 500, not 401) while a Standard Webhooks secret is not whsec_…, storing nothing", async () => {
    const body = JSON.stringify({ customer_no: "C-001", date: "2026-12-24" });
    const answer = await stack.invoke({
      method: "POST",
      url: "/hooks/malformed-secret-erp",
      headers: {
        ...JSON_TYPE,
        ...standardWebhooksSignature(SECRETS["erp-webhook-secret"]!, "msg-malformed-1", body, Date.now()),
      },
      body,
    });
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("300");
    expect(answer.json).toMatchObject({ error: { code: "hook_secret_invalid" } });
    expect(answer.text).not.toContain("plain-text-key");
    expect((await sharedRuntime().ledger.listByHook("malformed-secret-erp")).items).toEqual([]);
  });
});

describe("a hook whose secret is blank", () => {
  it("answers 503 hook_secret_invalid (our configuration's fault, not the sender's 401)", async () => {
    const answer = await stack.invoke({
      method: "POST",
      url: "/hooks/blank-key-visits",
      headers: { ...JSON_TYPE, "x-api-key": "anything" },
      body: "{}",
    });
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("300");
    expect(answer.json).toMatchObject({ error: { code: "hook_secret_invalid" } });
  });
});

describe("other routes", () => {
  it("lets senders check a hook URL with GET", async () => {
    expect((await stack.invoke({ method: "GET", url: "/hooks/tally-visits" })).json).toEqual({
      hook: "tally-visits",
      source: "tally",
      ready: true,
    });
    expect((await stack.invoke({ method: "GET", url: "/hooks/paused-visits" })).json).toMatchObject({
      ready: false,
    });
    expect((await stack.invoke({ method: "GET", url: "/hooks/nope-nope" })).status).toBe(404);
  });

  it("answers /health", async () => {
    const answer = await stack.invoke({ method: "GET", url: "/health" });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const answer = await stack.invoke({ method: "GET", url: "/nothing/here" });
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ error: { code: "not_found" } });
  });
});

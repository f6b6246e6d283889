// Every source kind end to end through the Lambda handler: API Gateway v2 events → the real runtime
// (DynamoDB Local, local secrets) → the SalesMania sandbox over HTTP.
import { sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGatewayV2Event } from "./support/apigw.ts";
import { ALL_CASES, FORM_TYPE, SECRETS, staleRequests } from "./support/cases.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ hooks: ALL_CASES.map((c) => c.hook), secrets: SECRETS });
});
afterAll(async () => {
  await stack?.close();
});

async function storedFor(hookId: string) {
  return (await sharedRuntime().ledger.listByHook(hookId, { limit: 100 })).items;
}

describe.each(ALL_CASES)("$source", (source) => {
  const hookId = String(source.hook.id);

  it("refuses a wrong signature/key with 401, creating and storing nothing", async () => {
    const before = source.effect(stack.started.sandbox.state());
    const answer = await stack.invoke(source.forged(Date.now()));
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: "unauthenticated" } });
    for (const secret of Object.values(SECRETS)) expect(answer.text).not.toContain(secret);
    expect(source.effect(stack.started.sandbox.state())).toBe(before);
    expect(await storedFor(hookId)).toEqual([]);
  });

  it("delivers a correctly authenticated request to SalesMania", async () => {
    const answer = await stack.invoke(source.request(Date.now()));
    expect(answer.status, JSON.stringify(answer.json)).toBe(source.status);
    expect(answer.json).toMatchObject({ eventId: expect.stringMatching(/^evt_/), status: "delivered" });
    expect(source.effect(stack.started.sandbox.state())).toBe(1);
    const [record, ...others] = await storedFor(hookId);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ status: "delivered", source: source.source });
  });

  it("answers a redelivery with 200 and the first body, and SalesMania still holds one record", async () => {
    const [record] = await storedFor(hookId);
    const answer = await stack.invoke(source.request(Date.now()));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ eventId: record?.eventId, status: "delivered", result: record?.result });
    expect(source.effect(stack.started.sandbox.state())).toBe(1);
    expect(await storedFor(hookId)).toHaveLength(1);
  });
});

describe("signed timestamps", () => {
  it.each(staleRequests(Date.now()))("refuses a stale $source timestamp with 401", async ({ request }) => {
    const before = stack.started.sandbox.state();
    const answer = await stack.invoke(request);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: "unauthenticated" } });
    expect(stack.started.sandbox.state()).toEqual(before);
  });
});

describe("API Gateway encoding", () => {
  it("sends form and multipart bodies base64-encoded and JSON as text, as AWS does", () => {
    const encoded = Object.fromEntries(
      ALL_CASES.map((c) => [c.source, apiGatewayV2Event(c.request(Date.now())).isBase64Encoded]),
    );
    expect(encoded).toMatchObject({
      zapier: true,
      jotform: true,
      "html-form": true,
      make: false,
      typeform: false,
    });
  });
});

describe("HTML form posted by a browser", () => {
  const post = (body: string) =>
    stack.invoke({
      method: "POST",
      url: `/hooks/html-form-visits?token=${SECRETS["html-form-token"]}`,
      headers: { ...FORM_TYPE, accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
      body,
    });

  it("sends the browser to the success page with 303", async () => {
    const answer = await post("kode=C-001&tanggal=2026-12-14&_gotcha=");
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe("https://shop.example.test/terima-kasih");
    expect(stack.started.sandbox.state().visits).toContainEqual(
      expect.objectContaining({ customer_id: 100001, date: "2026-12-14" }),
    );
  });

  it("sends the browser to the failure page with the error code, and keeps the post", async () => {
    const before = (await storedFor("html-form-visits")).length;
    const answer = await post("kode=C-001&_gotcha=");
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.location ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("https://shop.example.test/gagal");
    expect(location.searchParams.get("error")).toMatch(/field/);
    const stored = await storedFor("html-form-visits");
    expect(stored).toHaveLength(before + 1);
    expect(stored.filter((r) => r.status === "rejected")).toHaveLength(1);
  });
});

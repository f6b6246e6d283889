// Every source kind end to end through the Lambda handler: API Gateway v2 events → the real runtime
// (DynamoDB Local, local secrets) → the SalesMania sandbox over HTTP.
import { sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_CASES, SECRETS, staleRequests } from "./support/cases.ts";
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

// The actions API (/api/v1) through the Lambda handler, on DynamoDB Local and the sandbox: per-integration
// keys, the canonical command fields through the intake, and every answer a hook gives (201, 200 from the
// ledger, 202 while retrying, 409, 422 naming the field).
import { randomUUID } from "node:crypto";
import { createRuntime, sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { HttpRequestSpec } from "./support/apigw.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let key: string;
beforeAll(async () => {
  stack = await startStack({ hooks: [] });
  key = (await sharedRuntime().apiKeys.create({ name: "zapier-test", connectionId: "demo" })).key;
});
afterAll(async () => {
  await stack?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}): HttpRequestSpec => ({
  method: "POST",
  url: `/api/v1${path}`,
  headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
  body: JSON.stringify(body),
});
const visitsOf = (customerId: number, date: string) =>
  stack.started.sandbox.state().visits.filter((v) => v.customer_id === customerId && v.date === date);

describe("API keys", () => {
  it("refuses a request without a key, with a malformed one or an unknown one: 401 naming the header", async () => {
    for (const authorization of [
      undefined,
      "Bearer nope",
      `Bearer smx_${"0".repeat(16)}_${"A".repeat(43)}`,
    ]) {
      const answer = await stack.invoke({
        method: "GET",
        url: "/api/v1/me",
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: { code: "unauthenticated", header: "authorization" } });
    }
  });

  it("names the key's connection at /me, with Bearer or X-Api-Key", async () => {
    const both: Record<string, string>[] = [{ authorization: `Bearer ${key}` }, { "x-api-key": key }];
    for (const headers of both) {
      const answer = await stack.invoke({ method: "GET", url: "/api/v1/me", headers });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ name: "zapier-test", connection: "demo" });
    }
  });

  it("answers 401 at once after a revocation in the same container (the cache is bypassed)", async () => {
    const { key: doomed, record } = await sharedRuntime().apiKeys.create({
      name: "doomed",
      connectionId: "demo",
    });
    const me = { method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${doomed}` } };
    expect((await stack.invoke(me)).status).toBe(200);
    await sharedRuntime().apiKeys.revoke(record.id);
    expect((await stack.invoke(me)).status).toBe(401);
  });

  it("answers 401 at once after a revocation elsewhere (the CLI) when keys are not cached", async () => {
    const app = createApp(createRuntime({ ...stack.testEnv.env, SMX_API_KEY_CACHE_SECONDS: "0" }));
    const cli = createRuntime(stack.testEnv.env);
    const { key: doomed, record } = await cli.apiKeys.create({ name: "doomed-2", connectionId: "demo" });
    const me = () => app.request("/api/v1/me", { headers: { authorization: `Bearer ${doomed}` } });
    expect((await me()).status).toBe(200);
    await cli.apiKeys.revoke(record.id);
    const refused = await me();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringContaining("revoked") } });
  });

  it("writes only to the key's own connection, whatever the body says", async () => {
    const other = await sharedRuntime().apiKeys.create({ name: "other", connectionId: "elsewhere" });
    const idempotencyKey = randomUUID();
    const body = { connection: "demo", connectionId: "demo", customer: { id: 100003 }, date: "2027-03-03" };
    const answer = await stack.invoke(
      post("/visits", body, { authorization: `Bearer ${other.key}`, "idempotency-key": idempotencyKey }),
    );
    // "elsewhere" is not configured here: its event is recorded and fails there, never delivered to "demo".
    expect(answer.status).toBe(422);
    const record = await sharedRuntime().ledger.get((answer.json as { eventId: string }).eventId);
    expect(record).toMatchObject({
      connectionId: "elsewhere",
      hookId: "api-CreateVisit@elsewhere",
      source: "api",
    });
    expect(visitsOf(100003, "2027-03-03")).toHaveLength(0);
    // The same Idempotency-Key on the demo connection is another event.
    const demo = await stack.invoke(post("/visits", body, { "idempotency-key": idempotencyKey }));
    expect(demo.status).toBe(201);
    expect(visitsOf(100003, "2027-03-03")).toHaveLength(1);
  });
});

describe("POST /api/v1/visits", () => {
  it("creates once (201), answers a retry from the ledger (200, same body), and 409 on another payload", async () => {
    const idempotencyKey = randomUUID();
    const visit = { customer: { extCustNo: "C-001" }, date: "2027-03-01" };
    const first = await stack.invoke(post("/visits", visit, { "idempotency-key": idempotencyKey }));
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ status: "delivered", result: { customer: { id: 100001 } } });
    const again = await stack.invoke(post("/visits", visit, { "idempotency-key": idempotencyKey }));
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(visitsOf(100001, "2027-03-01")).toHaveLength(1);
    const reused = await stack.invoke(
      post("/visits", { ...visit, date: "2027-03-02" }, { "idempotency-key": idempotencyKey }),
    );
    expect(reused.status).toBe(409);
    expect(reused.json).toMatchObject({
      error: { code: "idempotency_key_reused", header: "idempotency-key" },
    });
  });

  it("requires an Idempotency-Key: 422 naming it", async () => {
    const answer = await stack.invoke(post("/visits", { customer: { id: 100001 }, date: "2027-03-05" }));
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({
      error: { code: "missing_idempotency_key", field: "Idempotency-Key" },
      eventId: expect.any(String),
    });
  });

  it("answers 422 naming the command field at fault", async () => {
    const answer = await stack.invoke(
      post("/visits", { customer: { id: 100001 }, date: "2027-02-30" }, { "idempotency-key": randomUUID() }),
    );
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: { code: "invalid_field", field: "date" } });
    const missing = await stack.invoke(
      post("/visits", { date: "2027-03-01" }, { "idempotency-key": randomUUID() }),
    );
    expect(missing.json).toMatchObject({ error: { code: "missing_field", field: "customer" } });
  });

  it("refuses what a hook refuses: broken JSON 400, another content type 415, an oversized body 413", async () => {
    const headers = { "idempotency-key": randomUUID() };
    const broken = await stack.invoke({ ...post("/visits", {}, headers), body: '{"customer": ' });
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ error: { code: "malformed_body" } });
    // A new key: a retry under the same key gets the first answer (the rejected request is kept once).
    const textRequest = post("/visits", {}, { "idempotency-key": randomUUID() });
    const text = await stack.invoke({
      ...textRequest,
      headers: { ...textRequest.headers, "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const big = await stack.invoke(
      post("/visits", { note: "x".repeat(300 * 1024) }, { "idempotency-key": randomUUID() }),
    );
    expect(big.status).toBe(413);
  });

  it("answers 202 while SalesMania is down, and the same 202 to a retry", async () => {
    stack.started.sandbox.faults.add({ route: "POST /extapi/v1.1/visits", status: 503, times: 10 });
    const idempotencyKey = randomUUID();
    const visit = post(
      "/visits",
      { customer: { id: 100004 }, date: "2027-03-07" },
      { "idempotency-key": idempotencyKey },
    );
    const first = await stack.invoke(visit);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ status: "retry", nextAttemptAt: expect.any(String) });
    const again = await stack.invoke(visit);
    expect(again.status).toBe(202);
    expect(again.json).toEqual(first.json);
    stack.started.sandbox.faults.clear();
  });
});

describe("orders and customers", () => {
  it("creates an order (201), then updates its status by extOrderNo (200)", async () => {
    const extOrderNo = `SO-${randomUUID().slice(0, 8)}`;
    const order = {
      customer: { extCustNo: "C-002" },
      date: "2027-03-10",
      extOrderNo,
      lines: [{ product: { extProductCode: "P-001" }, qty: 2, unit: "DUS", price: 100000, discPercent: "5" }],
    };
    const created = await stack.invoke(post("/orders", order, { "idempotency-key": randomUUID() }));
    expect(created.status).toBe(201);
    const orderId = (created.json as { result: { ids: { orderId: number } } }).result.ids.orderId;
    const updated = await stack.invoke(
      post(`/orders/${extOrderNo}/status`, { status: "Diproses" }, { "idempotency-key": randomUUID() }),
    );
    expect(updated.status).toBe(200);
    expect(stack.started.sandbox.state().orders.find((o) => o.id === orderId)?.status).toBe("Diproses");
  });

  it("upserts a customer (200) and finds it again by its code", async () => {
    const extCustNo = `C-${randomUUID().slice(0, 8)}`;
    const answer = await stack.invoke(
      post(
        "/customers",
        { extCustNo, name: "Toko Lewat API", phone: "+6281299990001", address: "Jl. API 1" },
        { "idempotency-key": randomUUID() },
      ),
    );
    expect(answer.status).toBe(200);
    const found = await stack.invoke({
      method: "GET",
      url: `/api/v1/customers?q=${extCustNo}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(found.json).toMatchObject({ items: [{ name: "Toko Lewat API", extCustNo }] });
  });
});

// The operator API through the Lambda handler: key check, list, show, and the replay loop an operator runs
// (dead → fix the cause in SalesMania → replay → delivered).
import { sharedRuntime } from "@smx/runtime";
import { demoSeed } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { HttpRequestSpec } from "./support/apigw.ts";
import { JSON_TYPE, SECRETS, TYPEFORM_VISITS_HOOK, typeformVisitRequest } from "./support/cases.ts";
import { ADMIN_KEY, type Stack, startStack } from "./support/stack.ts";

const HOOK = TYPEFORM_VISITS_HOOK;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hooks: [HOOK], secrets: SECRETS });
});
afterAll(async () => {
  await stack?.close();
});

const admin = (method: string, url: string, body?: unknown): HttpRequestSpec => ({
  method,
  url,
  headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : JSON_TYPE) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe("admin key", () => {
  it("answers 503 on every admin route when no key is configured", async () => {
    const app = createApp(sharedRuntime());
    const answer = await app.request("/admin/events?status=dead", {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ error: { code: "admin_api_disabled" } });
  });

  it("refuses a missing or wrong key with 401 naming the Authorization header", async () => {
    const missing = await stack.invoke({ method: "GET", url: "/admin/events?status=dead" });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: "unauthenticated", header: "authorization" } });
    const wrong = await stack.invoke({
      method: "GET",
      url: "/admin/events?status=dead",
      headers: { authorization: "Bearer not-the-key" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain(ADMIN_KEY);
  });
});

describe("dead → fix → replay → delivered", () => {
  let eventId: string;

  it("records an unknown customer as dead", async () => {
    const answer = await stack.invoke(typeformVisitRequest("tok-admin-1", "C-777", "2026-12-15"));
    expect(answer.status).toBe(422);
    eventId = (answer.json as { eventId: string }).eventId;
  });

  it("lists it by status and by hook, and shows it", async () => {
    const byStatus = await stack.invoke(admin("GET", "/admin/events?status=dead"));
    expect(byStatus.status).toBe(200);
    expect((byStatus.json as { items: { eventId: string }[] }).items.map((e) => e.eventId)).toContain(
      eventId,
    );

    const byHook = await stack.invoke(
      admin("GET", "/admin/events?hook=typeform-visits&status=dead&limit=10"),
    );
    expect((byHook.json as { items: { eventId: string }[] }).items.map((e) => e.eventId)).toEqual([eventId]);

    const shown = await stack.invoke(admin("GET", `/admin/events/${eventId}`));
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      eventId,
      status: "dead",
      lastError: { code: "customer_not_found" },
      command: { kind: "CreateVisit", customer: { extCustNo: "C-777" }, date: "2026-12-15" },
    });
    expect(shown.json).not.toHaveProperty("claimToken");
  });

  it("delivers it on replay once the customer exists", async () => {
    stack.started.sandbox.seed({
      users: [],
      databases: [],
      customers: [
        {
          databaseId: demoSeed.databases[0]!.id,
          name: "Toko Baru Sentosa",
          address: "Jl. Baru No. 7",
          ext_cust_no: "C-777",
        },
      ],
    });
    const replayed = await stack.invoke(admin("POST", `/admin/events/${eventId}/replay`));
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.json).toMatchObject({ outcome: "delivered", event: { eventId, status: "delivered" } });
    const customer = stack.started.sandbox.state().customers.find((c) => c.ext_cust_no === "C-777");
    expect(stack.started.sandbox.state().visits).toContainEqual(
      expect.objectContaining({ customer_id: customer?.id, date: "2026-12-15" }),
    );
  });

  it("refuses to replay a delivered event with 409", async () => {
    const again = await stack.invoke(admin("POST", `/admin/events/${eventId}/replay`));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: { code: "not_replayable" }, eventId });
  });

  it("answers the sender's redelivery from the replayed outcome", async () => {
    const answer = await stack.invoke(typeformVisitRequest("tok-admin-1", "C-777", "2026-12-15"));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ eventId, status: "delivered" });
  });
});

describe("replay with an edited command", () => {
  it("delivers the corrected command", async () => {
    const dead = await stack.invoke(typeformVisitRequest("tok-admin-2", "C-888", "2026-12-16"));
    const eventId = (dead.json as { eventId: string }).eventId;
    const command = { kind: "CreateVisit", customer: { extCustNo: "C-001" }, date: "2026-12-16" };
    const replayed = await stack.invoke(admin("POST", `/admin/events/${eventId}/replay`, { command }));
    expect(replayed.json).toMatchObject({ outcome: "delivered", event: { command } });
    expect(stack.started.sandbox.state().visits).toContainEqual(
      expect.objectContaining({ customer_id: 100001, date: "2026-12-16" }),
    );
  });

  it("answers an invalid edited command with 422 naming the field", async () => {
    const dead = await stack.invoke(typeformVisitRequest("tok-admin-3", "C-889", "2026-12-17"));
    const eventId = (dead.json as { eventId: string }).eventId;
    const command = { kind: "CreateVisit", customer: { extCustNo: "C-001" }, date: "17/12/2026" };
    const answer = await stack.invoke(admin("POST", `/admin/events/${eventId}/replay`, { command }));
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: { code: "invalid_command", field: "command.date" } });
  });
});

describe("bad admin requests", () => {
  it("names the bad query parameter", async () => {
    const bad = await stack.invoke(admin("GET", "/admin/events?status=lost"));
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "invalid_query", field: "status" } });
    const none = await stack.invoke(admin("GET", "/admin/events"));
    expect(none.status).toBe(400);
    const limit = await stack.invoke(admin("GET", "/admin/events?status=dead&limit=500"));
    expect(limit.json).toMatchObject({ error: { field: "limit" } });
  });

  it("answers an unknown event with 404", async () => {
    const answer = await stack.invoke(admin("GET", "/admin/events/evt_00000000000000000000000000"));
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ error: { code: "event_not_found" } });
  });
});

describe("admin bodies (issue 9, item 6)", () => {
  const replay = (body: string, authorization = `Bearer ${ADMIN_KEY}`) =>
    stack.invoke({
      method: "POST",
      url: "/admin/events/evt_00000000000000000000000000/replay",
      headers: { ...JSON_TYPE, authorization },
      body,
    });

  it("refuses a 5 MiB body with 413 naming the limit, echoing none of it", async () => {
    const answer = await replay(`{"command": "${"x".repeat(5 * 1024 * 1024)}"}`);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({
      error: { code: "payload_too_large", message: expect.stringContaining("65536") },
    });
    expect(answer.text.length).toBeLessThan(300);
  });

  it("answers an unauthenticated large body 401 before reading it", async () => {
    const answer = await replay(`{"command": "${"x".repeat(5 * 1024 * 1024)}"}`, "Bearer wrong");
    expect(answer.status).toBe(401);
  });

  it("quotes only an excerpt of an invalid command", async () => {
    const dead = await stack.invoke(typeformVisitRequest("tok-admin-4", "C-890", "2026-12-18"));
    const eventId = (dead.json as { eventId: string }).eventId;
    const command = { kind: "CreateVisit", customer: { extCustNo: "C-001" }, date: "9".repeat(60_000) };
    const answer = await stack.invoke(admin("POST", `/admin/events/${eventId}/replay`, { command }));
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: { code: "invalid_command", field: "command.date" } });
    expect(answer.text.length).toBeLessThan(600);
  });

  it("names where a broken body stops being JSON, quoting none of it", async () => {
    const answer = await replay(`{"command": ${"[".repeat(5000)}`);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: "json_too_deep" } });
    expect(answer.text.length).toBeLessThan(400);
  });
});

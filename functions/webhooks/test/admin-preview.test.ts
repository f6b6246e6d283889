// The operator API's hook preview through the Lambda handler: a Typeform payload with its real signature
// (verdict accept, customer resolved), the same payload with a forged one (reject, still mapped), a bad
// body naming its field — and the ledger untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSON_TYPE, SECRETS, TYPEFORM_VISITS_HOOK, typeformVisitRequest } from "./support/cases.ts";
import { ADMIN_KEY, type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hooks: [TYPEFORM_VISITS_HOOK], secrets: SECRETS });
});
afterAll(async () => {
  await stack?.close();
});

const preview = (body: unknown, hookId = TYPEFORM_VISITS_HOOK.id) =>
  stack.invoke({
    method: "POST",
    url: `/admin/hooks/${hookId}/preview`,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...JSON_TYPE },
    body: JSON.stringify(body),
  });

describe("POST /admin/hooks/{id}/preview", () => {
  it("checks the sender's real signature, maps the payload and resolves its customer; records nothing", async () => {
    const signed = typeformVisitRequest("tok-preview-1", "C-002", "2026-12-20");
    const answer = await preview({ payload: signed.body, headers: signed.headers });
    expect(answer.status).toBe(200);
    const json = answer.json as { eventId: string };
    expect(json).toMatchObject({
      verdict: "accept",
      auth: { checked: "headers", ok: true },
      event: { command: { kind: "CreateVisit", customer: { extCustNo: "C-002" }, date: "2026-12-20" } },
      resolution: { customer: { outcome: "found", id: 100002 } },
    });
    const shown = await stack.invoke({
      method: "GET",
      url: `/admin/events/${json.eventId}`,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(shown.status).toBe(404);
  });

  it("refuses a forged signature, and still shows what the payload would become", async () => {
    const signed = typeformVisitRequest("tok-preview-2", "C-001", "2026-12-21");
    const forged = { ...signed.headers, "typeform-signature": "sha256=AAAA" };
    const answer = await preview({ payload: signed.body, headers: forged });
    expect(answer.json).toMatchObject({
      verdict: "reject",
      admission: "unauthenticated",
      auth: { ok: false },
      event: { command: { customer: { extCustNo: "C-001" } } },
    });
  });

  it("names the field of a bad body, and needs the admin key", async () => {
    const missing = await preview({ headers: {} });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: { code: "malformed_body", field: "payload" } });
    const badHeader = await preview({ payload: "{}", headers: { "bad header": "x" } });
    expect(badHeader.status).toBe(400);
    expect(badHeader.json).toMatchObject({ error: { field: "headers" } });
    const anonymous = await stack.invoke({ method: "POST", url: "/admin/hooks/x/preview", body: "{}" });
    expect(anonymous.status).toBe(401);
  });
});

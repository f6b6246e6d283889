// A custom domain mapped under a base path (smx.deploy.json `domain.basePath` → SMX_BASE_PATH): API Gateway
// keeps the base path in the event's path, and the Lambda handler takes it off before routing — while the
// execute-api address, without it, keeps working.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basePathFrom } from "../src/base-path.ts";
import { FORM_TYPE, SECRETS, ZAPIER_VISITS_HOOK } from "./support/cases.ts";
import { type Stack, startStack } from "./support/stack.ts";

const BASE = "hooks-v1";
const DOMAIN = "https://hooks.example.co.id";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    hooks: [ZAPIER_VISITS_HOOK],
    secrets: { "zapier-key": SECRETS["zapier-key"] },
    extra: { SMX_BASE_PATH: BASE },
  });
});
afterAll(async () => {
  await stack?.close();
});

const visit = (url: string, key: string, custNo: string, basePath?: string) =>
  stack.invoke({
    method: "POST",
    url,
    headers: { ...FORM_TYPE, "x-api-key": SECRETS["zapier-key"], "idempotency-key": key },
    body: new URLSearchParams({ cust_no: custNo, visit_date: "2026-12-14" }).toString(),
    ...(basePath === undefined ? {} : { basePath }),
  });

const visitsOf = (customerId: number) =>
  stack.started.sandbox.state().visits.filter((v) => v.customer_id === customerId && v.date === "2026-12-14");

describe("a base path", () => {
  it("is taken off a hook request that came through the custom domain", async () => {
    const answer = await visit(`${DOMAIN}/${BASE}/hooks/zapier-visits`, "base-path-1", "C-002", BASE);
    expect(answer.status).toBe(201);
    expect(visitsOf(100002)).toHaveLength(1);
  });

  it("answers the URL check, health and the operator API under it", async () => {
    const check = await stack.invoke({
      method: "GET",
      url: `${DOMAIN}/${BASE}/hooks/zapier-visits`,
      basePath: BASE,
    });
    expect(check.json).toEqual({ hook: "zapier-visits", source: "zapier", ready: true });
    const health = await stack.invoke({ method: "GET", url: `${DOMAIN}/${BASE}/health`, basePath: BASE });
    expect(health.json).toEqual({ ok: true });
    const admin = await stack.invoke({
      method: "GET",
      url: `${DOMAIN}/${BASE}/admin/events`,
      basePath: BASE,
    });
    expect(admin.status).toBe(401);
  });

  it("leaves a request on the execute-api address, without it, as it is", async () => {
    const answer = await visit("/hooks/zapier-visits", "base-path-2", "C-003");
    expect(answer.status).toBe(201);
    expect(visitsOf(100003)).toHaveLength(1);
  });

  it("strips only a whole leading segment: another path still answers 404 naming it", async () => {
    const lookalike = await stack.invoke({ method: "GET", url: `/${BASE}x/hooks/zapier-visits` });
    expect(lookalike.status).toBe(404);
    expect(lookalike.json).toMatchObject({ error: { code: "not_found" } });
    const doubled = await stack.invoke({ method: "GET", url: `/${BASE}/${BASE}/health`, basePath: BASE });
    expect(doubled.status).toBe(404);
  });
});

describe("SMX_BASE_PATH", () => {
  it("is optional, and refused at start when it is not one path segment", () => {
    expect(basePathFrom({})).toBeUndefined();
    expect(basePathFrom({ SMX_BASE_PATH: " " })).toBeUndefined();
    expect(basePathFrom({ SMX_BASE_PATH: "hooks-v1" })).toBe("hooks-v1");
    expect(() => basePathFrom({ SMX_BASE_PATH: "/hooks/v1" })).toThrow(
      /^environment variable SMX_BASE_PATH: one path segment/,
    );
  });
});

// The google-calendar source through the Lambda handler (API Gateway v2 events, DynamoDB Local, the sandbox
// over HTTP): what examples/google-calendar/Code.gs posts, signed the Standard Webhooks way. The script
// itself runs end to end in packages/local/test/google-calendar-apps-script.test.ts.
import { readFileSync } from "node:fs";
import { sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedVisitHook } from "./support/cases.ts";
import { standardWebhooksSignature } from "./support/signing.ts";
import { type Stack, startStack } from "./support/stack.ts";

const SECRET = `whsec_${Buffer.from("gcal-test-signing-key-24-bytes").toString("base64")}`;
const HOOK = signedVisitHook("gcal-visits", "google-calendar", "gcal-secret", {
  mapping: { "customer.extCustNo": { from: "text", transform: { find: "[{code}]" } } },
});
const sample = JSON.parse(
  readFileSync(new URL("../../../examples/payloads/google-calendar.json", import.meta.url), "utf8"),
);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hooks: [HOOK], secrets: { "gcal-secret": SECRET } });
});
afterAll(async () => {
  await stack?.close();
});

function post(event: Record<string, unknown>, secret = SECRET) {
  const body = JSON.stringify({ ...sample, event: { ...sample.event, ...event } });
  return stack.invoke({
    method: "POST",
    url: `/hooks/${HOOK.id}`,
    headers: {
      "content-type": "application/json",
      ...standardWebhooksSignature(secret, `msg_${crypto.randomUUID()}`, body, Date.now()),
    },
    body,
  });
}
const visitsOfC001 = () =>
  stack.started.sandbox
    .state()
    .visits.filter((visit) => visit.customer_id === 100001)
    .map((v) => v.date);
const records = async () => (await sharedRuntime().ledger.listByHook(HOOK.id, { limit: 50 })).items;

describe("google-calendar through the Lambda handler", () => {
  it("refuses a post signed with another secret, recording nothing", async () => {
    const forged = await post({}, `whsec_${Buffer.from("some-other-key-of-24-bytes").toString("base64")}`);
    expect(forged.status).toBe(401);
    expect(await records()).toEqual([]);
  });

  it("makes a visit, answers a re-post (a new webhook-id) as a duplicate, and a move is a new visit", async () => {
    expect((await post({})).status).toBe(201);
    const again = await post({ description: "edited", updated: new Date().toISOString() });
    expect(again.status).toBe(200);
    expect(visitsOfC001()).toEqual(["2026-12-03"]);
    expect((await post({ start: { dateTime: "2026-12-04T09:30:00+07:00" } })).status).toBe(201);
    expect(visitsOfC001()).toEqual(["2026-12-03", "2026-12-04"]);
  });

  it("records a cancellation as ignored, with the visit to remove named", async () => {
    const answer = await post({ status: "cancelled" });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: "ignored" });
    const cancel = (await records()).find((record) => record.command?.kind === "CancelVisit");
    expect(cancel?.result?.note).toContain("2026-12-03");
    expect(visitsOfC001()).toEqual(["2026-12-03", "2026-12-04"]);
  });
});

// The operator loop through the admin API: rerun a rejected event with the corrected mapping, dismiss one,
// and settle an unknown outcome (resolve --existing / --not-created) — each once, however many operators
// click at the same moment, and each recorded with who did it.
import { Command, type EventRecord } from "@smx/core";
import { sharedRuntime } from "@smx/runtime";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpRequestSpec } from "./support/apigw.ts";
import { JSON_TYPE, SECRETS, TYPEFORM_VISITS_HOOK, typeformVisitRequest } from "./support/cases.ts";
import { ADMIN_KEY, type Stack, startStack, type WebhooksApp } from "./support/stack.ts";

// Deployed with a wrong field ref; the corrected configuration is TYPEFORM_VISITS_HOOK.
const BROKEN = {
  ...TYPEFORM_VISITS_HOOK,
  mapping: { ...TYPEFORM_VISITS_HOOK.mapping, date: "answers.tanggal" },
};

let stack: Stack;
let fixed: WebhooksApp;
beforeAll(async () => {
  stack = await startStack({ hooks: [BROKEN], secrets: SECRETS });
  fixed = stack.appWith([TYPEFORM_VISITS_HOOK]);
});
afterAll(async () => {
  await stack?.close();
});

const typeform = (token: string, date: string) => typeformVisitRequest(token, "C-005", date);

/** An admin action through the Lambda handler (the deployed, broken configuration). */
const adminCall = async (path: string, body?: unknown) =>
  stack.invoke({
    method: "POST",
    url: path,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...JSON_TYPE },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The same through the app with the corrected configuration. */
async function fixedCall(path: string, body?: unknown) {
  const response = await fixed.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...JSON_TYPE },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const rejectedEvent = async (token: string, date: string) => {
  const answer = await stack.invoke(typeform(token, date));
  expect(answer.status).toBe(422);
  return (answer.json as { eventId: string }).eventId;
};
const visitsOn = (date: string) =>
  stack.started.sandbox.state().visits.filter((v) => v.customer_id === 100005 && v.date === date);

describe("rerun", () => {
  it("says what is still wrong while the mapping is not fixed, changing nothing", async () => {
    const eventId = await rejectedEvent("tok-rerun-early", "2026-12-26");
    const answer = await adminCall(`/admin/events/${eventId}/rerun`);
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: { code: "still_unusable", field: "date" }, eventId });
    expect((await sharedRuntime().ledger.get(eventId))?.status).toBe("rejected");
  });

  it("delivers with the corrected mapping under the original key, once for two operators at once", async () => {
    const eventId = await rejectedEvent("tok-rerun", "2026-12-27");
    const [a, b] = await Promise.all([
      fixedCall(`/admin/events/${eventId}/rerun`, { actor: "ana" }),
      fixedCall(`/admin/events/${eventId}/rerun`, { actor: "budi" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const won = a.status === 200 ? a : b;
    expect(won.json).toMatchObject({ outcome: "delivered", event: { eventId, status: "delivered" } });
    expect((a.status === 409 ? a : b).json).toMatchObject({ error: { code: "invalid_state" } });
    expect(visitsOn("2026-12-27")).toHaveLength(1);
    const record = (await sharedRuntime().ledger.get(eventId)) as EventRecord;
    expect(record.dedupKey).toBe("form_response:tok-rerun");
    expect(record.attempts.find((x) => x.kind === "action" && x.action === "rerun")).toMatchObject({
      actor: expect.stringMatching(/^admin-api:(ana|budi)$/),
      at: expect.any(String),
    });
    // Typeform's own retry of the same response is now a duplicate of the delivered event.
    expect((await stack.invoke(typeform("tok-rerun", "2026-12-27"))).status).toBe(200);
  });
});

describe("dismiss", () => {
  it("needs a reason, closes the event once, and a redelivery keeps getting its first answer", async () => {
    const eventId = await rejectedEvent("tok-dismiss", "2026-12-28");
    const noReason = await adminCall(`/admin/events/${eventId}/dismiss`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.json).toMatchObject({ error: { code: "malformed_body", field: "reason" } });

    const closed = await adminCall(`/admin/events/${eventId}/dismiss`, {
      reason: "test submission",
      actor: "ana",
    });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({
      outcome: "closed",
      event: {
        status: "closed",
        closure: { kind: "dismissed", from: "rejected", actor: "admin-api:ana", reason: "test submission" },
      },
    });
    expect((await adminCall(`/admin/events/${eventId}/dismiss`, { reason: "again" })).status).toBe(409);
    const redelivered = await stack.invoke(typeform("tok-dismiss", "2026-12-28"));
    expect(redelivered.status).toBe(422);
    expect(redelivered.json).toMatchObject({ eventId, error: { code: "missing_field", field: "date" } });
    // Even the corrected configuration does not deliver what an operator dismissed.
    expect(
      (
        await fixed.request("/hooks/typeform-visits", {
          method: "POST",
          ...requestInit(typeform("tok-dismiss", "2026-12-28")),
        })
      ).status,
    ).toBe(422);
    expect(visitsOn("2026-12-28")).toHaveLength(0);
  });
});

function requestInit(spec: HttpRequestSpec) {
  return { headers: spec.headers ?? {}, body: spec.body as string };
}

describe("an unknown outcome", () => {
  const ORDERS = "POST /extapi/v1.0/orders";
  /** An order whose create lost its answer: committed in SalesMania (`committed`) or not. */
  async function unknownOrder(extOrderNo: string, committed: boolean): Promise<string> {
    stack.started.sandbox.faults.add({
      route: ORDERS,
      ...(committed ? { kind: "commit-then-fail" } : {}),
      status: 500,
    });
    const command = v.parse(Command, {
      kind: "CreateOrder",
      customer: { id: 100002 },
      date: "2026-12-29",
      extOrderNo,
      lines: [{ product: { extProductCode: "P-002" }, qty: 1 }],
    });
    const result = await sharedRuntime().pipeline.process({
      hookId: "erp-orders",
      connectionId: "demo",
      source: "standard-webhooks",
      event: { command, dedupKey: `msg-${extOrderNo}`, dedupKeySource: "native", nativeIds: {} },
      budgetMs: 5_000,
    });
    expect(result.kind).toBe("unknown_outcome");
    return result.record.eventId;
  }
  const ordersNumbered = (extOrderNo: string) =>
    stack.started.sandbox.state().orders.filter((order) => order.ext_order_no === extOrderNo);

  it("is not replayed without force, and is settled once as existing after a GET of that order", async () => {
    const eventId = await unknownOrder("SO-LOST-1", true);
    const replay = await adminCall(`/admin/events/${eventId}/replay`);
    expect(replay.status).toBe(409);
    expect(replay.json).toMatchObject({ error: { code: "needs_resolution" } });
    expect(ordersNumbered("SO-LOST-1")).toHaveLength(1);

    const missing = await adminCall(`/admin/events/${eventId}/resolve`, { existing: 999_999 });
    expect(missing.json).toMatchObject({ error: { code: "resolve_not_found", field: "existing" } });
    // Someone's typo: the id of another order.
    const { api } = await sharedRuntime().connections.get("demo");
    const other = await api.orders.create({
      date: "2026-12-29",
      customer_id: 100002,
      ext_order_no: "SO-OTHER",
      ordered_products: [{ product_id: 200002, qty: 1, unit: "PCS", price: 1000 }],
    });
    const wrong = await adminCall(`/admin/events/${eventId}/resolve`, { existing: other.id });
    expect(wrong.status).toBe(422);
    expect(wrong.json).toMatchObject({ error: { code: "resolve_mismatch" } });
    const both = await adminCall(`/admin/events/${eventId}/resolve`, { existing: 1, notCreated: true });
    expect(both.status).toBe(400);

    const orderId = ordersNumbered("SO-LOST-1")[0]!.id;
    const [a, b] = await Promise.all([
      adminCall(`/admin/events/${eventId}/resolve`, { existing: orderId, actor: "ana" }),
      adminCall(`/admin/events/${eventId}/resolve`, { existing: orderId, actor: "budi" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const record = await sharedRuntime().ledger.get(eventId);
    expect(record).toMatchObject({ status: "delivered", result: { ids: { orderId }, reconciled: true } });
    expect(
      record?.attempts.filter((x) => x.kind === "action" && x.action === "resolve-existing"),
    ).toHaveLength(1);
    expect(ordersNumbered("SO-LOST-1")).toHaveLength(1);
    expect(await sharedRuntime().directory.findOrderId("demo", "SO-LOST-1")).toBe(orderId);
  });

  it("is delivered once when an operator says it was not created", async () => {
    const eventId = await unknownOrder("SO-LOST-2", false);
    expect(ordersNumbered("SO-LOST-2")).toHaveLength(0);
    const [a, b] = await Promise.all([
      adminCall(`/admin/events/${eventId}/resolve`, { notCreated: true }),
      adminCall(`/admin/events/${eventId}/resolve`, { notCreated: true }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 200 ? a : b).json).toMatchObject({ outcome: "delivered" });
    expect(ordersNumbered("SO-LOST-2")).toHaveLength(1);
  });

  it("is replayed with force when the operator insists", async () => {
    const eventId = await unknownOrder("SO-LOST-3", false);
    const forced = await adminCall(`/admin/events/${eventId}/replay`, { force: true, actor: "ana" });
    expect(forced.json).toMatchObject({ outcome: "delivered" });
    expect(ordersNumbered("SO-LOST-3")).toHaveLength(1);
  });
});

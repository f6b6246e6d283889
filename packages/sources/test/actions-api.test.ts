// The actions API's adapter: canonical command fields as they are, the route's path fields winning over the
// body's, the Idempotency-Key required, and every refusal naming its field.
import { describe, expect, it } from "vitest";
import type { InboundRequest } from "../src/adapter.ts";
import { UnusableEventError } from "../src/errors.ts";
import { actionsApiSource } from "../src/sources/actions-api.ts";
import { eventOf, hookContext } from "./signed-provider-helpers.ts";

const context = hookContext(
  {
    id: "api-visits",
    source: "zapier",
    connection: "demo",
    action: "CreateOrder",
    auth: { scheme: "api-key", secrets: ["api-keys"] },
  },
  [],
);

function request(
  body: unknown,
  headers: Record<string, string> = { "idempotency-key": "task-1" },
): InboundRequest {
  return {
    method: "POST",
    url: new URL("http://127.0.0.1/api/v1/orders"),
    headers: new Headers({ "content-type": "application/json", ...headers }),
    body: new TextEncoder().encode(JSON.stringify(body)),
    receivedAt: Date.now(),
  };
}

function normalize(adapter: ReturnType<typeof actionsApiSource>, inbound: InboundRequest) {
  return adapter.normalize(adapter.parse(inbound), inbound, context);
}

const order = {
  customer: { extCustNo: "C-001" },
  date: "2026-12-03",
  lines: [{ product: { extProductCode: "P-001" }, qty: 2, discPercent: "5" }],
};

describe("actionsApiSource", () => {
  it("takes the command fields as they are, keyed by the Idempotency-Key", () => {
    const event = eventOf(normalize(actionsApiSource("CreateOrder"), request(order)));
    expect(event.command).toMatchObject({ kind: "CreateOrder", ...order });
    expect(event).toMatchObject({ dedupKey: "task-1", dedupKeySource: "idempotency-key" });
  });

  it("lets the route's path fields win over the body's, and ignores a kind in the body", () => {
    const adapter = actionsApiSource("UpdateOrder", { order: { extOrderNo: "SO-9" } });
    const event = eventOf(
      normalize(
        adapter,
        request({ kind: "CreateVisit", order: { extOrderNo: "SO-other" }, status: "Lunas" }),
      ),
    );
    expect(event.command).toEqual({ kind: "UpdateOrder", order: { extOrderNo: "SO-9" }, status: "Lunas" });
  });

  it("requires an Idempotency-Key, and refuses a malformed one", () => {
    const missing = () => normalize(actionsApiSource("CreateOrder"), request(order, {}));
    expect(missing).toThrow(UnusableEventError);
    expect(missing).toThrow(/Idempotency-Key is required/);
    const spaced = () =>
      normalize(actionsApiSource("CreateOrder"), request(order, { "idempotency-key": "a b" }));
    expect(spaced).toThrow(/Idempotency-Key/);
  });

  it("names the field at fault, with its index in a list", () => {
    const refusal = (body: unknown) => {
      try {
        normalize(actionsApiSource("CreateOrder"), request(body));
      } catch (error) {
        if (error instanceof UnusableEventError) return { code: error.code, field: error.field };
        throw error;
      }
      throw new Error("expected a refusal");
    };
    expect(refusal({ ...order, lines: [{ product: { id: 1 }, qty: 0 }] })).toEqual({
      code: "invalid_field",
      field: "lines[0].qty",
    });
    expect(refusal({ ...order, date: undefined })).toEqual({ code: "missing_field", field: "date" });
    expect(refusal({ ...order, date: "03/12/2026" })).toEqual({ code: "invalid_field", field: "date" });
  });
});

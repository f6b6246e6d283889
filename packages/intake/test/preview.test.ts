// The hook preview (Intake.preview): the verdict a delivery would get, the parsed payload, the command and
// what it resolves to in the sandbox — and nothing written: no ledger record, no SalesMania write, no
// auth-failure counted. DynamoDB Local and the sandbox over HTTP, as the intake's own tests.
import type { Runtime } from "@smx/runtime";
import type { StartedSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Intake } from "../src/index.ts";
import { type IntakeTestStack, startIntakeTestStack } from "./support.ts";

const KEY = "zapier-key-77aa";
const HOOKS = [
  {
    id: "visits",
    source: "zapier",
    connection: "demo",
    action: "CreateVisit",
    auth: { scheme: "api-key", secrets: ["zapier-key"] },
    mapping: { "customer.extCustNo": "cust_no", date: "visit_date" },
  },
  {
    id: "orders",
    source: "zapier",
    connection: "demo",
    action: "CreateOrder",
    auth: { scheme: "api-key", secrets: ["zapier-key"] },
    mapping: { "customer.extCustNo": "cust_no", date: "order_date", extOrderNo: "order_no" },
    lines: { from: "items", mapping: { "product.extProductCode": "code", qty: "qty" } },
  },
];

let stack: IntakeTestStack;
let sandbox: StartedSandbox;
let runtime: Runtime;
let intake: Intake;
let counted: string[];

beforeAll(async () => {
  stack = await startIntakeTestStack({ hooks: HOOKS, secrets: { "zapier-key": KEY } });
  ({ sandbox, runtime, intake, counted } = stack);
});
afterAll(() => stack?.close());

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const writes = () => sandbox.sandbox.journal().filter((entry) => entry.method !== "GET");

describe("Intake.preview", () => {
  it("signs a payload given without headers, maps it and resolves its customer, writing nothing", async () => {
    const preview = await intake.preview(
      "visits",
      { body: json({ cust_no: "C-002", visit_date: "2026-05-04" }) },
      runtime,
    );
    expect(preview).toMatchObject({
      verdict: "accept",
      admission: "admitted",
      auth: { checked: "signed-by-preview", ok: true },
      parsed: { cust_no: "C-002", visit_date: "2026-05-04" },
      event: { command: { kind: "CreateVisit", customer: { extCustNo: "C-002" }, date: "2026-05-04" } },
      resolution: { connectionId: "demo", customer: { outcome: "found", id: 100002 } },
    });
    expect(await runtime.ledger.get(preview.eventId!)).toBeUndefined();
    expect(writes()).toEqual([]);
  });

  it("resolves an order's lines to product ids, and names the line that would not resolve", async () => {
    const order = (code: string) =>
      json({ cust_no: "C-003", order_date: "2026-05-04", order_no: `SO-${code}`, items: [{ code, qty: 2 }] });
    const found = await intake.preview("orders", { body: order("P-002") }, runtime);
    expect(found.resolution?.lines).toMatchObject({ outcome: "resolved", lines: [{ product_id: 200002 }] });
    const missing = await intake.preview("orders", { body: order("P-404") }, runtime);
    expect(missing.verdict).toBe("accept");
    expect(missing.resolution?.lines).toMatchObject({
      outcome: "not_found",
      code: "product_not_found",
      field: "lines[0].product",
    });
    expect(writes()).toEqual([]);
  });

  it("says a customer nobody has would not be found under match-only", async () => {
    const preview = await intake.preview(
      "visits",
      { body: json({ cust_no: "C-404", visit_date: "2026-05-04" }) },
      runtime,
    );
    expect(preview.resolution?.customer).toMatchObject({ outcome: "not_found", code: "customer_not_found" });
  });

  it("refuses the sender's headers when the key is wrong, still showing what it would become, uncounted", async () => {
    const preview = await intake.preview("visits", {
      body: json({ cust_no: "C-001", visit_date: "2026-05-04" }),
      headers: { "content-type": "application/json", "x-api-key": "wrong" },
    });
    expect(preview).toMatchObject({
      verdict: "reject",
      admission: "unauthenticated",
      auth: { checked: "headers", ok: false },
      error: { status: 401 },
      event: { command: { customer: { extCustNo: "C-001" } } },
    });
    expect(counted).not.toContain("auth_failures");
    const keyed = await intake.preview("visits", {
      body: json({ cust_no: "C-001", visit_date: "2026-05-04" }),
      headers: { "content-type": "application/json", "x-api-key": KEY },
    });
    expect(keyed).toMatchObject({ verdict: "accept", auth: { checked: "headers", ok: true } });
  });

  it("names the field an unusable payload lacks, and an unknown hook", async () => {
    const unusable = await intake.preview("visits", { body: json({ cust_no: "C-001" }) });
    expect(unusable).toMatchObject({
      verdict: "reject",
      admission: "unusable",
      error: { status: 422, field: "date" },
    });
    const unknown = await intake.preview("nope", { body: json({}) });
    expect(unknown).toMatchObject({ verdict: "reject", admission: "unknown_hook" });
  });

  it("refuses a header HTTP does not allow by naming the headers", async () => {
    const error = await intake
      .preview("visits", { body: json({}), headers: { "bad header": "x" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PreviewInputError", field: "headers" });
  });
});

// The Zapier app through createAppTester against a local stack: the webhooks app on real HTTP, DynamoDB Local
// and the SalesMania sandbox behind it. One test per action, search, trigger and dropdown; a replayed task
// never creates twice; refusals reach Zapier as z.errors.Error with the API's code and the field.
import { createRuntime, type Runtime } from "@smx/runtime";
import { prepareTestEnv, type TestEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { startWebhooksServer, type WebhooksServer } from "@smx/webhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import zapier from "zapier-platform-core";
import App from "../index.js";

const appTester = zapier.createAppTester(App);
let sandbox: StartedSandbox;
let testEnv: TestEnv;
let runtime: Runtime;
let server: WebhooksServer;
let authData: { baseUrl: string; apiKey: string };

beforeAll(async () => {
  sandbox = await startSandbox();
  testEnv = await prepareTestEnv({
    dynamoEndpoint: inject("dynamoEndpoint"),
    salesmaniaUrl: sandbox.url,
    hooks: [],
  });
  runtime = createRuntime({ ...testEnv.env, POWERTOOLS_LOG_LEVEL: "SILENT" });
  server = await startWebhooksServer({ runtime, port: 0 });
  const { key } = await runtime.apiKeys.create({ name: "zapier-acme", connectionId: "demo" });
  authData = { baseUrl: `${server.url}/`, apiKey: key };
});
afterAll(async () => {
  await server?.close();
  await sandbox?.close();
  testEnv?.cleanup();
});

const bundle = (inputData: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
  authData,
  inputData,
  meta: { zap: { id: 4242 }, ...meta },
});
/** The fields of a z.errors.Error (its message is JSON: message, code, status). */
async function zapierError(
  run: Promise<unknown>,
): Promise<{ message: string; code: string; status: number }> {
  const error = await run.then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.name).toBe("AppError");
  return JSON.parse(String(error?.message));
}
const state = () => sandbox.sandbox.state();

describe("authentication", () => {
  it("tests the connection: the key's name and connection", async () => {
    const me = await appTester(App.authentication.test, bundle({}));
    expect(me).toMatchObject({ name: "zapier-acme", connection: "demo" });
  });

  it("shows a wrong key as unauthenticated, naming the header", async () => {
    const wrong = {
      ...bundle({}),
      authData: { ...authData, apiKey: `smx_${"1".repeat(16)}_${"B".repeat(43)}` },
    };
    const error = await zapierError(appTester(App.authentication.test, wrong));
    expect(error).toMatchObject({ code: "unauthenticated", status: 401 });
    expect(error.message).toContain("header: authorization");
  });
});

describe("actions", () => {
  it("Create Visit creates once, however often Zapier replays the task", async () => {
    const task = bundle({ customer: "C-001", date: "2027-05-03", team: "24728" });
    const first = await appTester(App.creates.createVisit.operation.perform, task);
    expect(first).toMatchObject({ status: "delivered", result: { customer: { id: 100001 } } });
    const replayed = await appTester(App.creates.createVisit.operation.perform, task);
    expect(replayed).toEqual(first);
    const visits = state().visits.filter((v) => v.customer_id === 100001 && v.date === "2027-05-03");
    expect(visits).toHaveLength(1);
    expect(visits[0]?.team_id).toBe(24728);
  });

  it("Create Order sends line items (product from the dropdown, qty, unit, price, discount)", async () => {
    const created = await appTester(
      App.creates.createOrder.operation.perform,
      bundle({
        customer: "100002",
        date: "2027-05-04",
        extOrderNo: "ZAP-ORDER-1",
        lines: [
          { product: "200001", qty: "2", unit: "DUS", price: "100.000", discount: "5%" },
          { product: "P-002", qty: 10 },
        ],
      }),
    );
    expect(created.status).toBe("delivered");
    const order = state().orders.find((o) => o.id === created.result.ids.orderId);
    expect(order?.ext_order_no).toBe("ZAP-ORDER-1");
    expect(order?.ordered_products).toHaveLength(2);
    expect(order?.ordered_products[0]).toMatchObject({
      product_id: 200001,
      qty: 2,
      price: 100000,
      item_disc_percent: "5",
    });
  });

  it("Update Order Status changes the order found by its external number", async () => {
    const updated = await appTester(
      App.creates.updateOrderStatus.operation.perform,
      bundle({ extOrderNo: "ZAP-ORDER-1", status: "Terkirim" }),
    );
    expect(updated.status).toBe("delivered");
    expect(state().orders.find((o) => o.ext_order_no === "ZAP-ORDER-1")?.status).toBe("Terkirim");
  });

  it("shows a refusal as z.errors.Error with the code and the field", async () => {
    const error = await zapierError(
      appTester(App.creates.createVisit.operation.perform, bundle({ customer: "C-001", date: "2027-02-30" })),
    );
    expect(error).toMatchObject({ code: "invalid_field", status: 422 });
    expect(error.message).toContain("(field: date)");
  });
});

describe("Find or Create Customer", () => {
  it("finds a customer by code, phone or name", async () => {
    const search = App.searches.findCustomer.operation.perform;
    for (const q of ["C-003", "+6281234567803", "maju jaya"]) {
      const found = await appTester(search, bundle({ q }));
      expect(found, q).toEqual([expect.objectContaining({ id: 100003, name: "CV Maju Jaya Abadi" })]);
    }
  });

  it("creates the customer when the search finds none, and finds it the next time", async () => {
    const search = App.searches.findCustomer.operation.perform;
    expect(await appTester(search, bundle({ q: "C-ZAP-77" }))).toEqual([]);
    const created = await appTester(
      App.creates.createCustomer.operation.perform,
      bundle({
        extCustNo: "C-ZAP-77",
        name: "Toko Dari Zapier",
        phone: "+6281277770077",
        address: "Jl. Zap 7",
      }),
    );
    expect(created).toMatchObject({ status: "delivered", extCustNo: "C-ZAP-77", id: expect.any(Number) });
    expect(state().customers.filter((c) => c.ext_cust_no === "C-ZAP-77")).toHaveLength(1);
    expect(await appTester(search, bundle({ q: "C-ZAP-77" }))).toEqual([
      expect.objectContaining({ id: created.id, name: "Toko Dari Zapier" }),
    ]);
  });
});

describe("dynamic dropdowns", () => {
  it("customers: labelled, page by page until an empty page", async () => {
    const first = await appTester(App.triggers.customerList.operation.perform, bundle({}, { page: 0 }));
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(first).toContainEqual(
      expect.objectContaining({ id: 100001, label: "Toko Sumber Rejeki (C-001)" }),
    );
    expect(await appTester(App.triggers.customerList.operation.perform, bundle({}, { page: 1 }))).toEqual([]);
  });

  it("products carry their units and prices", async () => {
    const products = await appTester(App.triggers.productList.operation.perform, bundle({}, { page: 0 }));
    expect(products).toContainEqual(
      expect.objectContaining({
        id: 200001,
        label: "Teh Botol Manis 350ml (P-001)",
        units: expect.any(Array),
      }),
    );
  });

  it("teams", async () => {
    const teams = await appTester(App.triggers.teamList.operation.perform, bundle({}, { page: 0 }));
    expect(teams.map((t: { id: number }) => t.id)).toEqual(expect.arrayContaining([24728, 24729]));
  });
});

describe("New Failed Event", () => {
  it("lists a dead event once, by its event id, with its error", async () => {
    const error = await zapierError(
      appTester(
        App.creates.createVisit.operation.perform,
        bundle({ customer: "C-NOPE-1", date: "2027-05-09" }),
      ),
    );
    expect(error.status).toBe(422);
    const poll = () => appTester(App.triggers.newFailedEvent.operation.perform, bundle({}));
    const events = await poll();
    const dead = events.filter(
      (e: { action: string; status: string }) => e.action === "CreateVisit" && e.status === "dead",
    );
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ id: dead[0].eventId, error: { code: expect.any(String) } });
    // Zapier deduplicates by id: a second poll gives the same id, not a new one.
    expect((await poll()).map((e: { id: string }) => e.id)).toContain(dead[0].id);
    expect(new Set(events.map((e: { id: string }) => e.id)).size).toBe(events.length);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { Client, startForFile, TEAM, TEAM_2 } from "./helpers.ts";

const { url, sandbox } = await startForFile();
const client = new Client(url);
beforeAll(() => client.login());

const ORDERS = "/extapi/v1.0/orders";
const line = (extra: Record<string, unknown> = {}) => ({
  product_id: 200001,
  qty: 2,
  unit: "PCS",
  price: 4500,
  ...extra,
});
const order = (extra: Record<string, unknown> = {}) => ({
  date: "2026-03-10",
  customer_id: 100001,
  ordered_products: [line(), line({ product_id: 200003, unit: "DUS", qty: 1, price: 320000 })],
  ...extra,
});

describe("POST /orders validation", () => {
  it.each([
    ["date missing", { ...order(), date: undefined }, "date"],
    ["date invalid", order({ date: "2026-3-1" }), "date"],
    ["customer_id missing", { ...order(), customer_id: undefined }, "customer_id"],
    ["customer unknown", order({ customer_id: 424242 }), "customer_id"],
    ["team not in database", order({ team_id: 99 }), "team_id"],
    ["ordered_products missing", { ...order(), ordered_products: undefined }, "ordered_products"],
    ["ordered_products empty", order({ ordered_products: [] }), "ordered_products"],
    [
      "product unknown",
      order({ ordered_products: [line({ product_id: 999 })] }),
      "ordered_products.0.product_id",
    ],
    [
      "unit not one of the product's units",
      order({ ordered_products: [line(), line(), line({ unit: "BOX" })] }),
      "ordered_products.2.unit",
    ],
    ["qty not a number", order({ ordered_products: [line({ qty: "2" })] }), "ordered_products.0.qty"],
    ["price missing", order({ ordered_products: [line({ price: undefined })] }), "ordered_products.0.price"],
    ["unit missing", order({ ordered_products: [line({ unit: undefined })] }), "ordered_products.0.unit"],
    [
      "both item discounts",
      order({ ordered_products: [line({ item_disc_percent: "5", item_disc_amount: 100 })] }),
      "ordered_products.0.item_disc_amount",
    ],
    [
      "item_disc_amount a string",
      order({ ordered_products: [line({ item_disc_amount: "100" })] }),
      "ordered_products.0.item_disc_amount",
    ],
    ["status unknown", order({ status: "Selesai" }), "status"],
    ["disc_percent malformed", order({ disc_percent: "5%" }), "disc_percent"],
    ["total_paid a string", order({ total_paid: "0" }), "total_paid"],
  ])("422 naming the field when %s, writing nothing", async (_, body, field) => {
    const before = sandbox.state().orders.length;
    const answer = await client.data("POST", ORDERS, body);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe("Validation failed");
    expect(answer.body.errors).toHaveProperty([field]);
    expect(sandbox.state().orders).toHaveLength(before);
  });

  it.each([
    ["5", true],
    ["55.05+3", true],
    ["0+100", true],
    ["12.5+0.25+3", true],
    ["101", false],
    ["50+100.5", false],
    ["5+", false],
    ["+5", false],
    ["5.", false],
    ["-5", false],
    ["5,5", false],
    ["", false],
    ["abc", false],
  ])("item_disc_percent %j valid: %s", async (disc, valid) => {
    const answer = await client.data(
      "POST",
      ORDERS,
      order({ ordered_products: [line({ item_disc_percent: disc })] }),
    );
    expect(answer.status).toBe(valid ? 200 : 422);
    if (!valid) expect(answer.body.errors).toHaveProperty(["ordered_products.0.item_disc_percent"]);
  });
});

describe("orders: create, read, patch", () => {
  it("creates with {id}; reads back as created with team and status defaults", async () => {
    const expected = order({ ext_order_no: "SO-1001", visit_status: "Order" });
    const created = await client.data("POST", ORDERS, { ...expected, ignored_field: true });
    expect(created.body).toEqual({ id: expect.any(Number) });
    const read = await client.data("GET", `${ORDERS}/${created.body.id}`);
    expect(read.body).toEqual({ ...expected, id: created.body.id, team_id: TEAM, status: "Baru" });
  });

  it("keeps an explicit team and status", async () => {
    const created = await client.data(
      "POST",
      ORDERS,
      order({ team_id: TEAM_2, status: "Diproses", item_disc_amount: 1 }),
    );
    expect((await client.data("GET", `${ORDERS}/${created.body.id}`)).body).toMatchObject({
      team_id: TEAM_2,
      status: "Diproses",
    });
  });

  it("patches status, ext_order_status_name, total_paid and description only", async () => {
    const { body } = await client.data("POST", ORDERS, order());
    const path = `${ORDERS}/${body.id}`;
    const patch = {
      status: "Terkirim",
      ext_order_status_name: "Shipped",
      total_paid: 5000,
      description: "kirim pagi",
      date: "2030-01-01",
    };
    expect(await client.data("PATCH", path, patch)).toMatchObject({ status: 200, body: {} });
    expect((await client.data("GET", path)).body).toMatchObject({
      status: "Terkirim",
      ext_order_status_name: "Shipped",
      total_paid: 5000,
      description: "kirim pagi",
      date: "2026-03-10",
    });
    const bad = await client.data("PATCH", path, { status: "Dikirim" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty("status");
  });

  it("404 for an unknown order", async () => {
    expect((await client.data("GET", `${ORDERS}/1`)).status).toBe(404);
    expect((await client.data("PATCH", `${ORDERS}/1`, { status: "Batal" })).status).toBe(404);
  });
});

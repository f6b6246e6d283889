import { beforeAll, describe, expect, it } from "vitest";
import { Client, DB, startForFile } from "./helpers.ts";

const { url, sandbox } = await startForFile();
const client = new Client(url);
beforeAll(() => client.login());

const unit = (name: string, ratio: number, price = 1000) => ({ name, price, ratio });
const product = (extra: Record<string, unknown> = {}) => ({
  name: "Gula Pasir 1kg",
  qty_on_hand: 10,
  product_units: [unit("PCS", 1), unit("DUS", 12)],
  ...extra,
});

describe("customer validation (POST /customers)", () => {
  it.each([
    ["name missing", {}, "name"],
    ["name empty", { name: "" }, "name"],
    ["name not a string", { name: 5 }, "name"],
    ["lat above 90", { name: "A", location: { lat: 90.5, lon: 0 } }, "location.lat"],
    ["lat below -90", { name: "A", location: { lat: -91, lon: 0 } }, "location.lat"],
    ["lon above 180", { name: "A", location: { lat: 0, lon: 181 } }, "location.lon"],
    ["lon missing inside location", { name: "A", location: { lat: 0 } }, "location.lon"],
    ["lat missing inside location", { name: "A", location: { lon: 0 } }, "location.lat"],
    ["status not boolean", { name: "A", status: "true" }, "status"],
    ["tags not an array", { name: "A", tags: "vip" }, "tags"],
    ["tags with a number", { name: "A", tags: ["vip", 3] }, "tags.1"],
    ["phone not a string", { name: "A", phone: 6281234 }, "phone"],
    ["body an array", [{ name: "A" }], "body"],
  ])("422 naming the field when %s", async (_, body, field) => {
    const answer = await client.data("POST", "/extapi/v1.0/customers", body);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe("Validation failed");
    expect(Object.keys(answer.body.errors)).toContain(field);
  });
});

describe("product validation (POST /products)", () => {
  it.each([
    ["name missing", { ...product(), name: undefined }, "name"],
    ["name over 200 characters", product({ name: "x".repeat(201) }), "name"],
    ["qty_on_hand missing", { ...product(), qty_on_hand: undefined }, "qty_on_hand"],
    ["product_units missing", { ...product(), product_units: undefined }, "product_units"],
    ["no unit with ratio 1", product({ product_units: [unit("DUS", 12)] }), "product_units"],
    ["empty units", product({ product_units: [] }), "product_units"],
    ["unit name over 50", product({ product_units: [unit("x".repeat(51), 1)] }), "product_units.0.name"],
    [
      "ratio not an integer",
      product({ product_units: [unit("PCS", 1), unit("DUS", 1.5)] }),
      "product_units.1.ratio",
    ],
    ["ratio 0", product({ product_units: [unit("PCS", 1), unit("DUS", 0)] }), "product_units.1.ratio"],
    ["unit price missing", product({ product_units: [{ name: "PCS", ratio: 1 }] }), "product_units.0.price"],
    ["default_disc over 100", product({ default_disc: "101" }), "default_disc"],
    ["default_disc with a dangling +", product({ default_disc: "5+" }), "default_disc"],
    ["default_disc not a string", product({ default_disc: 5 }), "default_disc"],
    ["status not boolean", product({ status: 1 }), "status"],
    ["tags not strings", product({ tags: [1] }), "tags.0"],
  ])("422 naming the field when %s", async (_, body, field) => {
    const answer = await client.data("POST", "/extapi/v1.0/products", body);
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors)).toContain(field);
  });

  it.each(["5", "55.55+3", "0", "100", "10+2.5+1"])("accepts default_disc %s", async (disc) => {
    expect((await client.data("POST", "/extapi/v1.0/products", product({ default_disc: disc }))).status).toBe(
      200,
    );
  });
});

describe("customer and product CRUD", () => {
  it("create → get → patch (partial) → delete, ignoring unknown fields and defaulting status", async () => {
    const created = await client.data("POST", "/extapi/v1.0/customers", {
      name: "Toko Baru",
      phone: "+6281234567899",
      credit_limit: 5_000_000,
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id: expect.any(Number) });
    const path = `/extapi/v1.0/customers/${created.body.id}`;
    expect((await client.data("GET", path)).body).toEqual({
      id: created.body.id,
      name: "Toko Baru",
      phone: "+6281234567899",
      status: true,
    });
    const patched = await client.data("PATCH", path, { status: false, city: "Depok" });
    expect(patched).toMatchObject({ status: 200, body: {} });
    expect((await client.data("GET", path)).body).toMatchObject({
      name: "Toko Baru",
      city: "Depok",
      status: false,
    });
    expect((await client.data("PATCH", path, { name: "" })).body.errors).toHaveProperty("name");
    expect((await client.data("DELETE", path)).body).toEqual({});
    expect((await client.data("GET", path)).status).toBe(404);
    expect((await client.data("PATCH", path, { city: "Bogor" })).status).toBe(404);
  });

  it("products read back with their units; patch validates units", async () => {
    const created = await client.data("POST", "/extapi/v1.0/products", product({ sku: "GP-1" }));
    const path = `/extapi/v1.0/products/${created.body.id}`;
    expect((await client.data("GET", path)).body).toEqual({
      id: created.body.id,
      status: true,
      ...product({ sku: "GP-1" }),
    });
    const bad = await client.data("PATCH", path, { product_units: [unit("DUS", 12)] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty("product_units");
    expect((await client.data("PATCH", path, { qty_on_hand: 3 })).status).toBe(200);
    expect((await client.data("GET", path)).body.qty_on_hand).toBe(3);
    expect(sandbox.state().products.find((p) => p.id === created.body.id)?.databaseId).toBe(DB);
  });

  it("404 for unknown and non-numeric ids; 400 for malformed JSON", async () => {
    expect((await client.data("GET", "/extapi/v1.0/customers/999")).status).toBe(404);
    expect((await client.data("GET", "/extapi/v1.0/products/abc")).status).toBe(404);
    // A product id is not a customer id: each kind has its own id range.
    expect((await client.data("GET", "/extapi/v1.0/customers/200001")).status).toBe(404);
    const path = `/extapi/v1.0/customers?team_token=${encodeURIComponent(client.teamToken!)}`;
    const malformed = await client.send("POST", path, {
      raw: "{name:",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/JSON/);
  });
});

describe("pagination", () => {
  it("pages from 1 with limit default 50 and meta.total", async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ databaseId: DB, name: `Toko ${i}` }));
    sandbox.seed({ users: [], databases: [], customers: many });
    const total = sandbox.state().customers.length;
    const first = await client.data("GET", "/extapi/v1.0/customers");
    expect(first.body.meta).toEqual({ page: 1, limit: 50, total });
    expect(first.body.data).toHaveLength(50);
    const last = await client.data("GET", `/extapi/v1.0/customers?page=${Math.ceil(total / 100)}&limit=100`);
    expect(last.body.data).toHaveLength(total % 100);
    const two = await client.data("GET", "/extapi/v1.0/customers?page=2&limit=2");
    expect(two.body.data.map((c: { id: number }) => c.id)).toEqual(
      first.body.data.slice(2, 4).map((c: { id: number }) => c.id),
    );
  });

  it.each([
    ["limit=101", "limit"],
    ["limit=0", "limit"],
    ["page=0", "page"],
    ["page=x", "page"],
  ])("422 for %s", async (query, field) => {
    const answer = await client.data("GET", `/extapi/v1.0/products?${query}`);
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toHaveProperty(field);
  });
});

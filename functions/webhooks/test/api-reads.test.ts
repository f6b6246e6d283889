// The actions API's reads through the Lambda handler: paging, the directory before SalesMania, text search
// over SalesMania's pages, and a bad parameter named.
import { sharedRuntime } from "@smx/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let key: string;
beforeAll(async () => {
  stack = await startStack({ hooks: [] });
  key = (await sharedRuntime().apiKeys.create({ name: "reads", connectionId: "demo" })).key;
});
afterAll(async () => {
  await stack?.close();
});

const get = async (url: string) => {
  const answer = await stack.invoke({
    method: "GET",
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${key}` },
  });
  return {
    status: answer.status,
    body: answer.json as Record<string, unknown> & { items: { id: number }[] },
  };
};

describe("GET /api/v1/customers", () => {
  it("pages SalesMania's list: nextPage until the last page", async () => {
    const first = await get("/customers?limit=2");
    expect(first.body).toMatchObject({ page: 1, nextPage: 2, from: "salesmania" });
    expect(first.body.items.map((c) => c.id)).toEqual([100001, 100002]);
    const last = await get("/customers?limit=2&page=3");
    expect(last.body.items.map((c) => c.id)).toEqual([100005]);
    expect(last.body.nextPage).toBeUndefined();
  });

  it("finds a code in the directory once a delivery indexed it, without asking SalesMania", async () => {
    await sharedRuntime().directory.putCustomer("demo", {
      id: 100004,
      extCustNo: "C-004",
      name: "Minimarket Sejahtera",
    });
    const before = stack.started.sandbox.journal().length;
    const found = await get("/customers?q=C-004");
    expect(found.body).toMatchObject({
      from: "directory",
      items: [{ id: 100004, name: "Minimarket Sejahtera" }],
    });
    expect(stack.started.sandbox.journal().slice(before)).toEqual([]);
  });

  it("matches part of a name, case-insensitively, across SalesMania's pages", async () => {
    const found = await get("/customers?q=toko");
    expect(found.body.items.map((c) => c.id).sort()).toEqual([100001, 100005]);
    expect(found.body.from).toBe("salesmania");
  });

  it("names a bad parameter: 400 invalid_query", async () => {
    for (const query of ["limit=0", "limit=101", "page=x", `q=${"a".repeat(256)}`]) {
      const answer = await get(`/customers?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body, query).toMatchObject({
        error: { code: "invalid_query", field: query.split("=")[0] },
      });
    }
  });
});

describe("GET /api/v1/products and /teams", () => {
  it("finds a product by code or SKU, with its units", async () => {
    for (const q of ["P-003", "KBR-200", "robusta"]) {
      const found = await get(`/products?q=${q}`);
      expect(found.body.items, q).toEqual([
        expect.objectContaining({
          id: 200003,
          units: expect.arrayContaining([{ name: "DUS", price: 320000 }]),
        }),
      ]);
    }
  });

  it("lists teams, paged", async () => {
    const first = await get("/teams?limit=1");
    expect(first.body).toMatchObject({ items: [{ id: 24728 }], nextPage: 2 });
    expect((await get("/teams?limit=1&page=2")).body.items).toEqual([expect.objectContaining({ id: 24729 })]);
  });
});

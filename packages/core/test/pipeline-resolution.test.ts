// Acceptance tests of resolution through the whole pipeline: customers by id, ext code, phone (however the
// account stored it) and email; match-or-create vs match-only; products, units and prices; replay.

import type * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerRef, OrderLineCommand } from "../src/index.ts";
import { createPipelineHarness, type PipelineHarness } from "../src/testing/index.ts";

let h: PipelineHarness;
const DATE = "2026-12-20";

beforeAll(async () => {
  h = await createPipelineHarness();
  // Phones as people type them into SalesMania; resolution must match them from E.164.
  h.sandbox.seed({
    users: [],
    databases: [],
    customers: [
      { databaseId: 2981, id: 300001, name: "Toko Nol", address: "Jl. Satu 1", phone: "0812-1111-0001" },
      { databaseId: 2981, id: 300002, name: "Toko Enam Dua", address: "Jl. Dua 2", phone: "6281211110002" },
      { databaseId: 2981, id: 300003, name: "Toko Plus", address: "Jl. Tiga 3", phone: "+62 812-1111-0003" },
    ],
  });
});
afterAll(() => h.close());

const visit = (customer: v.InferInput<typeof CustomerRef>, dedupKey?: string) =>
  h.pipeline.process(h.input({ kind: "CreateVisit", customer, date: DATE }, dedupKey));

describe("customer resolution", () => {
  it("trusts an id without a lookup", async () => {
    const result = await visit({ id: 100002 });
    expect(result.record.result?.customer).toEqual({ id: 100002, how: "id" });
  });

  it("finds by ext code: from the API on a directory miss, then from the directory", async () => {
    expect((await visit({ extCustNo: "C-003" })).record.result?.customer).toEqual({ id: 100003, how: "api" });
    expect((await visit({ extCustNo: "C-003" })).record.result?.customer).toEqual({
      id: 100003,
      how: "directory",
    });
  });

  it("finds by phone whichever of 0812…, 62812… or +62 812-… the account stored", async () => {
    for (const [phone, id] of [
      ["+6281211110001", 300001],
      ["+6281211110002", 300002],
      ["+6281211110003", 300003],
    ] as const) {
      const result = await visit({ phone });
      expect(result.kind).toBe("delivered");
      expect(result.record.result?.customer?.id).toBe(id);
    }
    const created = h.sandbox.state().visits.filter((v) => v.date === DATE && v.customer_id >= 300001);
    expect(created.map((v) => v.customer_id).sort()).toEqual([300001, 300002, 300003]);
  });

  it("finds by email a customer this service upserted with one", async () => {
    const upsert = await h.pipeline.process(
      h.input({
        kind: "UpsertCustomer",
        extCustNo: "C-900",
        name: "Toko Surel",
        email: "Owner@Toko.ID",
        phone: "+6281299990000",
      }),
    );
    expect(upsert.kind).toBe("delivered");
    const id = upsert.record.result?.ids.customerId;
    expect(h.sandbox.state().customers.find((c) => c.id === id)).toMatchObject({ ext_cust_no: "C-900" });
    expect((await visit({ email: "owner@toko.id" })).record.result?.customer).toEqual({
      id,
      how: "directory",
    });
  });

  it("upserting a known ext code updates it instead of creating another", async () => {
    const result = await h.pipeline.process(
      h.input({ kind: "UpsertCustomer", extCustNo: "C-900", name: "Toko Surel Baru", city: "Bogor" }),
    );
    expect(result.record.result?.customer?.how).toBe("directory");
    const matches = h.sandbox.state().customers.filter((c) => c.ext_cust_no === "C-900");
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ name: "Toko Surel Baru", city: "Bogor" });
  });

  it("match-or-create creates the customer once, however many events name it", async () => {
    const customer = { extCustNo: "C-NEW", name: "Toko Baru", address: "Jl. Baru 9", createIfMissing: true };
    const first = await visit(customer);
    const second = await h.pipeline.process(h.input({ kind: "CreateVisit", customer, date: "2026-12-21" }));
    expect(first.record.result?.customer?.how).toBe("created");
    expect(second.record.result?.customer).toEqual({
      id: first.record.result?.customer?.id,
      how: "directory",
    });
    expect(h.sandbox.state().customers.filter((c) => c.ext_cust_no === "C-NEW")).toHaveLength(1);
  });

  it("match-only leaves an unknown customer dead with customer_not_found", async () => {
    const result = await visit({ extCustNo: "C-404" });
    expect(result).toMatchObject({
      kind: "dead",
      record: { lastError: { code: "customer_not_found", field: "customer" } },
    });
    expect(result.record.lastError?.message).toMatch(/C-404.*match-only/);
  });
});

describe("order lines", () => {
  const order = (lines: v.InferInput<typeof OrderLineCommand>[]) =>
    h.pipeline.process(h.input({ kind: "CreateOrder", customer: { id: 100001 }, date: DATE, lines }));

  it("resolves products by id, ext code and sku with the base unit and unit prices as defaults", async () => {
    const result = await order([
      { product: { id: 200001 }, qty: 2 },
      { product: { extProductCode: "P-002" }, qty: 1, unit: "dus" },
      { product: { sku: "KBR-200" }, qty: 3, price: 25000, discPercent: "5" },
    ]);
    expect(result.kind).toBe("delivered");
    const stored = h.sandbox.state().orders.find((o) => o.id === result.record.result?.ids.orderId);
    expect(stored?.ordered_products).toEqual([
      { product_id: 200001, qty: 2, unit: "PCS", price: 4500 },
      { product_id: 200002, qty: 1, unit: "DUS", price: 80000 },
      { product_id: 200003, qty: 3, unit: "PCS", price: 25000, item_disc_percent: "5" },
    ]);
  });

  it("an unknown product is dead product_not_found naming the line", async () => {
    const result = await order([
      { product: { id: 200001 }, qty: 1 },
      { product: { sku: "NOPE-1" }, qty: 1 },
    ]);
    expect(result).toMatchObject({
      kind: "dead",
      record: { lastError: { code: "product_not_found", field: "lines[1].product" } },
    });
    expect(result.record.lastError?.message).toMatch(/sku "NOPE-1"/);
  });

  it("an unknown unit is dead unit_not_found naming the line and the units there are", async () => {
    const result = await order([{ product: { extProductCode: "P-001" }, qty: 1, unit: "KARTON" }]);
    expect(result).toMatchObject({
      kind: "dead",
      record: { lastError: { code: "unit_not_found", field: "lines[0].unit" } },
    });
    expect(result.record.lastError?.message).toMatch(/expected one of: PCS, DUS/);
  });
});

describe("replay", () => {
  it("delivers a dead event once its cause is fixed, keeping its history", async () => {
    const dead = await visit({ extCustNo: "C-777" }, "late-customer");
    expect(dead.kind).toBe("dead");

    h.sandbox.seed({
      users: [],
      databases: [],
      customers: [{ databaseId: 2981, id: 300777, name: "Toko Terlambat", ext_cust_no: "C-777" }],
    });
    const replayed = await h.pipeline.replay(dead.record.eventId);
    expect(replayed.kind).toBe("delivered");
    expect(replayed.record.result?.customer).toEqual({ id: 300777, how: "api" });
    expect(
      replayed.record.attempts.map((a) => [a.kind, a.outcome, a.kind === "action" ? a.action : ""]),
    ).toEqual([
      ["attempt", "dead", ""],
      ["action", "retry", "replay"],
      ["attempt", "delivered", ""],
    ]);
    expect(replayed.record.attempts.at(-1)).toMatchObject({ trigger: "replay" });
    expect(h.sandbox.state().visits.filter((v) => v.customer_id === 300777)).toHaveLength(1);
  });

  it("validates an edited command and can leave it for the redrive", async () => {
    const dead = await visit({ extCustNo: "C-405" });
    await expect(
      h.pipeline.replay(dead.record.eventId, { command: { kind: "CreateVisit", customer: {}, date: DATE } }),
    ).rejects.toThrow(/^command\.customer: a customer needs one of/);
    const queued = await h.pipeline.replay(dead.record.eventId, {
      command: { kind: "CreateVisit", customer: { id: 100004 }, date: DATE },
      deliverNow: false,
    });
    expect(queued).toMatchObject({ kind: "retry", record: { status: "retry" } });
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, delivered: 1 });
    expect((await h.ledger.get(dead.record.eventId))?.command).toMatchObject({ customer: { id: 100004 } });
  });
});

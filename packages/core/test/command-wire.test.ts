// Command → wire conversion (command-wire.ts): every command field that is set reaches its wire field, and
// nothing else is sent.
import { CustomerInput, OrderInput, OrderPatch } from "@smx/salesmania";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  newCustomerInput,
  orderInput,
  orderLine,
  orderPatch,
  upsertCustomerFields,
  visitInput,
} from "../src/command-wire.ts";
import type { CreateOrder } from "../src/index.ts";

const ORDER: CreateOrder = {
  kind: "CreateOrder",
  customer: { extCustNo: "C-1", createIfMissing: false },
  date: "2026-03-02",
  teamId: 24728,
  lines: [
    {
      product: { sku: "SKU-1" },
      qty: 2,
      discPercent: "5+2",
      description: "promo",
      extOrderLineId: 9,
    },
  ],
  discAmount: 1000,
  description: "web order",
  status: "Diproses",
  extOrderNo: "WEB-1",
  extOrderStatusName: "Paid online",
  totalPaid: 50_000,
  visitStatus: "Selesai",
};

describe("command → wire", () => {
  it("an order and its lines, with the unit's price where the line gives none", () => {
    const line = orderLine(ORDER.lines[0]!, 501, { name: "PCS", price: 4500 });
    expect(line).toEqual({
      product_id: 501,
      qty: 2,
      unit: "PCS",
      price: 4500,
      item_disc_percent: "5+2",
      description: "promo",
      ext_order_line_id: 9,
    });
    const input = orderInput(ORDER, 100001, [line]);
    expect(input).toEqual({
      date: "2026-03-02",
      customer_id: 100001,
      ordered_products: [line],
      team_id: 24728,
      disc_amount: 1000,
      description: "web order",
      status: "Diproses",
      ext_order_no: "WEB-1",
      ext_order_status_name: "Paid online",
      total_paid: 50_000,
      visit_status: "Selesai",
    });
    expect(v.safeParse(OrderInput, input).success).toBe(true);
    expect(orderLine({ product: { id: 1 }, qty: 1, price: 10 }, 1, { name: "BOX", price: 99 }).price).toBe(
      10,
    );
  });

  it("an order update sends only the fields it sets", () => {
    const patch = orderPatch({ kind: "UpdateOrder", order: { id: 7 }, totalPaid: 10, description: "x" });
    expect(patch).toEqual({ total_paid: 10, description: "x" });
    expect(v.safeParse(OrderPatch, patch).success).toBe(true);
  });

  it("customers: a new one from a reference (email stays ours), and an upsert's fields", () => {
    const created = newCustomerInput({
      name: "Toko Maju",
      extCustNo: "C-9",
      phone: "+6281234567890",
      email: "maju@example.co.id",
      location: { lat: -6.2, lon: 106.8 },
      createIfMissing: true,
    });
    expect(created).toEqual({
      name: "Toko Maju",
      ext_cust_no: "C-9",
      phone: "+6281234567890",
      location: { lat: -6.2, lon: 106.8 },
    });
    expect(v.safeParse(CustomerInput, created).success).toBe(true);
    expect(
      upsertCustomerFields({
        kind: "UpsertCustomer",
        extCustNo: "C-9",
        name: "Toko Maju",
        city: "Bekasi",
        tags: ["vip"],
        active: false,
      }),
    ).toEqual({ name: "Toko Maju", ext_cust_no: "C-9", city: "Bekasi", tags: ["vip"], status: false });
  });

  it("a visit, in the team when one is known", () => {
    const visit = {
      kind: "CreateVisit",
      customer: { id: 5, createIfMissing: false },
      date: "2026-03-02",
    } as const;
    expect(visitInput(visit, 5, undefined)).toEqual({ date: "2026-03-02", customer_id: 5 });
    expect(visitInput(visit, 5, 24728)).toEqual({ date: "2026-03-02", customer_id: 5, team_id: 24728 });
  });
});

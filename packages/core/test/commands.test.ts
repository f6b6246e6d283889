import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { Command, MAX_COMMAND_BYTES } from "../src/index.ts";

const parse = (input: unknown) => v.safeParse(Command, input);
const firstIssue = (input: unknown) => {
  const result = parse(input);
  if (result.success) throw new Error("expected the command to be invalid");
  return { path: v.getDotPath(result.issues[0]), message: result.issues[0].message };
};

describe("Command schema", () => {
  it("accepts a visit by customer id and defaults createIfMissing to false", () => {
    const result = parse({ kind: "CreateVisit", customer: { id: 5 }, date: "2026-11-30" });
    expect(result.success && result.output).toMatchObject({ customer: { id: 5, createIfMissing: false } });
  });

  it("needs some way to find the customer", () => {
    expect(
      firstIssue({ kind: "CreateVisit", customer: { name: "Toko" }, date: "2026-11-30" }).message,
    ).toMatch(/one of: id, extCustNo, phone, email, or name and address/);
  });

  it("wants E.164 phones and lowercases emails", () => {
    expect(
      firstIssue({ kind: "CreateVisit", customer: { phone: "0812345678" }, date: "2026-11-30" }).path,
    ).toBe("customer.phone");
    const ok = parse({ kind: "CreateVisit", customer: { email: " Budi@Example.COM " }, date: "2026-11-30" });
    expect(ok.success && ok.output.kind === "CreateVisit" && ok.output.customer.email).toBe(
      "budi@example.com",
    );
  });

  it("rejects impossible dates and unknown kinds", () => {
    expect(firstIssue({ kind: "CreateVisit", customer: { id: 1 }, date: "2026-13-01" }).path).toBe("date");
    expect(firstIssue({ kind: "DeleteVisit", customer: { id: 1 }, date: "2026-11-30" }).path).toBe("kind");
  });

  it("checks order lines: at least one, qty > 0, one discount kind per line", () => {
    const order = { kind: "CreateOrder", customer: { id: 1 }, date: "2026-11-30" };
    expect(firstIssue({ ...order, lines: [] }).message).toMatch(/at least one line/);
    expect(firstIssue({ ...order, lines: [{ product: { sku: "X" }, qty: 0 }] }).path).toBe("lines.0.qty");
    expect(
      firstIssue({ ...order, lines: [{ product: { sku: "X" }, qty: 1, discPercent: "5", discAmount: 2 }] })
        .message,
    ).toMatch(/not both/);
    expect(
      firstIssue({ ...order, lines: [{ product: { sku: "X" }, qty: 1, discPercent: "101" }] }).path,
    ).toBe("lines.0.discPercent");
    expect(firstIssue({ ...order, lines: [{ product: {}, qty: 1 }] }).message).toMatch(
      /id, extProductCode, sku/,
    );
  });

  it("an order update needs a target and a change", () => {
    expect(firstIssue({ kind: "UpdateOrder", order: {}, status: "Lunas" }).message).toMatch(
      /id or extOrderNo/,
    );
    expect(firstIssue({ kind: "UpdateOrder", order: { id: 3 } }).message).toMatch(/at least one of/);
    expect(firstIssue({ kind: "UpdateOrder", order: { id: 3 }, status: "Paid" }).path).toBe("status");
  });

  it("holds every field to a length a value can be stored and sent with (FIELD_LIMITS)", () => {
    const visit = { kind: "CreateVisit", date: "2026-11-30" };
    expect(firstIssue({ ...visit, customer: { extCustNo: "C".repeat(256) } })).toEqual({
      path: "customer.extCustNo",
      message: "must be at most 255 characters",
    });
    expect(firstIssue({ ...visit, customer: { name: "T".repeat(256), address: "Jl. 1" } }).path).toBe(
      "customer.name",
    );
    expect(firstIssue({ ...visit, customer: { id: 2 ** 53 } }).path).toBe("customer.id");
    expect(firstIssue({ ...visit, customer: { id: 1 }, teamId: 2 ** 53 + 2 }).path).toBe("teamId");
  });

  it("refuses amounts a double cannot hold and orders too large to store", () => {
    const order = { kind: "CreateOrder", customer: { id: 1 }, date: "2026-11-30" };
    const line = { product: { sku: "X" }, qty: 1 };
    expect(firstIssue({ ...order, lines: [{ ...line, price: 2 ** 60 }] }).path).toBe("lines.0.price");
    expect(firstIssue({ ...order, lines: Array(1001).fill(line) }).message).toMatch(/at most 1000 lines/);
    const long = { ...line, description: "d".repeat(2000) };
    expect(firstIssue({ ...order, lines: Array(200).fill(long) }).message).toMatch(
      `larger than ${MAX_COMMAND_BYTES} bytes`,
    );
  });
});

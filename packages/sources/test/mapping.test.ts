import type * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { HookConfig, Transform } from "../src/config/hooks.ts";
import { UnusableEventError } from "../src/errors.ts";
import { buildCommand, readPath, resolveDedupKey } from "../src/mapping/index.ts";
import { applyTransform, coerce, TransformError } from "../src/mapping/transforms.ts";
import { hookContext, inboundRequest, thrown } from "./signed-provider-helpers.ts";

const JAKARTA = { timeZone: "Asia/Jakarta" };

describe("readPath", () => {
  const source = {
    answers: { email: "a@b.id", "E-mail addr.": "x@y.id" },
    items: [{ sku: "A", tags: ["t1", "t2"] }],
    items__sku: "A,B",
    "order.no": "SO-1",
    nested: { "dotted.key": { deep: 5 } },
  };
  it.each([
    ["answers.email", "a@b.id"],
    ["answers.E-mail addr.", "x@y.id"],
    ["items[0].sku", "A"],
    ["items.0.sku", "A"],
    ["items[0].tags[1]", "t2"],
    ["items__sku", "A,B"],
    ["order.no", "SO-1"],
    ["nested.dotted.key.deep", 5],
    ["answers.missing", undefined],
    ["items[3].sku", undefined],
    ["constructor", undefined],
    ["answers.__proto__", undefined],
    ["", source],
  ])("%s", (path, expected) => {
    expect(readPath(source, path)).toEqual(expected);
  });
});

describe("transforms", () => {
  const cases: [Transform, unknown, unknown][] = [
    ["trim", "  Toko  ", "Toko"],
    ["lowercase", "BUDI@X.ID", "budi@x.id"],
    ["uppercase", "sku-1", "SKU-1"],
    ["trim", ["  a ", "b  "], ["a", "b"]],
    ["phone", "0812-3456-7890", "+6281234567890"],
    ["phone", "+62 812 3456 7890", "+6281234567890"],
    ["phone", "6281234567890", "+6281234567890"],
    ["number", "1.250,50", 1250.5],
    ["number", "1,250.50", 1250.5],
    ["number", "1250.5", 1250.5],
    ["number", "1250,5", 1250.5],
    ["number", "1.250", 1250],
    ["number", "1,250", 1250],
    ["number", "0.125", 0.125],
    ["number", "1.250.000", 1250000],
    ["number", "Rp 15.000", 15000],
    ["number", "Rp 15.000,-", 15000],
    ["number", "Rp. 1.250.000,00", 1250000],
    ["number", "-3", -3],
    ["number", 7, 7],
    ["integer", "12", 12],
    ["integer", "1.000", 1000],
    ["boolean", "true", true],
    ["boolean", "Yes", true],
    ["boolean", "1", true],
    ["boolean", "ya", true],
    ["boolean", "on", true],
    ["boolean", "tidak", false],
    ["boolean", "0", false],
    ["email", " Budi@Toko.CO.ID ", "budi@toko.co.id"],
    [{ date: {} }, "2026-03-25", "2026-03-25"],
    [{ date: {} }, "25/03/2026", "2026-03-25"],
    [{ date: {} }, "2026-03-25T10:00", "2026-03-25"],
    [{ date: {} }, "2026-03-01T20:00:00Z", "2026-03-02"],
    [{ date: {} }, "2026-03-01T20:00:00+0000", "2026-03-02"],
    [{ date: { timeZone: "UTC" } }, "2026-03-01T20:00:00Z", "2026-03-01"],
    [{ date: { formats: ["MM/DD/YYYY"] } }, "03/25/2026", "2026-03-25"],
    [{ date: { formats: ["D-M-YYYY HH:mm"] } }, "5-3-2026 14:30", "2026-03-05"],
    [{ date: { formats: ["YYYY.MM.DD"] } }, "2026.03.25", "2026-03-25"],
    [{ date: {} }, { month: "03", day: "28", year: "2026" }, "2026-03-28"],
    [{ split: "," }, "kopi, gula,,teh", ["kopi", "gula", "teh"]],
    [{ split: ";" }, ["a;b", "c"], ["a", "b", "c"]],
    [{ map: { paid: "Lunas", unpaid: "Baru" } }, "paid", "Lunas"],
    [{ map: { Paid: "Lunas" } }, " paid ", "Lunas"],
  ];
  it.each(cases)("%j on %j → %j", (transform, input, expected) => {
    expect(applyTransform(input, transform, JAKARTA)).toEqual(expected);
  });

  const failures: [Transform, unknown, RegExp][] = [
    ["phone", "12", /phone "12"/],
    ["phone", "+1 415 555 0100", /Indonesian/],
    ["number", "abc", /expected a number.*"abc"/],
    ["number", "1.2.3", /expected a number/],
    ["integer", "1,5", /whole number/],
    ["boolean", "maybe", /"maybe"/],
    ["email", "not-an-email", /e-mail address/],
    [{ date: {} }, "31/02/2026", /expected a date/],
    [{ date: {} }, "03/25/2026", /expected a date as ISO 8601 or "DD\/MM\/YYYY"/],
    [{ map: { paid: "Lunas" } }, "refunded", /expected one of "paid", got "refunded"/],
    ["trim", { a: 1 }, /expected text/],
  ];
  it.each(failures)("%j rejects %j", (transform, input, message) => {
    expect(() => applyTransform(input, transform, JAKARTA)).toThrow(TransformError);
    expect(() => applyTransform(input, transform, JAKARTA)).toThrow(message);
  });

  it.each([
    ["number", "12", 12],
    ["integer", 5, 5],
    ["string", 42, "42"],
    ["boolean", "yes", true],
    ["date", "25/03/2026", "2026-03-25"],
    ["phone", "0812 3456 7890", "+6281234567890"],
    ["list", "a, b", ["a", "b"]],
    ["list", [1, "x"], ["1", "x"]],
    ["discount", 5, "5"],
    ["discount", "10% + 5%", "10+5"],
    ["orderStatus", "lunas", "Lunas"],
  ] as const)("coerces to %s: %j → %j", (type, input, expected) => {
    expect(coerce(input, type, JAKARTA)).toEqual(expected);
  });
});

type HookInput = v.InferInput<typeof HookConfig>;

const visitHook: HookInput = {
  id: "visits",
  source: "zapier",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "api-key", secrets: ["k"] },
  customerPolicy: "match-or-create",
  mapping: {
    "customer.extCustNo": "cust_no",
    "customer.phone": { from: ["mobile", "phone"] },
    "customer.tags": { from: "tags", transform: { split: "|" } },
    date: "visit_date",
    teamId: { from: "team", default: 24728 },
  },
};

describe("buildCommand", () => {
  it("maps, coerces, applies the customer policy and the action", () => {
    const context = hookContext(visitHook, []);
    const command = buildCommand(
      { cust_no: "C-1", phone: "0812-3456-7890", mobile: "", tags: "vip|grosir", visit_date: "25/03/2026" },
      context,
    );
    expect(command).toEqual({
      kind: "CreateVisit",
      customer: { extCustNo: "C-1", phone: "+6281234567890", tags: ["vip", "grosir"], createIfMissing: true },
      date: "2026-03-25",
      teamId: 24728,
    });
  });

  it("uses const over the payload", () => {
    const context = hookContext(
      { ...visitHook, mapping: { ...visitHook.mapping, teamId: { const: 99 } } },
      [],
    );
    const command = buildCommand({ cust_no: "C-1", visit_date: "2026-03-25", team: "5" }, context);
    expect(command).toMatchObject({ teamId: 99 });
  });

  it("names the command field and the source path when a value cannot be converted", () => {
    const context = hookContext(visitHook, []);
    const error = thrown(UnusableEventError, () =>
      buildCommand({ cust_no: "C-1", phone: "12", visit_date: "2026-03-25" }, context),
    );
    expect(error.field).toBe("customer.phone");
    expect(error.code).toBe("invalid_field");
    expect(error.message).toContain('from source path "phone"');
  });

  it("names a missing required field and the path it was mapped from", () => {
    const context = hookContext(visitHook, []);
    const error = thrown(UnusableEventError, () => buildCommand({ cust_no: "C-1" }, context));
    expect(error.field).toBe("date");
    expect(error.code).toBe("missing_field");
    expect(error.message).toBe(
      'date is required for CreateVisit (from source path "visit_date" (absent or empty))',
    );
  });

  it("explains an unidentifiable customer with the customer fields it tried", () => {
    const context = hookContext(visitHook, []);
    const error = thrown(UnusableEventError, () => buildCommand({ visit_date: "2026-03-25" }, context));
    expect(error.field).toBe("customer");
    expect(error.message).toContain("a customer needs one of");
    expect(error.message).toContain('customer.phone from source path "mobile" or "phone" (absent or empty)');
  });

  const orderHook: HookInput = {
    id: "orders",
    source: "zapier",
    connection: "demo",
    action: "CreateOrder",
    auth: { scheme: "api-key", secrets: ["k"] },
    mapping: { extOrderNo: "order_no", "customer.extCustNo": "cust" },
    lines: { from: "items", mapping: { "product.sku": "sku", qty: "qty", price: "price" } },
  };
  const expectedLines = [
    { product: { sku: "A" }, qty: 1, price: 1250.5 },
    { product: { sku: "B" }, qty: 2, price: 300 },
  ];

  it("maps a list of line objects; an order without a date is dated the day it arrived, locally", () => {
    const context = hookContext(orderHook, [], { now: Date.parse("2026-03-01T20:00:00Z") });
    const command = buildCommand(
      {
        order_no: "SO-1",
        cust: "C-1",
        items: [
          { sku: "A", qty: "1", price: "1.250,50" },
          { sku: "B", qty: 2, price: 300 },
        ],
      },
      context,
    );
    expect(command).toEqual({
      kind: "CreateOrder",
      customer: { extCustNo: "C-1", createIfMissing: false },
      date: "2026-03-02",
      extOrderNo: "SO-1",
      lines: expectedLines,
    });
  });

  it("zips Zapier's flattened comma-joined line items", () => {
    const context = hookContext(orderHook, []);
    const command = buildCommand(
      { order_no: "SO-1", cust: "C-1", items__sku: "A,B", items__qty: "1,2", items__price: "1250.5,300" },
      context,
    );
    expect(command).toMatchObject({ lines: expectedLines });
  });

  it("zips unflattened parallel lists and repeated form keys", () => {
    const context = hookContext(orderHook, []);
    const command = buildCommand(
      { order_no: "SO-1", cust: "C-1", items: { sku: ["A", "B"], qty: "1,2", price: ["1250.5", "300"] } },
      context,
    );
    expect(command).toMatchObject({ lines: expectedLines });
  });

  it.each([
    {
      name: "refuses parallel lists of different lengths, naming each",
      source: { order_no: "SO-1", cust: "C-1", items__sku: "A,B", items__qty: "1" },
      field: "lines",
      message: '"items__sku" (2), "items__qty" (1)',
    },
    {
      name: "names a line field by its index and the source path with the value's position",
      source: { order_no: "SO-1", cust: "C-1", items__sku: "A,B", items__qty: "1,x" },
      field: "lines[1].qty",
      message: "items__qty (value 2)",
    },
    {
      name: "says an order needs lines when the list is absent",
      source: { order_no: "SO-1", cust: "C-1" },
      field: "lines",
      message: 'an order needs at least one line (from source path "items"',
    },
  ])("$name", ({ source, field, message }) => {
    const context = hookContext(orderHook, []);
    const error = thrown(UnusableEventError, () => buildCommand(source, context));
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });
});

describe("resolveDedupKey", () => {
  const context = hookContext(visitHook, []);
  const source = { cust_no: "C-1", visit_date: "2026-03-25", event_ref: "evt-9" };
  const command = buildCommand(source, context);
  const request = (headers: Record<string, string> = {}) => inboundRequest("{}", headers);

  it("prefers the provider's id", () => {
    expect(
      resolveDedupKey({
        context,
        request: request({ "idempotency-key": "k1" }),
        command,
        source,
        nativeId: "n1",
      }),
    ).toEqual({ dedupKey: "n1", dedupKeySource: "native" });
  });

  it("then the hook's dedup.field", () => {
    const withField = hookContext({ ...visitHook, dedup: { field: "event_ref" } }, []);
    expect(
      resolveDedupKey({ context: withField, request: request({ "idempotency-key": "k1" }), command, source }),
    ).toEqual({ dedupKey: "evt-9", dedupKeySource: "native" });
  });

  it("then the Idempotency-Key header", () => {
    expect(
      resolveDedupKey({ context, request: request({ "idempotency-key": " k1 " }), command, source }),
    ).toEqual({
      dedupKey: "k1",
      dedupKeySource: "idempotency-key",
    });
  });

  it("refuses an Idempotency-Key with spaces", () => {
    const error = thrown(UnusableEventError, () =>
      resolveDedupKey({ context, request: request({ "idempotency-key": "a b" }), command, source }),
    );
    expect(error.field).toBe("Idempotency-Key");
  });

  it("else a visit's business key: customer, date and team", () => {
    expect(resolveDedupKey({ context, request: request(), command, source })).toEqual({
      dedupKey: "visit:ext:C-1:2026-03-25:team:24728",
      dedupKeySource: "business-key",
    });
  });

  it("an order's business key is its extOrderNo", () => {
    expect(
      resolveDedupKey({
        context,
        request: request(),
        command: {
          kind: "CreateOrder",
          customer: { extCustNo: "C-1", createIfMissing: false },
          date: "2026-03-25",
          lines: [{ product: { sku: "A" }, qty: 1 }],
          extOrderNo: "SO-1",
        },
        source,
      }),
    ).toEqual({ dedupKey: "order:SO-1", dedupKeySource: "business-key" });
  });

  it("an update's key changes with the change, not with key order", () => {
    const key = (change: object) =>
      resolveDedupKey({
        context,
        request: request(),
        command: { kind: "UpdateOrder", order: { extOrderNo: "SO-1" }, ...change },
        source,
      }).dedupKey;
    expect(key({ status: "Lunas", totalPaid: 10 })).toBe(key({ totalPaid: 10, status: "Lunas" }));
    expect(key({ status: "Lunas" })).not.toBe(key({ status: "Batal" }));
    expect(key({ status: "Lunas" })).toMatch(/^order-update:ext:SO-1:[0-9a-f]{16}$/);
  });

  it("a customer upsert's key is its extCustNo plus a hash of the data", () => {
    const key = (name: string) =>
      resolveDedupKey({
        context,
        request: request(),
        command: { kind: "UpsertCustomer", extCustNo: "C-1", name },
        source,
      }).dedupKey;
    expect(key("Toko A")).toMatch(/^customer:C-1:[0-9a-f]{16}$/);
    expect(key("Toko A")).not.toBe(key("Toko B"));
  });

  it("without any, says how to add one", () => {
    const withField = hookContext({ ...visitHook, dedup: { field: "ref" } }, []);
    const error = thrown(UnusableEventError, () =>
      resolveDedupKey({
        context: withField,
        request: request(),
        command: {
          kind: "CreateOrder",
          customer: { extCustNo: "C-1", createIfMissing: false },
          date: "2026-03-25",
          lines: [{ product: { sku: "A" }, qty: 1 }],
        },
        source,
      }),
    );
    expect(error.code).toBe("missing_dedup_key");
    expect(error.message).toContain("Idempotency-Key header");
    expect(error.message).toContain('dedup.field "ref" is absent or empty');
  });
});

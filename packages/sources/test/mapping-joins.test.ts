// Mapping features for hand-written hooks: joined fields (templates), Zapier/Make's flattened keys, and
// order lines from one quantity field per product.
import type * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { HookConfig } from "../src/config/hooks.ts";
import { parseConfig } from "../src/config/index.ts";
import { UnusableEventError } from "../src/errors.ts";
import { buildCommand } from "../src/mapping/index.ts";
import { parseTemplate, renderTemplate, TemplateSyntaxError } from "../src/mapping/template.ts";
import { hookContext, thrown } from "./signed-provider-helpers.ts";

type HookInput = v.InferInput<typeof HookConfig>;

const render = (template: string, values: Record<string, unknown>) =>
  renderTemplate(parseTemplate(template), (path) => values[path]);

describe("templates", () => {
  it.each([
    ["{{first_name}} {{last_name}}", { first_name: "Budi", last_name: "Santoso" }, "Budi Santoso"],
    ["{{first_name}} {{last_name}}", { first_name: "Budi" }, "Budi"],
    ["{{first_name}} {{last_name}}", { last_name: "  Santoso " }, "Santoso"],
    ["{{street}}, {{city}}", { city: "Jakarta" }, "Jakarta"],
    ["{{a}} / {{b}} / {{c}}", { a: "A", c: "C" }, "A / C"],
    ["Toko {{ name }} ({{city}})", { name: "Makmur", city: "Bogor" }, "Toko Makmur (Bogor)"],
    ["Toko {{name}} ({{city}})", { name: "Makmur" }, "Toko Makmur"],
    ["Toko {{name}} ({{city}})", { city: "Bogor" }, "Bogor)"],
    ["{{n}} pcs", { n: 12 }, "12 pcs"],
    ["{{tags}}", { tags: ["a", "", "b"] }, "a, b"],
    ["{{a}} {{b}}", { a: "", b: null }, undefined],
    ["Toko {{name}}", {}, undefined],
  ])("%s with %j → %j", (template, values, expected) => {
    expect(render(template, values)).toBe(expected);
  });

  it.each([
    ["{{first_name} {{last_name}}", /at character 1: expected a source path/],
    ["{{first_name", /"\{\{" at character 1 is never closed/],
    ["{{ }}", /expected a source path/],
    ["plain text", /no placeholder/],
  ])("refuses %j", (template, message) => {
    expect(() => parseTemplate(template)).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate(template)).toThrow(message);
  });

  it("parses hostile templates in linear time (no backtracking): a long run of braces", () => {
    const parts = parseTemplate(`${"{{a}}".repeat(20_000)}${"x".repeat(100_000)}`);
    expect(parts).toHaveLength(20_001);
    expect(() => parseTemplate(`{{${"{".repeat(200_000)}`)).toThrow(TemplateSyntaxError);
  });

  it("refuses an object in a placeholder, naming the field and the template", () => {
    const context = hookContext(
      {
        id: "customers",
        source: "zapier",
        connection: "demo",
        action: "UpsertCustomer",
        auth: { scheme: "api-key", secrets: ["k"] },
        mapping: { extCustNo: "code", name: { template: "{{first}} {{last}}" } },
      },
      [],
    );
    expect(buildCommand({ code: "C-1", first: "Budi", last: "Santoso" }, context)).toMatchObject({
      name: "Budi Santoso",
    });
    const error = thrown(UnusableEventError, () => buildCommand({ code: "C-1", first: { x: 1 } }, context));
    expect(error.field).toBe("name");
    expect(error.message).toContain('template placeholder "{{first}}"');
    expect(error.message).toContain('the template "{{first}} {{last}}"');
    // Nothing at all: the field is absent (here required), named with the template.
    const absent = thrown(UnusableEventError, () => buildCommand({ code: "C-1" }, context));
    expect(absent.message).toBe(
      'name is required for UpsertCustomer (from the template "{{first}} {{last}}")',
    );
  });

  it("is checked when the configuration loads", () => {
    const hook = (rule: unknown) => ({
      id: "customers",
      source: "zapier",
      connection: "demo",
      action: "UpsertCustomer",
      auth: { scheme: "api-key", secrets: ["k"] },
      mapping: { extCustNo: "code", name: rule },
    });
    const problems = (rule: unknown) => {
      try {
        parseConfig({ connections: [{ id: "demo", secret: "s" }], hooks: [hook(rule)] }, "test");
        return [];
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
    };
    expect(problems({ template: "{{first} {{last}}" })).toEqual([
      'hooks[0].mapping["name"].template: "{{first} {{last}}" at character 1: expected a source path between "{{" and "}}"',
    ]);
    expect(problems({ template: "{{a}}", from: "b" })).toEqual([
      'hooks[0].mapping["name"]: a rule with "template" reads its paths from the template; remove "from"/"const"',
    ]);
    expect(problems({ template: "{{a}} {{b}}", default: "Tanpa nama" })).toEqual([]);
  });
});

const zapierOrderHook = (lines: HookInput["lines"], source: "zapier" | "make" = "zapier"): HookInput => ({
  id: "orders",
  source,
  connection: "demo",
  action: "CreateOrder",
  auth: { scheme: "api-key", secrets: ["k"] },
  mapping: { extOrderNo: "order.no", "customer.extCustNo": "customer.code", date: "order.date" },
  lines,
});

describe("flattened keys (Zapier, Make)", () => {
  const lines = { from: "items", mapping: { "product.sku": "product.sku", qty: "qty" } };
  const flat = {
    order__no: "SO-9",
    order__date: "2026-03-25",
    customer__code: "C-1",
    items__product__sku: "A,B",
    items__qty: "1,2",
  };

  it("reads customer__code where customer.code is mapped, in lines too, with the flag the sources set", () => {
    const command = buildCommand(flat, hookContext(zapierOrderHook(lines), []), { flattenedKeys: true });
    expect(command).toMatchObject({
      extOrderNo: "SO-9",
      customer: { extCustNo: "C-1" },
      date: "2026-03-25",
      lines: [
        { product: { sku: "A" }, qty: 1 },
        { product: { sku: "B" }, qty: 2 },
      ],
    });
  });

  it("prefers the nested value, and reads no flattened key without the flag", () => {
    const both = { ...flat, customer: { code: "NESTED" } };
    const command = buildCommand(both, hookContext(zapierOrderHook(lines), []), { flattenedKeys: true });
    expect(command).toMatchObject({ customer: { extCustNo: "NESTED" } });
    const error = thrown(UnusableEventError, () =>
      buildCommand(flat, hookContext(zapierOrderHook(lines), [])),
    );
    expect(error.message).toContain('customer.extCustNo from source path "customer.code" (absent or empty)');
  });
});

describe("order lines from one quantity field per product", () => {
  const products = {
    products: [
      { code: "KOPI-250", qty: "Kopi 250 g" },
      { code: "TEH-100", qty: "Teh 100 g" },
      { code: "GULA-1", qty: "Gula 1 kg" },
    ],
    mapping: { unit: { const: "PCS" } },
  };
  const order = { order: { no: "SO-1", date: "2026-03-25" }, customer: { code: "C-1" } };

  it("makes a line per filled quantity; empty and 0 make none", () => {
    const command = buildCommand(
      { ...order, "Kopi 250 g": "3", "Teh 100 g": 0, "Gula 1 kg": "" },
      hookContext(zapierOrderHook(products), []),
    );
    expect(command).toMatchObject({
      lines: [{ product: { extProductCode: "KOPI-250" }, qty: 3, unit: "PCS" }],
    });
  });

  it("uses the product key named by codeField", () => {
    const command = buildCommand(
      { ...order, "Kopi 250 g": 1, "Teh 100 g": "2" },
      hookContext(zapierOrderHook({ ...products, codeField: "sku" }), []),
    );
    expect(command).toMatchObject({
      lines: [
        { product: { sku: "KOPI-250" }, qty: 1 },
        { product: { sku: "TEH-100" }, qty: 2 },
      ],
    });
  });

  it("refuses an order with no quantity filled, and a quantity that is not a number, naming the field", () => {
    const context = hookContext(zapierOrderHook(products), []);
    const none = thrown(UnusableEventError, () => buildCommand({ ...order, "Kopi 250 g": "0" }, context));
    expect(none.field).toBe("lines");
    expect(none.message).toContain('the quantity fields "Kopi 250 g", "Teh 100 g", "Gula 1 kg"');
    const bad = thrown(UnusableEventError, () => buildCommand({ ...order, "Teh 100 g": "dua" }, context));
    expect(bad.field).toBe("lines[1].qty");
    expect(bad.message).toContain('source path "Teh 100 g"');
  });

  it("refuses a lines.mapping that would set the product or quantity", () => {
    expect(() =>
      parseConfig(
        {
          connections: [{ id: "demo", secret: "s" }],
          hooks: [zapierOrderHook({ ...products, mapping: { qty: { const: 1 } } })],
        },
        "test",
      ),
    ).toThrow('hooks[0].lines.mapping["qty"]: set by each entry of products');
  });
});

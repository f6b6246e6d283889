// The mapping tables (mapping/fields.ts) are tied to the command schema: by the compiler (a field the
// command lacks, or a coercion its value cannot take, does not compile) and here, at run time, by building
// each mapped field into a command the schema accepts and keeps.
import { type ActionKind, Command, type CreateVisit, type OrderLineCommand } from "@smx/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  COMMAND_FIELDS,
  type FieldTable,
  type FieldType,
  type FieldTypes,
  LINE_FIELDS,
} from "../src/mapping/fields.ts";
import { readPath, writePath } from "../src/mapping/path.ts";

const SAMPLE: Record<FieldType, unknown> = {
  string: "X-1",
  number: 1.5,
  integer: 7,
  boolean: true,
  date: "2026-03-02",
  phone: "+6281234567890",
  email: "budi@example.co.id",
  list: ["a", "b"],
  discount: "5+2",
  orderStatus: "Diproses",
};

const LINE = { product: { sku: "SKU-1" }, qty: 1 };
const BASE: Record<ActionKind, Record<string, unknown>> = {
  CreateVisit: { kind: "CreateVisit", customer: { extCustNo: "C-1" }, date: "2026-03-02" },
  CreateOrder: { kind: "CreateOrder", customer: { extCustNo: "C-1" }, date: "2026-03-02", lines: [LINE] },
  UpdateOrder: { kind: "UpdateOrder", order: { id: 1 }, status: "Baru" },
  UpsertCustomer: { kind: "UpsertCustomer", extCustNo: "C-1", name: "Toko" },
};

/**
 * `base` (copied) with `value` written at `field`; a coordinate comes with its pair, as a location needs
 * both.
 */
function withField(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const draft = structuredClone(base);
  const pair = /^(.*)\.(lat|lon)$/.exec(field);
  if (pair !== null) writePath(draft, `${pair[1]}.${pair[2] === "lat" ? "lon" : "lat"}`, 0);
  writePath(draft, field, value);
  return draft;
}

describe("command field tables", () => {
  it.each(Object.keys(COMMAND_FIELDS) as ActionKind[])(
    "%s: every field reaches a valid command",
    (action) => {
      const fields: FieldTypes = COMMAND_FIELDS[action];
      for (const [field, type] of Object.entries(fields)) {
        if (type === undefined) continue;
        const value = SAMPLE[type];
        const parsed = v.safeParse(Command, withField(BASE[action], field, value));
        expect(parsed.success, `${action}.${field}`).toBe(true);
        expect(readPath(parsed.output, field), `${action}.${field}`).toEqual(value);
      }
    },
  );

  it("order lines: every field reaches a valid line", () => {
    for (const [field, type] of Object.entries(LINE_FIELDS)) {
      const line = withField(LINE, field, SAMPLE[type]);
      const parsed = v.safeParse(Command, withField(BASE.CreateOrder, "lines", [line]));
      expect(parsed.success, field).toBe(true);
      expect(readPath(parsed.output, `lines.0.${field}`), field).toEqual(SAMPLE[type]);
    }
  });

  it("does not compile with a field the command lacks or a coercion its value cannot take", () => {
    const tables = [
      // @ts-expect-error a misspelt field
      { "customer.extCustNoo": "string" } as const satisfies FieldTable<CreateVisit>,
      // @ts-expect-error a date coerced to a number
      { date: "number" } as const satisfies FieldTable<CreateVisit>,
      // @ts-expect-error a quantity read as a list
      { qty: "list" } as const satisfies FieldTable<OrderLineCommand>,
      // @ts-expect-error createIfMissing comes from the hook's customer policy, never from the mapping
      { "customer.createIfMissing": "boolean" } as const satisfies FieldTable<CreateVisit>,
    ];
    expect(tables).toHaveLength(4);
  });
});

// Order lines: from a list in the payload (JSON objects, or Zapier's parallel lists zipped into objects), or
// from separate quantity fields, one per product (docs/mapping.md#order-lines).
import { excerpt } from "@smx/core";
import type { HookContext } from "../adapter.ts";
import type { ListLines, ProductLines } from "../config/hooks.ts";
import { UnusableEventError } from "../errors.ts";
import { LINE_FIELDS } from "./fields.ts";
import { applyMapping, MAX_PROBLEMS, type MappingContext, type Origins, readerOf } from "./rules.ts";

interface LineSource {
  item: unknown;
  label: (path: string) => string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Zapier sends line items as parallel lists: `items__sku=A,B&items__qty=1,2` (flat) or, unflattened,
 * `{items: {sku: "A,B", qty: "1,2"}}`. Zip the columns into one object per line.
 */
function zipColumns(columns: [name: string, label: string, value: unknown][]): LineSource[] {
  const lists = columns.map(([name, label, value]) => {
    const list = Array.isArray(value)
      ? value
      : typeof value === "string"
        ? value.split(",").map((s) => s.trim())
        : [value];
    return { name, label, list };
  });
  const length = Math.max(0, ...lists.map((c) => c.list.length));
  const uneven = lists.filter((c) => c.list.length !== length);
  if (uneven.length > 0) {
    const counts = lists
      .slice(0, MAX_PROBLEMS)
      .map((c) => `"${excerpt(c.label)}" (${c.list.length})`)
      .join(", ");
    throw new UnusableEventError(
      `lines: the parallel lists ${counts} must all have the same number of values (a value containing a comma splits in two)`,
      { field: "lines", code: "invalid_field" },
    );
  }
  return Array.from({ length }, (_, i) => ({
    item: Object.fromEntries(lists.map((c) => [c.name, c.list[i]])),
    label: (path: string) => {
      const column = lists.find((c) => c.name === path);
      return column === undefined ? path : `${column.label} (value ${i + 1})`;
    },
  }));
}

function lineSources(source: unknown, from: string, read: (path: string) => unknown): LineSource[] {
  const value = read(from);
  if (Array.isArray(value))
    return value.map((item, i) => ({ item, label: (path) => `${from}[${i}].${path}` }));
  if (isRecord(value)) return zipColumns(Object.entries(value).map(([k, v]) => [k, `${from}.${k}`, v]));
  if (value === undefined && isRecord(source)) {
    const prefix = `${from}__`;
    const flat = Object.entries(source).filter(([k]) => k.startsWith(prefix) && k.length > prefix.length);
    return zipColumns(flat.map(([k, v]) => [k.slice(prefix.length), k, v]));
  }
  return [];
}

/** Lines from a list at `from`, each element mapped by `mapping` relative to it. */
function listLines(lines: ListLines, input: LinesInput): Record<string, unknown>[] {
  input.origins.set("lines", `source path "${lines.from}" (absent, empty or not a list)`);
  return lineSources(input.source, lines.from, readerOf(input.source, input.flattenedKeys)).map((line, i) =>
    applyMapping(
      lines.mapping,
      LINE_FIELDS,
      { read: readerOf(line.item, input.flattenedKeys), label: line.label, prefix: `lines[${i}].` },
      input.mapping,
      input.origins,
    ),
  );
}

/**
 * Lines from separate fields, for forms without repeatable groups (Tally: one quantity question per
 * product): one line per listed product whose quantity field is filled and not 0.
 */
function productLines(lines: ProductLines, input: LinesInput): Record<string, unknown>[] {
  const codeField = lines.codeField ?? "extProductCode";
  input.origins.set(
    "lines",
    `the quantity fields ${lines.products.map((p) => `"${p.qty}"`).join(", ")} (all absent, empty or 0)`,
  );
  const read = readerOf(input.source, input.flattenedKeys);
  return lines.products.flatMap((product, i) => {
    const line = applyMapping(
      { ...lines.mapping, [`product.${codeField}`]: { const: product.code }, qty: product.qty },
      LINE_FIELDS,
      { read, label: (path) => path, prefix: `lines[${i}].` },
      input.mapping,
      input.origins,
    );
    return line.qty === undefined || line.qty === 0 ? [] : [line];
  });
}

interface LinesInput {
  source: unknown;
  context: HookContext;
  mapping: MappingContext;
  origins: Origins;
  flattenedKeys: boolean;
}

/** The order lines a hook's `lines` makes of one payload (none for hooks without lines). */
export function buildLines(input: LinesInput): Record<string, unknown>[] {
  const lines = input.context.hook.lines;
  if (lines === undefined) return [];
  return "products" in lines ? productLines(lines, input) : listLines(lines, input);
}

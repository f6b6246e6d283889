// Payload → canonical command, driven by the hook's mapping. Every value remembers where it came from, so a
// 422 names both the command field at fault and the source path the user mapped it from.
import { Command, excerpt, issueMessage } from "@smx/core";
import { isoDateInZone } from "@smx/salesmania";
import * as v from "valibot";
import type { HookContext } from "../adapter.ts";
import type { Mapping, MappingRule, Transform } from "../config/hooks.ts";
import { UnusableEventError } from "../errors.ts";
import { COMMAND_FIELDS, type FieldType, type FieldTypes, LINE_FIELDS } from "./fields.ts";
import { issuePath, readPath, writePath } from "./path.ts";
import { applyTransform, coerce, isEmpty, type TransformContext, TransformError } from "./transforms.ts";

/** Problems named in one message; an order of a thousand bad lines is summed up, not listed. */
const MAX_PROBLEMS = 5;

/** Command field path (`lines[0].qty`) → where its value came from, in words. */
type Origins = Map<string, string>;

interface Scope {
  /** Where paths are read from. */
  source: unknown;
  /** How a source path is shown in messages (`items[0].sku` for a line). */
  label: (path: string) => string;
  /** Prefix of the command fields being built (`lines[0].`), for messages and origins. */
  prefix: string;
}

function quoted(paths: readonly string[]): string {
  return paths.map((p) => `"${p}"`).join(" or ");
}

function fromPaths(rule: MappingRule): string[] {
  if (typeof rule === "string") return [rule];
  if (rule.from === undefined) return [];
  return typeof rule.from === "string" ? [rule.from] : rule.from;
}

function transformsOf(rule: MappingRule): Transform[] {
  if (typeof rule === "string" || rule.transform === undefined) return [];
  return Array.isArray(rule.transform) ? rule.transform : [rule.transform];
}

/** One mapped field's value (undefined when absent and without default), recording its origin. */
function evaluate(
  field: string,
  rule: MappingRule,
  type: FieldType,
  scope: Scope,
  context: TransformContext,
  origins: Origins,
): unknown {
  const target = `${scope.prefix}${field}`;
  const paths = fromPaths(rule);
  let value: unknown;
  let origin = `source path ${quoted(paths.map(scope.label))} (absent or empty)`;
  if (typeof rule === "object" && rule.const !== undefined) {
    value = rule.const;
    origin = "a constant in the mapping";
  } else {
    const path = paths.find((p) => !isEmpty(readPath(scope.source, p)));
    if (path !== undefined) {
      value = readPath(scope.source, path);
      origin = `source path "${scope.label(path)}"`;
    }
  }
  const fail = (error: unknown): never => {
    if (!(error instanceof TransformError)) throw error;
    throw new UnusableEventError(`${target}: ${error.message} (from ${origin})`, {
      field: target,
      code: "invalid_field",
    });
  };
  if (!isEmpty(value)) {
    try {
      for (const transform of transformsOf(rule)) value = applyTransform(value, transform, context);
      if (!isEmpty(value)) value = coerce(value, type, context);
    } catch (error) {
      fail(error);
    }
  }
  if (isEmpty(value) && typeof rule === "object" && rule.default !== undefined) {
    origin = "the mapping's default";
    try {
      value = coerce(rule.default, type, context);
    } catch (error) {
      fail(error);
    }
  }
  origins.set(target, origin);
  return isEmpty(value) ? undefined : value;
}

function applyMapping(
  mapping: Mapping,
  fields: FieldTypes,
  scope: Scope,
  context: TransformContext,
  origins: Origins,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(mapping)) {
    // Unknown targets are rejected when the configuration loads; typing them as text keeps this total.
    const value = evaluate(field, rule, fields[field] ?? "string", scope, context, origins);
    if (value !== undefined) writePath(out, field, value);
  }
  return out;
}

// --- order lines ---------------------------------------------------------------------------------------------

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

function lineSources(source: unknown, from: string): LineSource[] {
  const value = readPath(source, from);
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

function buildLines(source: unknown, context: HookContext, origins: Origins): Record<string, unknown>[] {
  const lines = context.hook.lines;
  if (lines === undefined) return [];
  origins.set("lines", `source path "${lines.from}" (absent, empty or not a list)`);
  return lineSources(source, lines.from).map((line, i) =>
    applyMapping(
      lines.mapping,
      LINE_FIELDS,
      { source: line.item, label: line.label, prefix: `lines[${i}].` },
      context,
      origins,
    ),
  );
}

// --- validation ------------------------------------------------------------------------------------------------

/** Why a field is what it is: its own origin, or the origins of the mapped fields under it. */
function explain(path: string, origins: Origins): string {
  const own = origins.get(path);
  if (own !== undefined) return `from ${own}`;
  const under = [...origins].filter(
    ([field]) => field.startsWith(`${path}.`) || field.startsWith(`${path}[`),
  );
  if (under.length > 0)
    return `mapped: ${under.map(([field, origin]) => `${field} from ${origin}`).join("; ")}`;
  return `not mapped: add ${configKeyFor(path)}`;
}

function configKeyFor(field: string): string {
  const line = /^lines\[\d+\]\.(.+)$/.exec(field);
  return line !== null ? `"${line[1]}" to the hook's lines.mapping` : `"${field}" to the hook's mapping`;
}

function validate(draft: Record<string, unknown>, origins: Origins): Command {
  const result = v.safeParse(Command, draft);
  if (result.success) return result.output;
  const problems = result.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = issuePath(issue) || String(draft.kind);
    const missing = issue.input === undefined;
    const what = missing ? `is required for ${String(draft.kind)}` : issueMessage(issue);
    return { path, missing, text: `${path} ${what} (${excerpt(explain(path, origins), 240)})` };
  });
  const more = result.issues.length - problems.length;
  const first = problems[0]!;
  throw new UnusableEventError(
    problems.map((p) => p.text).join("; ") + (more > 0 ? `; and ${more} more` : ""),
    { field: first.path, code: first.missing ? "missing_field" : "invalid_field" },
  );
}

/**
 * The hook's command for one payload: mapped fields, order lines, the action as `kind`, and
 * `customer.createIfMissing` from the customer policy. Throws UnusableEventError naming the command field
 * and the source path it was mapped from.
 */
export function buildCommand(source: unknown, context: HookContext): Command {
  const { hook } = context;
  const origins: Origins = new Map();
  const scope: Scope = { source, label: (p) => p, prefix: "" };
  const draft: Record<string, unknown> = {
    ...applyMapping(hook.mapping, COMMAND_FIELDS[hook.action], scope, context, origins),
    kind: hook.action,
  };
  if (hook.action === "CreateVisit" || hook.action === "CreateOrder") {
    const customer = isRecord(draft.customer) ? draft.customer : {};
    draft.customer = { ...customer, createIfMissing: hook.customerPolicy === "match-or-create" };
  }
  if (hook.action === "CreateOrder") {
    draft.lines = buildLines(source, context, origins);
    if (draft.date === undefined) {
      // An order placed through a form or a zap is dated the day it arrives, in the account's zone.
      draft.date = isoDateInZone(context.now, context.timeZone);
      origins.set("date", "the day the event arrived");
    }
  }
  return validate(draft, origins);
}

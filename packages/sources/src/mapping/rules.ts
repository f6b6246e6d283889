// One mapping rule → one command field's value: read from the source (its paths, a template or a constant),
// transformed, coerced to the field's type, with a default. Every value remembers where it came from, so a
// 422 names both the command field at fault and the source path the user mapped it from.
import type { Mapping, MappingRule, Transform } from "../config/hooks.ts";
import { UnusableEventError } from "../errors.ts";
import type { FieldType, FieldTypes } from "./fields.ts";
import { readPath, writePath } from "./path.ts";
import { parseTemplate, renderTemplate } from "./template.ts";
import {
  applyTransform,
  coerce,
  isEmpty,
  PhoneTransformError,
  type TransformContext,
  TransformError,
} from "./transforms.ts";

/** The transform context of one command: the hook's, plus where notes on dropped values are collected. */
export interface MappingContext extends TransformContext {
  /** What was left out under the hook's policies (a dropped phone), kept with the event. */
  notes: string[];
}

/** Command field path (`lines[0].qty`) → where its value came from, in words. */
export type Origins = Map<string, string>;

export interface Scope {
  /** The value at a source path (with the source's flattened keys: readerOf). */
  read: (path: string) => unknown;
  /** How a source path is shown in messages (`items[0].sku` for a line). */
  label: (path: string) => string;
  /** Prefix of the command fields being built (`lines[0].`), for messages and origins. */
  prefix: string;
}

/** Problems named in one message; an order of a thousand bad lines is summed up, not listed. */
export const MAX_PROBLEMS = 5;

/**
 * How paths are read from `source`. Zapier and Make flatten nested objects into `customer__name`: with
 * `flattenedKeys`, a path with dots that finds nothing is read again as one key with every `.` as `__`.
 */
export function readerOf(source: unknown, flattenedKeys: boolean): (path: string) => unknown {
  if (!flattenedKeys) return (path) => readPath(source, path);
  return (path) => {
    const value = readPath(source, path);
    return value !== undefined || !path.includes(".") ? value : readPath(source, path.replaceAll(".", "__"));
  };
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
  context: MappingContext,
  origins: Origins,
): unknown {
  const target = `${scope.prefix}${field}`;
  const paths = fromPaths(rule);
  let value: unknown;
  let origin = `source path ${quoted(paths.map(scope.label))} (absent or empty)`;
  const fail = (error: unknown): never => {
    if (!(error instanceof TransformError)) throw error;
    throw new UnusableEventError(`${target}: ${error.message} (from ${origin})`, {
      field: target,
      code: "invalid_field",
    });
  };
  if (typeof rule === "object" && rule.const !== undefined) {
    value = rule.const;
    origin = "a constant in the mapping";
  } else if (typeof rule === "object" && rule.template !== undefined) {
    origin = `the template ${JSON.stringify(rule.template)}`;
    try {
      // The template was checked when the configuration loaded; a placeholder's value may still be unusable.
      value = renderTemplate(parseTemplate(rule.template), scope.read);
    } catch (error) {
      fail(error);
    }
  } else {
    const path = paths.find((p) => !isEmpty(scope.read(p)));
    if (path !== undefined) {
      value = scope.read(path);
      origin = `source path "${scope.label(path)}"`;
    }
  }
  if (!isEmpty(value)) {
    try {
      for (const transform of transformsOf(rule)) value = applyTransform(value, transform, context);
      if (!isEmpty(value)) value = coerce(value, type, context);
    } catch (error) {
      if (!droppedByPolicy(error, `${target} (from ${origin})`, context)) fail(error);
      value = undefined;
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

/** A phone the hook's phonePolicy drops: noted, and the field left out instead of refusing the event. */
function droppedByPolicy(error: unknown, where: string, context: MappingContext): boolean {
  if (!(error instanceof PhoneTransformError) || context.phonePolicy?.[error.kind] !== "drop") return false;
  context.notes.push(`${where}: dropped ${error.message} (phonePolicy.${error.kind} is "drop")`);
  return true;
}

export function applyMapping(
  mapping: Mapping,
  fields: FieldTypes,
  scope: Scope,
  context: MappingContext,
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

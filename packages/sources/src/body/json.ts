// JSON bodies. One iterative scan checks the grammar and the limits (nesting depth, length of each string)
// before the platform parser builds the value, so a hostile body is refused in linear time with a message
// that names the limit and where it broke, never a stack overflow. The scan also finds number literals a
// double cannot hold exactly: they reach the mapping as their digits (a string), so an id or an amount is
// refused by name instead of being rounded silently.
import { excerpt } from "@smx/core";
import { LimitExceededError, MalformedBodyError } from "../errors.ts";
import { type JsonScan, Scanner } from "./json-scan.ts";
import { BODY_LIMITS, type BodyLimits } from "./limits.ts";

function dropProtoKeys(key: string, value: unknown): unknown {
  // Later merges (Object.assign) could otherwise set a prototype.
  return key === "__proto__" ? undefined : value;
}

/** A number literal as the string of its digits. */
function quoteImprecise(text: string, spans: readonly [number, number][]): string {
  let out = "";
  let from = 0;
  for (const [start, end] of spans) {
    out += `${text.slice(from, start)}"${text.slice(start, end)}"`;
    from = end;
  }
  return out + text.slice(from);
}

function scan(text: string, limits: BodyLimits, where: string, field?: string): JsonScan {
  const scanner = new Scanner(text, limits);
  const stop = scanner.run();
  if (stop === undefined) return scanner.scan;
  const { line, column } = lineAndColumn(text, stop.offset);
  const at = `line ${line}, column ${column} (position ${stop.offset})`;
  if (stop.limit === "depth")
    throw new LimitExceededError(`${where}: JSON ${stop.reason} at ${at}`, {
      status: 400,
      code: "json_too_deep",
    });
  if (stop.limit === "string") {
    const path = stop.path ? excerpt(stop.path, 120) : "";
    const at = field && path ? `${field}.${path}` : field || path || undefined;
    throw new LimitExceededError(`${where}${path ? ` field ${path}` : ""}: ${stop.reason}`, {
      status: 422,
      code: "field_too_long",
      field: at,
    });
  }
  throw new MalformedBodyError(`${where}: invalid JSON at ${at}: ${stop.reason}`, { field });
}

/**
 * `text` as a JSON value within `limits`: MalformedBodyError (400) for broken JSON, LimitExceededError for a
 * nesting depth (400) or a string (422, naming the field) beyond the limits. `__proto__` keys are dropped.
 */
export function parseJsonText(
  text: string,
  where = "body",
  field?: string,
  limits: BodyLimits = BODY_LIMITS,
): unknown {
  const found = scan(text, limits, where, field);
  const source = found.imprecise.length > 0 ? quoteImprecise(text, found.imprecise) : text;
  return JSON.parse(source, found.protoKey ? dropProtoKeys : undefined);
}

/**
 * The value exactly as `JSON.parse` builds it (numbers rounded, keys kept), or undefined when `text` is not
 * JSON within the limits: for re-serializing a body as a sender's library would.
 */
export function parseJsonPlain(text: string): unknown {
  try {
    scan(text, BODY_LIMITS, "body");
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Where `text` stops being JSON, and why (for files this service reads, such as the configuration). */
export function locateJsonError(text: string): { offset: number; reason: string } {
  const stop = new Scanner(text, {
    maxDepth: Number.POSITIVE_INFINITY,
    maxStringChars: Number.POSITIVE_INFINITY,
  }).run();
  return stop ?? { offset: text.length, reason: "not valid JSON" };
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at >= 0 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

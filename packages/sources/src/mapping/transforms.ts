// Value transforms named in a hook's mapping (docs/mapping.md), plus the coercion every command field gets
// from its type. A transform that cannot handle its input throws TransformError; the mapper turns that
// into a 422 naming the command field and the source path.
import { isoDateInZone, normalizeIndonesianPhone, ORDER_STATUSES } from "@smx/salesmania";
import type { Transform } from "../config/hooks.ts";
import type { FieldType } from "./fields.ts";

export class TransformError extends Error {
  override name = "TransformError";
}

export interface TransformContext {
  /** The hook's effective zone: instants become local dates in it. */
  timeZone: string;
}

/** Empty values count as "not provided": the next source path or the default is used instead. */
export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

function describe(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function asText(value: unknown, expected: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TransformError(`expected ${expected}, got ${describe(value)}`);
}

// --- numbers -------------------------------------------------------------------------------------------

/**
 * "1.250,50" (Indonesian), "1,250.50" (English), "1250.5", "Rp 15.000" → numbers. With both separators the
 * last one is the decimal mark. A single separator followed by exactly three digits, after 1–3 leading
 * digits other than "0", is a thousands separator ("1.250" and "1,250" → 1250; "0.125" → 0.125); any other
 * single separator is the decimal mark ("12,5" → 12.5). Repeated separators are thousands ("1.250.000").
 */
export function parseNumber(value: unknown): number {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    throw new TransformError(`expected a finite number, got ${describe(value)}`);
  }
  const text = asText(value, "a number")
    .replace(/^\s*(rp\.?|idr)\s*/i, "")
    // "Rp 15.000,-": the Indonesian way of writing a whole Rupiah amount.
    .replace(/[.,]-\s*$/, "")
    .replace(/[\s\u00a0]/g, "");
  const match = /^([+-]?)([\d.,]+)$/.exec(text);
  if (match === null)
    throw new TransformError(`expected a number like "1250.5" or "1.250,50", got ${describe(value)}`);
  const [, sign, digits] = match as unknown as [string, string, string];
  const normalized = normalizeSeparators(digits);
  if (normalized === undefined)
    throw new TransformError(`expected a number like "1250.5" or "1.250,50", got ${describe(value)}`);
  return Number(`${sign}${normalized}`);
}

function normalizeSeparators(digits: string): string | undefined {
  const lastDot = digits.lastIndexOf(".");
  const lastComma = digits.lastIndexOf(",");
  if (lastDot < 0 && lastComma < 0) return digits;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? "." : ",";
    const thousands = decimal === "." ? "," : ".";
    const cut = Math.max(lastDot, lastComma);
    const whole = digits.slice(0, cut);
    const fraction = digits.slice(cut + 1);
    if (!isGrouped(whole, thousands) || !/^\d+$/.test(fraction)) return undefined;
    return `${whole.split(thousands).join("")}.${fraction}`;
  }
  const separator = lastDot >= 0 ? "." : ",";
  const parts = digits.split(separator);
  if (parts.length > 2) return isGrouped(digits, separator) ? parts.join("") : undefined;
  const [whole, fraction] = parts as [string, string];
  if (!/^\d+$/.test(whole) || !/^\d+$/.test(fraction)) return undefined;
  const thousands = fraction.length === 3 && whole.length <= 3 && !/^0+$/.test(whole);
  return thousands ? `${whole}${fraction}` : `${whole}.${fraction}`;
}

function isGrouped(text: string, separator: string): boolean {
  const [first, ...groups] = text.split(separator);
  return /^\d{1,3}$/.test(first ?? "") && groups.length > 0 && groups.every((g) => /^\d{3}$/.test(g));
}

function parseInteger(value: unknown): number {
  const n = parseNumber(value);
  if (!Number.isInteger(n)) throw new TransformError(`expected a whole number, got ${describe(value)}`);
  return n;
}

// --- booleans, emails, phones ----------------------------------------------------------------------------

const TRUE_WORDS = new Set(["true", "yes", "y", "ya", "1", "on"]);
const FALSE_WORDS = new Set(["false", "no", "n", "tidak", "0", "off"]);

function parseBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  const word = asText(value, "a yes/no value").trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new TransformError(
    `expected one of ${[...TRUE_WORDS, ...FALSE_WORDS].map((w) => `"${w}"`).join(", ")}, got ${describe(value)}`,
  );
}

function parseEmail(value: unknown): string {
  const email = asText(value, "an e-mail address").trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new TransformError(`expected an e-mail address, got ${describe(value)}`);
  return email;
}

function parsePhone(value: unknown): string {
  try {
    return normalizeIndonesianPhone(asText(value, "a phone number"));
  } catch (error) {
    throw new TransformError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

// --- dates -----------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO date-times: with a zone they are instants; without, the date part is already local. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
export const DEFAULT_DATE_FORMATS = ["DD/MM/YYYY"];

function calendarDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** "DD/MM/YYYY HH:mm" → a regex with named groups; tokens YYYY, MM, M, DD, D, HH, H, mm, ss. */
function formatPattern(format: string): RegExp {
  const tokens: Record<string, string> = {
    YYYY: "(?<year>\\d{4})",
    MM: "(?<month>\\d{2})",
    M: "(?<month>\\d{1,2})",
    DD: "(?<day>\\d{2})",
    D: "(?<day>\\d{1,2})",
    HH: "\\d{2}",
    H: "\\d{1,2}",
    mm: "\\d{2}",
    ss: "\\d{2}",
  };
  const source = format.replace(/YYYY|MM|M|DD|D|HH|H|mm|ss|[^A-Za-z]/g, (token) =>
    token in tokens ? tokens[token]! : token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"),
  );
  return new RegExp(`^${source}$`);
}

function parseDate(value: unknown, formats: readonly string[], timeZone: string): string {
  // Jotform sends date fields as {day, month, year}.
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const { year, month, day } = value as Record<string, unknown>;
    const date = calendarDate(Number(year), Number(month), Number(day));
    if (date !== undefined) return date;
    throw new TransformError(`expected a date as {year, month, day}, got ${describe(value)}`);
  }
  const text = asText(value, "a date").trim();
  const iso = ISO_DATE.exec(text) ?? ISO_DATE_TIME.exec(text);
  if (iso !== null) {
    if (iso[6] !== undefined) {
      // Date parsing wants "T" and an offset with a colon ("+07:00").
      const instant = text.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
      return isoDateInZone(instant, timeZone);
    }
    const date = calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (date !== undefined) return date;
  }
  for (const format of formats) {
    const groups = formatPattern(format).exec(text)?.groups;
    if (groups === undefined) continue;
    const date = calendarDate(Number(groups.year), Number(groups.month), Number(groups.day));
    if (date !== undefined) return date;
  }
  throw new TransformError(
    `expected a date as ISO 8601 or ${formats.map((f) => `"${f}"`).join(", ")}, got ${describe(value)}`,
  );
}

// --- lists and lookups -----------------------------------------------------------------------------------

function split(value: unknown, separator: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) =>
    asText(item, "text to split")
      .split(separator)
      .map((part) => part.trim())
      .filter((part) => part !== ""),
  );
}

function lookup(value: unknown, table: Record<string, unknown>): unknown {
  const key = asText(value, "a value to look up").trim();
  if (Object.hasOwn(table, key)) return table[key];
  const folded = Object.keys(table).find((k) => k.toLowerCase() === key.toLowerCase());
  if (folded !== undefined) return table[folded];
  throw new TransformError(
    `expected one of ${Object.keys(table)
      .map((k) => JSON.stringify(k))
      .join(", ")}, got ${describe(value)}`,
  );
}

// --- applying ----------------------------------------------------------------------------------------------

/** Apply one transform. Every transform except `split` applies to each element of a list. */
export function applyTransform(value: unknown, transform: Transform, context: TransformContext): unknown {
  if (typeof transform === "object" && "split" in transform) return split(value, transform.split);
  if (Array.isArray(value)) return value.map((item) => applyTransform(item, transform, context));
  if (typeof transform === "object") {
    if ("map" in transform) return lookup(value, transform.map);
    return parseDate(
      value,
      transform.date.formats ?? DEFAULT_DATE_FORMATS,
      transform.date.timeZone ?? context.timeZone,
    );
  }
  switch (transform) {
    case "trim":
      return asText(value, "text").trim();
    case "lowercase":
      return asText(value, "text").toLowerCase();
    case "uppercase":
      return asText(value, "text").toUpperCase();
    case "phone":
      return parsePhone(value);
    case "number":
      return parseNumber(value);
    case "integer":
      return parseInteger(value);
    case "boolean":
      return parseBoolean(value);
    case "email":
      return parseEmail(value);
  }
}

function orderStatus(value: unknown): unknown {
  const text = asText(value, "an order status").trim();
  return ORDER_STATUSES.find((status) => status.toLowerCase() === text.toLowerCase()) ?? text;
}

/**
 * Coerce a (possibly already transformed) value to a command field's type: "12" → 12 for numbers, a local
 * phone to E.164, any accepted date to `YYYY-MM-DD`, "a, b" → ["a", "b"] for lists. Values already of the
 * right shape pass unchanged, so explicit transforms and coercion compose.
 */
export function coerce(value: unknown, type: FieldType, context: TransformContext): unknown {
  switch (type) {
    case "string":
      return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
    case "number":
      return typeof value === "number" ? value : parseNumber(value);
    case "integer":
      return typeof value === "number" ? value : parseInteger(value);
    case "boolean":
      return parseBoolean(value);
    case "date":
      return typeof value === "string" && ISO_DATE.test(value)
        ? value
        : parseDate(value, DEFAULT_DATE_FORMATS, context.timeZone);
    case "phone":
      return typeof value === "string" && /^\+\d{8,15}$/.test(value) ? value : parsePhone(value);
    case "email":
      return parseEmail(value);
    case "list":
      return Array.isArray(value) ? value.map((item) => coerce(item, "string", context)) : split(value, ",");
    case "discount":
      return typeof value === "number"
        ? String(value)
        : asText(value, 'a discount like "5" or "10+5"').replace(/\s|%/g, "");
    case "orderStatus":
      return orderStatus(value);
  }
}

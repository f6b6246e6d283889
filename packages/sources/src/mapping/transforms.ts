// Value transforms named in a hook's mapping (docs/mapping.md), plus the coercion every command field gets
// from its type. A transform that cannot handle its input throws TransformError; the mapper turns that
// into a 422 naming the command field and the source path.
import { normalizePhone, ORDER_STATUSES, PhoneFormatError } from "@smx/salesmania";
import type { PhonePolicy, Transform } from "../config/hooks.ts";
import { DEFAULT_DATE_FORMATS, ISO_DATE, parseDate } from "./dates.ts";
import type { FieldType } from "./fields.ts";
import { MAX_SIGNIFICANT_DIGITS, significantDigits } from "./precision.ts";
import { asText, describe, TransformError } from "./transform-error.ts";

export { TransformError } from "./transform-error.ts";

export interface TransformContext {
  /** The hook's effective zone: instants become local dates in it. */
  timeZone: string;
  /** The hook's phone policy: which numbers are kept in E.164, which dropped with a note (rules.ts). */
  phonePolicy?: PhonePolicy | undefined;
}

/** A phone that cannot be used, and why: a valid number of another country, or not a valid number at all. */
export class PhoneTransformError extends TransformError {
  override name = "PhoneTransformError";
  constructor(
    message: string,
    readonly kind: "foreign" | "malformed",
    options: ErrorOptions,
  ) {
    super(message, options);
  }
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

// --- numbers -------------------------------------------------------------------------------------------

/**
 * "1.250,50" (Indonesian), "1,250.50" (English), "1250.5", "Rp 15.000" → numbers. With both separators the
 * last one is the decimal mark. A single separator followed by exactly three digits, after 1–3 leading
 * digits other than "0", is a thousands separator ("1.250" and "1,250" → 1250; "0.125" → 0.125); any other
 * single separator is the decimal mark ("12,5" → 12.5). Repeated separators are thousands ("1.250.000").
 */
export function parseNumber(value: unknown): number {
  if (typeof value === "number") return withinRange(value, value);
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
  // Whole numbers are exact up to 2^53 (checked below); a fraction keeps 15 significant digits.
  if (normalized.includes(".") && significantDigits(normalized) > MAX_SIGNIFICANT_DIGITS)
    throw new TransformError(
      `expected a number of at most ${MAX_SIGNIFICANT_DIGITS} significant digits (more cannot be kept exactly), got ${describe(value)}`,
    );
  return withinRange(Number(`${sign}${normalized}`), value);
}

/** Finite, and within ±(2^53 − 1), where every whole number is exact: larger ids and amounts are refused. */
function withinRange(n: number, value: unknown): number {
  if (!Number.isFinite(n)) throw new TransformError(`expected a finite number, got ${describe(value)}`);
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER)
    throw new TransformError(
      `expected a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER} (larger ones lose precision), got ${describe(value)}`,
    );
  return n;
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
  if (!Number.isSafeInteger(n)) throw new TransformError(`expected a whole number, got ${describe(value)}`);
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

/** RFC 5321's limit on a forward path; longer input is refused before any other check. */
const MAX_EMAIL_CHARS = 254;

function parseEmail(value: unknown): string {
  const email = asText(value, "an e-mail address").trim().toLowerCase();
  if (email.length > MAX_EMAIL_CHARS)
    throw new TransformError(
      `expected an e-mail address of at most ${MAX_EMAIL_CHARS} characters, got ${email.length} characters`,
    );
  if (!isEmailShaped(email)) throw new TransformError(`expected an e-mail address, got ${describe(value)}`);
  return email;
}

/**
 * `local@domain.tld` without spaces: exactly one "@" after a non-empty local part, and a dot inside the
 * domain. Index arithmetic, not a regular expression: linear whatever the input (a pattern such as
 * `^[^\s@]+@[^\s@]+\.[^\s@]+$` backtracks quadratically on "a@" + "." × n + "@").
 */
function isEmailShaped(email: string): boolean {
  const at = email.indexOf("@");
  if (at <= 0 || at !== email.lastIndexOf("@") || /\s/.test(email)) return false;
  const domain = email.slice(at + 1);
  const dot = domain.indexOf(".", 1);
  return dot > 0 && dot < domain.length - 1;
}

function parsePhone(value: unknown, context: TransformContext): string {
  const foreign = context.phonePolicy?.foreign === "keep" ? "keep" : "reject";
  try {
    return normalizePhone(asText(value, "a phone number"), { foreign });
  } catch (error) {
    if (!(error instanceof PhoneFormatError)) throw error;
    throw new PhoneTransformError(error.message, error.kind, { cause: error });
  }
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
      return parsePhone(value, context);
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
      return parseNumber(value);
    case "integer":
      return parseInteger(value);
    case "boolean":
      return parseBoolean(value);
    case "date":
      return typeof value === "string" && ISO_DATE.test(value)
        ? value
        : parseDate(value, DEFAULT_DATE_FORMATS, context.timeZone);
    case "phone":
      // Every phone goes through libphonenumber, E.164-shaped or not, so one policy applies to all.
      return parsePhone(value, context);
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

// Indonesian phone numbers in the forms people type them, normalized to E.164 (`+62…`) so that a
// customer found by phone matches however the number was written.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { PhoneFormatError } from "./errors.ts";

/**
 * `"0812-3456-7890"`, `"6281234567890"`, `"+62 812-3456-7890"`, `"812 3456 7890"` → `"+6281234567890"`.
 * Throws PhoneFormatError for anything that is not a valid Indonesian number (other countries included).
 */
export function normalizeIndonesianPhone(input: string): string {
  return normalizePhone(input, { foreign: "reject" });
}

/**
 * Any valid number to E.164, read as Indonesian when it has no country code (`0812…` → `+62812…`,
 * `+49 151 2345 6789` → `+4915123456789`, `0049…` too). With `foreign: "reject"` a valid number of another
 * country throws PhoneFormatError with reason `foreign`; a number that is not valid anywhere throws with
 * reason `malformed`.
 */
export function normalizePhone(input: string, options: { foreign: "reject" | "keep" }): string {
  const compact = input.replace(/[\s\-().]/g, "");
  if (!/^\+?\d+$/.test(compact)) {
    throw new PhoneFormatError(input, "expected digits with optional +, spaces, dashes, dots or parentheses");
  }
  // "62…" without "+" is the country code written without its plus; libphonenumber would read it as a
  // national number. "00" is the international prefix dialled from Indonesia (and most countries).
  const candidate = compact.startsWith("62")
    ? `+${compact}`
    : compact.startsWith("00")
      ? `+${compact.slice(2)}`
      : compact;
  const parsed = parsePhoneNumberFromString(candidate, "ID");
  if (parsed === undefined || !parsed.isValid()) {
    throw new PhoneFormatError(input, "not a valid phone number");
  }
  if (parsed.countryCallingCode !== "62" && options.foreign === "reject") {
    throw new PhoneFormatError(
      input,
      `expected an Indonesian number (+62), got +${parsed.countryCallingCode}`,
      "foreign",
    );
  }
  return parsed.number;
}

// Indonesian phone numbers in the forms people type them, normalized to E.164 (`+62…`) so that a
// customer found by phone matches however the number was written.
// libphonenumber-js/core with Indonesia's slice of the "max" metadata (phone-metadata-slice.ts says why).
import { type MetadataJson, parsePhoneNumberFromString } from "libphonenumber-js/core";
import { PhoneFormatError } from "./errors.ts";
import slice from "./phone-metadata.json" with { type: "json" };

const metadata = slice.metadata as unknown as MetadataJson;
const callingCodes = new Set(slice.callingCodes);

/** The calling code `+digits` starts with (E.164 codes are 1–3 digits and prefix-free), if any. */
function callingCodeOf(international: string): string | undefined {
  for (let length = 1; length <= 3; length++) {
    const code = international.slice(1, 1 + length);
    if (callingCodes.has(code)) return code;
  }
  return undefined;
}

/**
 * `"0812-3456-7890"`, `"6281234567890"`, `"+62 812-3456-7890"`, `"812 3456 7890"` → `"+6281234567890"`.
 * Throws PhoneFormatError for anything that is not a valid Indonesian number (other countries included).
 */
export function normalizeIndonesianPhone(input: string): string {
  const compact = input.replace(/[\s\-().]/g, "");
  if (!/^\+?\d+$/.test(compact)) {
    throw new PhoneFormatError(input, "expected digits with optional +, spaces, dashes, dots or parentheses");
  }
  // "62…" without "+" is the country code written without its plus; libphonenumber would read it as a
  // national number.
  const candidate = compact.startsWith("62") ? `+${compact}` : compact;
  const code = candidate.startsWith("+") ? callingCodeOf(candidate) : "62";
  if (code !== undefined && code !== "62") {
    throw new PhoneFormatError(input, `expected an Indonesian number (+62), got +${code}`);
  }
  const parsed = parsePhoneNumberFromString(candidate, "ID", metadata);
  if (parsed === undefined || !parsed.isValid()) {
    throw new PhoneFormatError(input, "not a valid phone number");
  }
  return parsed.number;
}

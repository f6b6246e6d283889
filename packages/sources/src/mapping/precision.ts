// How many decimal digits a number keeps exactly: a double holds 15 significant digits, and every whole
// number up to 2^53 − 1. Longer input would be rounded silently, so it is refused by name instead.
export const MAX_SIGNIFICANT_DIGITS = 15;

/** Significant digits of a plain decimal mantissa (`"1250.500"` → 5): without leading zeros or a fraction's trailing ones. */
export function significantDigits(mantissa: string): number {
  const dot = mantissa.indexOf(".");
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let end = digits.length;
  if (dot >= 0) while (end > dot && digits[end - 1] === "0") end--;
  let start = 0;
  while (start < end && digits[start] === "0") start++;
  return end - start;
}

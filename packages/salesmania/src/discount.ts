// Discount strings as SalesMania writes them: cascaded percentages joined by `+` (ASSUMED grammar, see
// DiscountString in schemas.ts, which is the single definition of what is valid).
import * as v from "valibot";
import { DiscountFormatError } from "./errors.ts";
import { DiscountString } from "./schemas.ts";

/** `"55.05+3"` → `[55.05, 3]`. Throws DiscountFormatError naming the string and the rule it breaks. */
export function parseDiscount(s: string): number[] {
  const result = v.safeParse(DiscountString, s);
  if (!result.success) {
    throw new DiscountFormatError(s, result.issues.map((issue) => issue.message).join("; "));
  }
  return result.output.split("+").map(Number);
}

/**
 * `amount` after each step of `discount` in turn (`"50+10"` on 100 → 45). Rounded once, at the end, to
 * 2 decimals, half away from zero; float noise is removed first (15 significant digits), so 1.005 → 1.01.
 */
export function applyDiscount(amount: number, discount: string): number {
  const net = parseDiscount(discount).reduce((rest, percent) => rest * (1 - percent / 100), amount);
  return roundMoney(net);
}

function roundMoney(x: number): number {
  const cents = Number((Math.abs(x) * 100).toPrecision(15));
  const rounded = Math.round(cents) / 100;
  return x < 0 ? -rounded : rounded;
}

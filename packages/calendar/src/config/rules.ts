// The matching rules of a feed: how an occurrence's text or attendees point at a SalesMania customer. Tried
// in order; see docs/calendar.md. Patterns are compiled here, at load, so a bad one is a configuration error
// with its key path rather than a failure at the first event.
import * as v from "valibot";
import { compilePattern } from "../feeds/pattern.ts";
import { compiledString } from "./shared.ts";

const NonEmpty = v.pipe(v.string(), v.trim(), v.nonEmpty());

export const TEXT_FIELDS = ["summary", "location", "description"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

const Fields = v.optional(v.pipe(v.array(v.picklist(TEXT_FIELDS)), v.minLength(1)), [...TEXT_FIELDS]);

export const PatternSource = compiledString(compilePattern);

/** A customer named outright in the configuration (the explicit table). */
export const CustomerPointer = v.union([
  v.strictObject({ id: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  v.strictObject({ extCustNo: NonEmpty }),
  v.strictObject({ phone: NonEmpty }),
  v.strictObject({ email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email()) }),
]);
export type CustomerPointer = v.InferOutput<typeof CustomerPointer>;

export const MatchRule = v.variant("by", [
  /** A customer code (SalesMania `ext_cust_no`) found by a pattern, e.g. `[{code}]`. */
  v.strictObject({ by: v.literal("code"), pattern: PatternSource, in: Fields }),
  /** A phone number found by a pattern (default `{phone}`), normalized to E.164. */
  v.strictObject({ by: v.literal("phone"), pattern: v.optional(PatternSource, "{phone}"), in: Fields }),
  /** An attendee's e-mail; `ignore` lists your own people (`sales@acme.co.id`) or domains (`@acme.co.id`). */
  v.strictObject({
    by: v.literal("attendee-email"),
    ignore: v.optional(v.array(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.nonEmpty())), []),
  }),
  /** Event text → customer: an entry matches when its text appears in the field (case and spacing ignored). */
  v.strictObject({
    by: v.literal("table"),
    in: Fields,
    entries: v.pipe(
      v.array(v.strictObject({ text: NonEmpty, customer: CustomerPointer })),
      v.minLength(1, "a table needs at least one entry"),
      v.maxLength(10_000),
    ),
  }),
]);
export type MatchRule = v.InferOutput<typeof MatchRule>;

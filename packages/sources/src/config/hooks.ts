// The hook configuration: one entry per inbound URL `/hooks/{id}`. Validated at start; the JSON Schema for
// editors is generated from these schemas. Objects are strict so a misspelt key is reported, not ignored.
import { ACTIONS, isTimeZone } from "@smx/core";
import * as v from "valibot";
import { SOURCE_KINDS } from "../registry.ts";

/** The kinds are the registry's: one adapter per kind (registry.ts). */
export const SourceKind = v.picklist(SOURCE_KINDS);

/** IANA zone names only; a typo would otherwise shift every date silently. */
export const TimeZone = v.pipe(
  v.string(),
  v.check(isTimeZone, "expected an IANA time zone name such as Asia/Jakarta"),
);
export type SourceKind = v.InferOutput<typeof SourceKind>;

/** A hook's action: one of the commands core marks as hook actions (`ACTION_COMMANDS`). */
export const Action = v.picklist(ACTIONS);
export type Action = v.InferOutput<typeof Action>;

/** Secret references (Secrets Manager names/ARNs, or local keys); several are valid at once during a rotation. */
const SecretRefs = v.pipe(
  v.array(v.pipe(v.string(), v.nonEmpty())),
  v.minLength(1, "at least one secret is required"),
);

export const HookAuth = v.variant("scheme", [
  /** The source's own signature (Typeform, Tally, Calendly, Cal.com, Standard Webhooks). */
  v.strictObject({
    scheme: v.literal("signature"),
    secrets: SecretRefs,
    /** For schemes with a timestamp: how old (or how far ahead) a signature may be. */
    toleranceSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 300),
  }),
  /** A static key in a header (Zapier/Make "Headers", Tally custom headers, the Google Forms script). */
  v.strictObject({
    scheme: v.literal("api-key"),
    header: v.optional(v.pipe(v.string(), v.toLowerCase()), "x-api-key"),
    secrets: SecretRefs,
  }),
  /** HTTP Basic; each secret is `user:password`. */
  v.strictObject({ scheme: v.literal("basic"), secrets: SecretRefs }),
  /** A secret token in the URL query (`/hooks/{id}?token=…`), for senders that can set nothing else. */
  v.strictObject({
    scheme: v.literal("url-token"),
    param: v.optional(v.string(), "token"),
    secrets: SecretRefs,
  }),
]);
export type HookAuth = v.InferOutput<typeof HookAuth>;

/** A value transform, applied in order (see docs/mapping.md). */
export const Transform = v.union([
  v.picklist(["trim", "lowercase", "uppercase", "phone", "number", "integer", "boolean", "email"]),
  /** Parse a date/time (ISO 8601 or one of `formats`, e.g. "DD/MM/YYYY") into the account's local `YYYY-MM-DD`. */
  v.strictObject({
    date: v.strictObject({
      formats: v.optional(v.array(v.string())),
      timeZone: v.optional(TimeZone),
    }),
  }),
  /** Split a string into a list ("a, b, c"), as Zapier sends line items. */
  v.strictObject({ split: v.string() }),
  /** Look the value up in a table (e.g. a form's labels → SalesMania order statuses). */
  v.strictObject({ map: v.record(v.string(), v.unknown()) }),
]);
export type Transform = v.InferOutput<typeof Transform>;

/** Where a command field's value comes from: a source path, or a rule. */
export const MappingRule = v.union([
  v.pipe(v.string(), v.nonEmpty()),
  v.strictObject({
    /** Source path(s); the first one with a non-empty value wins. */
    from: v.optional(v.union([v.string(), v.array(v.string())])),
    /** Fields joined into one value: `"{{first_name}} {{last_name}}"` (docs/mapping.md#joining-fields). */
    template: v.optional(v.pipe(v.string(), v.nonEmpty())),
    const: v.optional(v.unknown()),
    default: v.optional(v.unknown()),
    transform: v.optional(v.union([Transform, v.array(Transform)])),
  }),
]);
export type MappingRule = v.InferOutput<typeof MappingRule>;

/** Command field path (e.g. `customer.phone`, `date`) → rule. */
export const Mapping = v.record(v.string(), MappingRule);
export type Mapping = v.InferOutput<typeof Mapping>;

/** Lines from a list at `from`: each element becomes a line, mapped by `mapping` relative to the element. */
export const ListLines = v.strictObject({ from: v.string(), mapping: Mapping });
export type ListLines = v.InferOutput<typeof ListLines>;

/**
 * Lines from separate fields, for forms without repeatable groups (Tally: one quantity question per product):
 * each listed product with its quantity field; a quantity that is empty or 0 makes no line.
 */
export const ProductLines = v.strictObject({
  products: v.pipe(
    v.array(
      v.strictObject({
        /** The product's code in SalesMania (see `codeField`). */
        code: v.pipe(v.string(), v.nonEmpty()),
        /** The source path of its quantity. */
        qty: v.pipe(v.string(), v.nonEmpty()),
      }),
    ),
    v.minLength(1, "list at least one product"),
  ),
  /** Which product key `code` is: `extProductCode` (default), `sku` or `id`. */
  codeField: v.optional(v.picklist(["extProductCode", "sku", "id"])),
  /** Other line fields, the same for every line, read from the whole payload (e.g. `unit`). */
  mapping: v.optional(Mapping),
});
export type ProductLines = v.InferOutput<typeof ProductLines>;

/**
 * What a customer phone that cannot be used does to the event (docs/mapping.md#phone-numbers): `reject` it
 * (422, the default), `drop` the phone and go on with a note on the event, or — for a valid number of another
 * country — `keep` it in E.164.
 */
export const PhonePolicy = v.strictObject({
  foreign: v.optional(v.picklist(["reject", "drop", "keep"])),
  malformed: v.optional(v.picklist(["reject", "drop"])),
});
export type PhonePolicy = v.InferOutput<typeof PhonePolicy>;

export const HookConfig = v.strictObject({
  /** URL segment: `/hooks/{id}`. */
  id: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9_-]{3,64}$/, "hook ids are 3–64 characters of A–Z, a–z, 0–9, _ or -"),
  ),
  description: v.optional(v.string()),
  source: SourceKind,
  /** Id of a connection in the same configuration file. */
  connection: v.pipe(v.string(), v.nonEmpty()),
  action: Action,
  auth: HookAuth,
  mapping: v.optional(Mapping, {}),
  /** For orders: a list in the payload (`from` + `mapping`), or one quantity field per product (`products`). */
  lines: v.optional(v.union([ListLines, ProductLines])),
  customerPolicy: v.optional(v.picklist(["match-only", "match-or-create"]), "match-only"),
  phonePolicy: v.optional(PhonePolicy),
  /** For sources with no native id: the source field that identifies the event (else `Idempotency-Key`, else the business key). */
  dedup: v.optional(v.strictObject({ field: v.optional(v.string()) })),
  /** Provider event types to act on; others are answered 200 and recorded as skipped. Defaults per source. */
  events: v.optional(v.array(v.string())),
  /** HTML forms: where to send the browser after the post. */
  redirect: v.optional(
    v.strictObject({
      success: v.optional(v.pipe(v.string(), v.url())),
      failure: v.optional(v.pipe(v.string(), v.url())),
    }),
  ),
  maxBodyBytes: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1024), v.maxValue(6 * 1024 * 1024)),
    256 * 1024,
  ),
  /** Time zone for dates in this source's payloads; the connection's when omitted. */
  timeZone: v.optional(TimeZone),
  /**
   * Switched off by the operator: requests are answered 503 + Retry-After (never 404/410, on which Typeform
   * and Calendly disable the webhook for good), so senders keep retrying until it is switched back on.
   */
  disabled: v.optional(v.boolean(), false),
});
export type HookConfig = v.InferOutput<typeof HookConfig>;

// Wire shapes of the SalesMania external API (see ../../../../shared/salesmania-api.md, mirrored in
// docs/salesmania-contract.md). Field names are the documented snake_case ones, so code and docs read alike.
// Request bodies are DOC; response shapes marked ASSUMED are checked in the wire layer (wire.ts).
import * as v from "valibot";

function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** DOC: ids are integers. Used for the ids a request sends; a fractional one would name no record. */
const RefId = v.pipe(v.number(), v.integer("expected an integer id"));

/** `YYYY-MM-DD`, the account's local date. */
export const DateString = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD"),
  // valibot's isoDate checks only the shape; a calendar check rejects 2026-02-30.
  v.check(isCalendarDate, "expected a real calendar date"),
);

/** Cascaded percentages joined by `+`, each a decimal in 0..100 (`"5"`, `"55.05+3"`). ASSUMED grammar. */
export const DiscountString = v.pipe(
  v.string(),
  v.regex(/^\d{1,3}(\.\d+)?(\+\d{1,3}(\.\d+)?)*$/, 'expected a discount like "5" or "55.05+3"'),
  v.check(
    (s) => s.split("+").every((part) => Number(part) <= 100),
    "each discount step must be between 0 and 100",
  ),
);

export const Location = v.object({
  lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
  lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
});

export const CustomerInput = v.object({
  name: v.pipe(v.string(), v.nonEmpty("name is required")),
  address: v.optional(v.string()),
  city: v.optional(v.string()),
  phone: v.optional(v.string()),
  ext_cust_no: v.optional(v.string()),
  location: v.optional(Location),
  status: v.optional(v.boolean()),
  tags: v.optional(v.array(v.string())),
});
export type CustomerInput = v.InferOutput<typeof CustomerInput>;
export const CustomerPatch = v.partial(CustomerInput);
export type CustomerPatch = v.InferOutput<typeof CustomerPatch>;
/** ASSUMED: a customer read back is its fields plus `id`. */
export const Customer = v.object({ ...CustomerInput.entries, id: v.number() });
export type Customer = v.InferOutput<typeof Customer>;

export const ProductUnit = v.object({
  name: v.pipe(v.string(), v.nonEmpty(), v.maxLength(50)),
  price: v.number(),
  ratio: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type ProductUnit = v.InferOutput<typeof ProductUnit>;

export const ProductInput = v.object({
  name: v.pipe(v.string(), v.nonEmpty("name is required"), v.maxLength(200)),
  description: v.optional(v.string()),
  sku: v.optional(v.string()),
  tags: v.optional(v.array(v.string())),
  status: v.optional(v.boolean()),
  ext_product_code: v.optional(v.string()),
  default_disc: v.optional(DiscountString),
  qty_on_hand: v.number(),
  product_units: v.pipe(
    v.array(ProductUnit),
    v.minLength(1, "at least one product unit is required"),
    v.check(
      (units) => units.some((u) => u.ratio === 1),
      "one product unit must have ratio 1 (the base unit)",
    ),
  ),
});
export type ProductInput = v.InferOutput<typeof ProductInput>;
export const ProductPatch = v.partial(ProductInput);
export type ProductPatch = v.InferOutput<typeof ProductPatch>;
export const Product = v.object({ ...ProductInput.entries, id: v.number() });
export type Product = v.InferOutput<typeof Product>;

export const VisitInput = v.object({
  date: DateString,
  customer_id: RefId,
  team_id: v.optional(RefId),
});
export type VisitInput = v.InferOutput<typeof VisitInput>;
/** ASSUMED: an entry of `GET /v1.1/visits?date=`. */
export const Visit = v.object({
  id: v.number(),
  date: DateString,
  customer_id: v.number(),
  team_id: v.number(),
  seq: v.number(),
});
export type Visit = v.InferOutput<typeof Visit>;

export const ORDER_STATUSES = ["Baru", "Diproses", "Terkirim", "Lunas", "Batal"] as const;
export const OrderStatus = v.picklist(ORDER_STATUSES, `status must be one of ${ORDER_STATUSES.join(", ")}`);
export type OrderStatus = v.InferOutput<typeof OrderStatus>;

export const OrderLine = v.pipe(
  v.object({
    product_id: RefId,
    qty: v.number(),
    unit: v.pipe(v.string(), v.nonEmpty()),
    price: v.number(),
    item_disc_percent: v.optional(DiscountString),
    item_disc_amount: v.optional(v.number()),
    description: v.optional(v.string()),
    ext_order_line_id: v.optional(v.pipe(v.number(), v.integer())),
  }),
  v.check(
    (line) => line.item_disc_percent === undefined || line.item_disc_amount === undefined,
    "give either item_disc_percent or item_disc_amount, not both",
  ),
);
export type OrderLine = v.InferOutput<typeof OrderLine>;

export const OrderInput = v.object({
  date: DateString,
  customer_id: RefId,
  team_id: v.optional(RefId),
  description: v.optional(v.string()),
  ordered_products: v.pipe(v.array(OrderLine), v.minLength(1, "an order needs at least one line")),
  disc_percent: v.optional(DiscountString),
  disc_amount: v.optional(v.number()),
  total_paid: v.optional(v.number()),
  status: v.optional(OrderStatus),
  visit_status: v.optional(v.string()),
  ext_order_no: v.optional(v.string()),
  ext_order_status_name: v.optional(v.string()),
});
export type OrderInput = v.InferOutput<typeof OrderInput>;
/** ASSUMED: the order as created plus `id`. */
export const Order = v.object({ ...OrderInput.entries, id: v.number() });
export type Order = v.InferOutput<typeof Order>;
/** ASSUMED fields of `PATCH /orders/{id}`. */
export const OrderPatch = v.object({
  status: v.optional(OrderStatus),
  ext_order_status_name: v.optional(v.string()),
  total_paid: v.optional(v.number()),
  description: v.optional(v.string()),
});
export type OrderPatch = v.InferOutput<typeof OrderPatch>;

export const Team = v.object({ id: v.number(), name: v.string() });
export type Team = v.InferOutput<typeof Team>;
export const Database = v.object({ id: v.number(), name: v.string() });
export type Database = v.InferOutput<typeof Database>;

/** ASSUMED list envelope. */
export const PageMeta = v.object({ page: v.number(), limit: v.number(), total: v.number() });
export type PageMeta = v.InferOutput<typeof PageMeta>;
export interface Page<T> {
  data: T[];
  meta: PageMeta;
}
/** Paging as callers pass it on: either may be absent or `undefined` (the API's default). */
export interface PageParams {
  page?: number | undefined;
  limit?: number | undefined;
}

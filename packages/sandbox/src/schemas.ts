// The sandbox's own reading of the contract's request bodies (/work/shared/salesmania-api.md).
// Deliberately not shared with @smx/salesmania: a misreading there must not be mirrored here.
// `v.object` drops unknown keys, which is how the API treats them.
import * as v from "valibot";

export const Id = v.pipe(v.number(), v.integer("expected an integer id"));

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const DateString = v.pipe(
  v.string("expected a date string YYYY-MM-DD"),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD"),
  v.check(isCalendarDate, "expected a real calendar date"),
);

/** Cascaded percentages joined by `+` ("5", "55.05+3"), each step 0..100. */
export const DiscountString = v.pipe(
  v.string("expected a discount string"),
  v.regex(/^\d+(\.\d+)?(\+\d+(\.\d+)?)*$/, 'expected a discount like "5" or "55.05+3"'),
  v.check((s) => s.split("+").every((step) => Number(step) <= 100), "each discount step must be 0..100"),
);

const Tags = v.array(v.string("expected a string tag"), "expected an array of strings");

export const CustomerFields = v.object({
  name: v.pipe(v.string("expected a string"), v.nonEmpty("must not be empty")),
  address: v.optional(v.string()),
  city: v.optional(v.string()),
  phone: v.optional(v.string()),
  ext_cust_no: v.optional(v.string()),
  location: v.optional(
    v.object({
      lat: v.pipe(v.number(), v.minValue(-90, "expected -90..90"), v.maxValue(90, "expected -90..90")),
      lon: v.pipe(v.number(), v.minValue(-180, "expected -180..180"), v.maxValue(180, "expected -180..180")),
    }),
  ),
  status: v.optional(v.boolean("expected a boolean")),
  tags: v.optional(Tags),
});
export type CustomerFields = v.InferOutput<typeof CustomerFields>;
export const CustomerPatch = v.partial(CustomerFields);

export const ProductUnit = v.object({
  name: v.pipe(v.string(), v.nonEmpty("must not be empty"), v.maxLength(50, "at most 50 characters")),
  price: v.number(),
  ratio: v.pipe(v.number(), v.integer("expected an integer"), v.minValue(1, "expected an integer >= 1")),
});
export type ProductUnit = v.InferOutput<typeof ProductUnit>;

const ProductUnits = v.pipe(
  v.array(ProductUnit, "expected an array of units"),
  v.check((units) => units.some((u) => u.ratio === 1), "one unit must have ratio 1 (the base unit)"),
);

export const ProductFields = v.object({
  name: v.pipe(v.string(), v.nonEmpty("must not be empty"), v.maxLength(200, "at most 200 characters")),
  description: v.optional(v.string()),
  sku: v.optional(v.string()),
  tags: v.optional(Tags),
  status: v.optional(v.boolean("expected a boolean")),
  ext_product_code: v.optional(v.string()),
  default_disc: v.optional(DiscountString),
  qty_on_hand: v.number(),
  product_units: ProductUnits,
});
export type ProductFields = v.InferOutput<typeof ProductFields>;
export const ProductPatch = v.partial(ProductFields);

export const VisitBody = v.object({
  date: DateString,
  customer_id: Id,
  team_id: v.optional(Id),
});

export const ORDER_STATUSES = ["Baru", "Diproses", "Terkirim", "Lunas", "Batal"] as const;
export const OrderStatus = v.picklist(ORDER_STATUSES, `expected one of ${ORDER_STATUSES.join(", ")}`);

const OrderLine = v.pipe(
  v.object({
    product_id: Id,
    qty: v.number(),
    unit: v.pipe(v.string(), v.nonEmpty("must not be empty")),
    price: v.number(),
    item_disc_percent: v.optional(DiscountString),
    item_disc_amount: v.optional(v.number()),
    description: v.optional(v.string()),
    ext_order_line_id: v.optional(Id),
  }),
  v.forward(
    v.partialCheck(
      [["item_disc_percent"], ["item_disc_amount"]],
      (line) => line.item_disc_percent === undefined || line.item_disc_amount === undefined,
      "give either item_disc_percent or item_disc_amount, not both",
    ),
    ["item_disc_amount"],
  ),
);

export const OrderBody = v.object({
  date: DateString,
  customer_id: Id,
  team_id: v.optional(Id),
  description: v.optional(v.string()),
  ordered_products: v.pipe(
    v.array(OrderLine, "expected an array of order lines"),
    v.minLength(1, "an order needs at least one line"),
  ),
  disc_percent: v.optional(DiscountString),
  disc_amount: v.optional(v.number()),
  total_paid: v.optional(v.number()),
  status: v.optional(OrderStatus),
  visit_status: v.optional(v.string()),
  ext_order_no: v.optional(v.string()),
  ext_order_status_name: v.optional(v.string()),
});
export type OrderBody = v.InferOutput<typeof OrderBody>;

export const OrderPatch = v.object({
  status: v.optional(OrderStatus),
  ext_order_status_name: v.optional(v.string()),
  total_paid: v.optional(v.number()),
  description: v.optional(v.string()),
});

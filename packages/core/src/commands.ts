// Canonical commands: what every inbound source is normalized into, and all that delivery needs.
// Field names are camelCase (ours); the SalesMania wire names live in @smx/salesmania.
import { DateString, DiscountString, Location, OrderStatus } from "@smx/salesmania";
import * as v from "valibot";

/**
 * How long each kind of text field may be (ASSUMED: SalesMania documents only product names ≤ 200 and unit
 * names ≤ 50). Checked at the door, so a value that could never be sent or stored is a 422 naming the field
 * instead of a retry loop; docs/mapping.md lists them.
 */
export const FIELD_LIMITS = {
  /** extCustNo, extOrderNo, extProductCode, sku: ≤ 765 bytes in UTF-8, so a directory key fits DynamoDB's 1 KB. */
  reference: 255,
  name: 255,
  address: 1000,
  /** city, statuses, one tag. */
  short: 255,
  description: 2000,
  /** DOC: a product unit's name. */
  unit: 50,
  tags: 50,
  lines: 1000,
} as const;

const within = (max: number) => v.maxLength<string, number, string>(max, `must be at most ${max} characters`);
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.nonEmpty(), within(max));
const NonEmpty = Text(FIELD_LIMITS.short);
const Reference = Text(FIELD_LIMITS.reference);
const Optional = (max: number) => v.optional(v.pipe(v.string(), within(max)));
const Tags = v.pipe(
  v.array(NonEmpty),
  v.maxLength(FIELD_LIMITS.tags, `must hold at most ${FIELD_LIMITS.tags} tags`),
);
/** An id SalesMania assigns: a whole number a double holds exactly. */
const Id = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
const E164Phone = v.pipe(v.string(), v.regex(/^\+\d{8,15}$/, "phone must be E.164, e.g. +62812…"));
const Email = v.pipe(v.string(), v.trim(), within(254), v.toLowerCase(), v.email());
/** A price, quantity, discount or payment: never negative, and small enough to be exact. */
const Amount = v.pipe(v.number(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

/**
 * How to find a customer. Resolution tries, in order: `id`, `extCustNo`, `phone` (E.164), `email`,
 * then `name` + `address`. The descriptive fields (`name`, `address`, `city`, `location`, `tags`) are also
 * what a customer is created with when `createIfMissing` is set (the hook's `match-or-create` policy; the
 * command carries it so a redrive or replay decides the same way).
 */
export const CustomerRef = v.pipe(
  v.object({
    id: v.optional(Id),
    extCustNo: v.optional(Reference),
    phone: v.optional(E164Phone),
    email: v.optional(Email),
    name: v.optional(Text(FIELD_LIMITS.name)),
    address: v.optional(Text(FIELD_LIMITS.address)),
    city: v.optional(NonEmpty),
    location: v.optional(Location),
    tags: v.optional(Tags),
    createIfMissing: v.optional(v.boolean(), false),
  }),
  v.check(
    (c) => c.id !== undefined || !!c.extCustNo || !!c.phone || !!c.email || (!!c.name && !!c.address),
    "a customer needs one of: id, extCustNo, phone, email, or name and address",
  ),
);
export type CustomerRef = v.InferOutput<typeof CustomerRef>;

/** How to find a product: SalesMania id, `ext_product_code` or sku (in that order). */
export const ProductRef = v.pipe(
  v.object({
    id: v.optional(Id),
    extProductCode: v.optional(Reference),
    sku: v.optional(Reference),
  }),
  v.check(
    (p) => p.id !== undefined || !!p.extProductCode || !!p.sku,
    "a product needs one of: id, extProductCode, sku",
  ),
);
export type ProductRef = v.InferOutput<typeof ProductRef>;

/** The customer and day a visit or order is for (and the team it goes to), shared by those commands. */
const CUSTOMER_ON_DATE = { customer: CustomerRef, date: DateString, teamId: v.optional(Id) };

export const CreateVisit = v.object({
  kind: v.literal("CreateVisit"),
  ...CUSTOMER_ON_DATE,
});
export type CreateVisit = v.InferOutput<typeof CreateVisit>;

export const OrderLineCommand = v.pipe(
  v.object({
    product: ProductRef,
    qty: v.pipe(Amount, v.gtValue(0, "qty must be greater than 0")),
    /** A product unit name; the product's base unit (ratio 1) when omitted. */
    unit: v.optional(Text(FIELD_LIMITS.unit)),
    /** Unit price; the product's price for that unit when omitted. */
    price: v.optional(Amount),
    discPercent: v.optional(DiscountString),
    discAmount: v.optional(Amount),
    description: Optional(FIELD_LIMITS.description),
    extOrderLineId: v.optional(v.pipe(v.number(), v.safeInteger())),
  }),
  v.check(
    (l) => l.discPercent === undefined || l.discAmount === undefined,
    "give discPercent or discAmount, not both",
  ),
);
export type OrderLineCommand = v.InferOutput<typeof OrderLineCommand>;

export const CreateOrder = v.object({
  kind: v.literal("CreateOrder"),
  ...CUSTOMER_ON_DATE,
  lines: v.pipe(
    v.array(OrderLineCommand),
    v.minLength(1, "an order needs at least one line"),
    v.maxLength(FIELD_LIMITS.lines, `an order may have at most ${FIELD_LIMITS.lines} lines`),
  ),
  discPercent: v.optional(DiscountString),
  discAmount: v.optional(Amount),
  description: Optional(FIELD_LIMITS.description),
  status: v.optional(OrderStatus),
  extOrderNo: v.optional(Reference),
  extOrderStatusName: Optional(FIELD_LIMITS.short),
  totalPaid: v.optional(Amount),
  visitStatus: Optional(FIELD_LIMITS.short),
});
export type CreateOrder = v.InferOutput<typeof CreateOrder>;

/** An order is found by its SalesMania id, or by an `extOrderNo` that this service delivered before. */
export const OrderRef = v.pipe(
  v.object({ id: v.optional(Id), extOrderNo: v.optional(Reference) }),
  v.check((o) => o.id !== undefined || !!o.extOrderNo, "an order needs id or extOrderNo"),
);
export type OrderRef = v.InferOutput<typeof OrderRef>;

export const UpdateOrder = v.pipe(
  v.object({
    kind: v.literal("UpdateOrder"),
    order: OrderRef,
    status: v.optional(OrderStatus),
    totalPaid: v.optional(Amount),
    extOrderStatusName: Optional(FIELD_LIMITS.short),
    description: Optional(FIELD_LIMITS.description),
  }),
  v.check(
    (u) =>
      u.status !== undefined ||
      u.totalPaid !== undefined ||
      u.extOrderStatusName !== undefined ||
      u.description !== undefined,
    "an order update needs at least one of: status, totalPaid, extOrderStatusName, description",
  ),
);
export type UpdateOrder = v.InferOutput<typeof UpdateOrder>;

export const UpsertCustomer = v.object({
  kind: v.literal("UpsertCustomer"),
  extCustNo: Reference,
  name: Text(FIELD_LIMITS.name),
  phone: v.optional(E164Phone),
  email: v.optional(Email),
  address: Optional(FIELD_LIMITS.address),
  city: Optional(FIELD_LIMITS.short),
  location: v.optional(Location),
  tags: v.optional(Tags),
  active: v.optional(v.boolean()),
});
export type UpsertCustomer = v.InferOutput<typeof UpsertCustomer>;

/**
 * A booking was cancelled. SalesMania's API has no visit delete, so this is recorded (status `ignored`,
 * with the visit it concerns) for a person to remove the visit in the SalesMania app if needed.
 */
export const CancelVisit = v.object({
  kind: v.literal("CancelVisit"),
  ...CUSTOMER_ON_DATE,
  reason: Optional(FIELD_LIMITS.description),
});
export type CancelVisit = v.InferOutput<typeof CancelVisit>;

/** A command's JSON stays far below DynamoDB's 400 KB item, which also holds the event's history. */
export const MAX_COMMAND_BYTES = 200 * 1024;

/** Returns `commands` as given; the compiler checks that each key is its command's `kind`. */
function byKind<T extends { [K in keyof T]: v.GenericSchema<unknown, { kind: K }> }>(commands: T): T {
  return commands;
}

/**
 * The commands a hook's `action` may name, by kind. CancelVisit is not one: booking sources make it from a
 * cancellation of what a CreateVisit hook made.
 */
export const ACTION_COMMANDS = byKind({ CreateVisit, CreateOrder, UpdateOrder, UpsertCustomer });
export type ActionKind = keyof typeof ACTION_COMMANDS;
/** A hook action's command type, e.g. `ActionCommand<"CreateOrder">`. */
export type ActionCommand<K extends ActionKind> = v.InferOutput<(typeof ACTION_COMMANDS)[K]>;
export const ACTIONS = Object.keys(ACTION_COMMANDS) as ActionKind[];

export const Command = v.pipe(
  v.variant("kind", [...Object.values(ACTION_COMMANDS), CancelVisit]),
  v.check(
    (command) => Buffer.byteLength(JSON.stringify(command)) <= MAX_COMMAND_BYTES,
    `the command is larger than ${MAX_COMMAND_BYTES} bytes of JSON (an order of many long lines: split it)`,
  ),
);
export type Command = v.InferOutput<typeof Command>;
export type CommandKind = Command["kind"];

/** What a source adapter hands to the pipeline: a command plus how to recognise it again. */
/**
 * Where a dedup key comes from, best first: the provider's own id (or the hook's `dedup.field`), the sender's
 * `Idempotency-Key` header, the command's business key; a rejected request with none of these is keyed by
 * its body's hash.
 */
export const DEDUP_KEY_SOURCES = ["native", "idempotency-key", "business-key", "body-hash"] as const;
export type DedupKeySource = (typeof DEDUP_KEY_SOURCES)[number];

export interface NormalizedEvent {
  command: Command;
  /**
   * Stable across redeliveries of the same event: the provider's native id (+ event type), else the
   * `Idempotency-Key` header, else the business key. Unique per hook (the ledger prefixes the hook id).
   */
  dedupKey: string;
  /** Where the dedup key came from, for operators. */
  dedupKeySource: Exclude<DedupKeySource, "body-hash">;
  /** The source's own ids (event id, response id, booking uid…), kept for tracing. */
  nativeIds: Record<string, string>;
  /** When the source says the event happened (ISO 8601), if it says. */
  occurredAt?: string;
  /** What the mapping left out under the hook's policies (a dropped phone), kept on the record. */
  notes?: string[];
}

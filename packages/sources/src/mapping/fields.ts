// The command fields a hook may map, per action, with the type each value is coerced to. The configuration
// check uses this list to reject unknown targets; the mapper uses the types to coerce stringly-typed input
// (form posts, Zapier) without the user spelling out a transform for every field. Each table is checked
// against the command's valibot type: a field the command lacks, or a coercion its value cannot take, does
// not compile.
import type {
  ActionCommand,
  ActionKind,
  CreateOrder,
  CreateVisit,
  OrderLineCommand,
  UpdateOrder,
  UpsertCustomer,
} from "@smx/core";
import type { OrderStatus } from "@smx/salesmania";

/** What each coercion produces. */
interface CoercedValues {
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  date: string;
  phone: string;
  email: string;
  list: string[];
  discount: string;
  orderStatus: OrderStatus;
}
export type FieldType = keyof CoercedValues;

/** The coercions whose result a command value of type `V` accepts. */
type CoercionsFor<V> = { [T in FieldType]: CoercedValues[T] extends V ? T : never }[FieldType];

/** Fields the mapping never sets: the action sets `kind`, the customer policy `createIfMissing`. */
type Unmapped = "kind" | "createIfMissing";

/** Every mappable leaf of `T` as a dotted path; a list is a leaf (`customer.tags`). */
type Paths<T, Prefix extends string = ""> = {
  [K in Exclude<keyof T & string, Unmapped>]-?: NonNullable<T[K]> extends readonly unknown[]
    ? `${Prefix}${K}`
    : NonNullable<T[K]> extends object
      ? Paths<NonNullable<T[K]>, `${Prefix}${K}.`>
      : `${Prefix}${K}`;
}[Exclude<keyof T & string, Unmapped>];

/** The value type at a dotted path of `T`. */
type ValueAt<T, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? ValueAt<NonNullable<T[Head]>, Rest>
    : never
  : Path extends keyof T
    ? NonNullable<T[Path]>
    : never;

/** A field table for command type `C`: only its own dotted fields, each with a coercion its value takes. */
export type FieldTable<C> = { readonly [P in Paths<C>]?: CoercionsFor<ValueAt<C, P>> };

const CUSTOMER_REF = {
  "customer.id": "integer",
  "customer.extCustNo": "string",
  "customer.phone": "phone",
  "customer.email": "email",
  "customer.name": "string",
  "customer.address": "string",
  "customer.city": "string",
  "customer.location.lat": "number",
  "customer.location.lon": "number",
  "customer.tags": "list",
} as const satisfies FieldTable<CreateVisit>;

const VISIT = { ...CUSTOMER_REF, date: "date", teamId: "integer" } as const satisfies FieldTable<CreateVisit>;

export const COMMAND_FIELDS: { readonly [K in ActionKind]: FieldTable<ActionCommand<K>> } = {
  CreateVisit: VISIT,
  CreateOrder: {
    ...VISIT,
    discPercent: "discount",
    discAmount: "number",
    description: "string",
    status: "orderStatus",
    extOrderNo: "string",
    extOrderStatusName: "string",
    totalPaid: "number",
    visitStatus: "string",
  } satisfies FieldTable<CreateOrder>,
  UpdateOrder: {
    "order.id": "integer",
    "order.extOrderNo": "string",
    status: "orderStatus",
    totalPaid: "number",
    extOrderStatusName: "string",
    description: "string",
  } satisfies FieldTable<UpdateOrder>,
  UpsertCustomer: {
    extCustNo: "string",
    name: "string",
    phone: "phone",
    email: "email",
    address: "string",
    city: "string",
    "location.lat": "number",
    "location.lon": "number",
    tags: "list",
    active: "boolean",
  } satisfies FieldTable<UpsertCustomer>,
};

/** Fields of one order line (`hook.lines.mapping`). */
export const LINE_FIELDS = {
  "product.id": "integer",
  "product.extProductCode": "string",
  "product.sku": "string",
  qty: "number",
  unit: "string",
  price: "number",
  discPercent: "discount",
  discAmount: "number",
  description: "string",
  extOrderLineId: "integer",
} as const satisfies FieldTable<OrderLineCommand>;

/** A table as the mapper and the configuration check read it: field path → coercion. */
export type FieldTypes = { readonly [field: string]: FieldType | undefined };

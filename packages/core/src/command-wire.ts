// Command → SalesMania request bodies: the one place our camelCase command fields meet their snake_case wire
// names. Each table is checked by the compiler against both sides: a command field that does not exist, a
// wire field that does not exist, or a wire field of another type does not compile.
import type {
  CustomerInput,
  CustomerPatch,
  OrderInput,
  OrderLine,
  OrderPatch,
  ProductUnit,
  VisitInput,
} from "@smx/salesmania";
import type {
  CreateOrder,
  CreateVisit,
  CustomerRef,
  OrderLineCommand,
  UpdateOrder,
  UpsertCustomer,
} from "./commands.ts";

/** Command field → the wire field it is sent as; only wire fields whose type takes the command value. */
type WireNames<Command, Wire> = {
  readonly [Field in keyof Command]?: {
    [Name in keyof Wire]-?: NonNullable<Command[Field]> extends NonNullable<Wire[Name]> ? Name : never;
  }[keyof Wire];
};

/** The fields of `command` that are set, under their wire names. */
function copySet<Command extends object, Wire>(
  command: Command,
  names: WireNames<Command, Wire>,
): Partial<Wire> {
  const wire: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(names)) {
    const value = (command as Record<string, unknown>)[field];
    if (value !== undefined) wire[name as string] = value;
  }
  return wire as Partial<Wire>;
}

const ORDER = {
  teamId: "team_id",
  discPercent: "disc_percent",
  discAmount: "disc_amount",
  description: "description",
  status: "status",
  extOrderNo: "ext_order_no",
  extOrderStatusName: "ext_order_status_name",
  totalPaid: "total_paid",
  visitStatus: "visit_status",
} as const satisfies WireNames<CreateOrder, OrderInput>;

const ORDER_LINE = {
  discPercent: "item_disc_percent",
  discAmount: "item_disc_amount",
  description: "description",
  extOrderLineId: "ext_order_line_id",
} as const satisfies WireNames<OrderLineCommand, OrderLine>;

const ORDER_PATCH = {
  status: "status",
  totalPaid: "total_paid",
  extOrderStatusName: "ext_order_status_name",
  description: "description",
} as const satisfies WireNames<UpdateOrder, OrderPatch>;

/** What a customer reference creates a customer with (its email is ours: SalesMania has no such field). */
const NEW_CUSTOMER = {
  name: "name",
  address: "address",
  city: "city",
  phone: "phone",
  extCustNo: "ext_cust_no",
  location: "location",
  tags: "tags",
} as const satisfies WireNames<CustomerRef, CustomerInput>;

const UPSERT_CUSTOMER = {
  ...NEW_CUSTOMER,
  active: "status",
} as const satisfies WireNames<UpsertCustomer, CustomerPatch>;

/** `POST /v1.1/visits`: the visit for the resolved customer, in `teamId` when one is known. */
export function visitInput(command: CreateVisit, customerId: number, teamId: number | undefined): VisitInput {
  return {
    date: command.date,
    customer_id: customerId,
    ...(teamId === undefined ? {} : { team_id: teamId }),
  };
}

/** `POST /orders`: the order's fields, for the resolved customer and lines. */
export function orderInput(command: CreateOrder, customerId: number, lines: OrderLine[]): OrderInput {
  return { date: command.date, customer_id: customerId, ordered_products: lines, ...copySet(command, ORDER) };
}

/** One wire order line: the resolved product and unit; the unit's price unless the line gives one. */
export function orderLine(
  line: OrderLineCommand,
  productId: number,
  unit: Omit<ProductUnit, "ratio">,
): OrderLine {
  return {
    product_id: productId,
    qty: line.qty,
    unit: unit.name,
    price: line.price ?? unit.price,
    ...copySet(line, ORDER_LINE),
  };
}

/** `PATCH /orders/{id}`. */
export function orderPatch(command: UpdateOrder): OrderPatch {
  return copySet(command, ORDER_PATCH);
}

/** `POST /customers` for a reference under `match-or-create` (its name is required to get here). */
export function newCustomerInput(ref: CustomerRef & { name: string }): CustomerInput {
  return { ...copySet(ref, NEW_CUSTOMER), name: ref.name };
}

/** The customer fields an UpsertCustomer sets, for `POST` or `PATCH /customers`. */
export function upsertCustomerFields(command: UpsertCustomer): CustomerInput {
  return { ...copySet(command, UPSERT_CUSTOMER), name: command.name };
}

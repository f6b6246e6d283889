// Turning a command's references (customer, products, units) into SalesMania ids: the directory first,
// then one refresh from the API, then (customers under `match-or-create`) a create.

import type { OrderLine } from "@smx/salesmania";
import { SalesmaniaHttpError } from "@smx/salesmania";
import { newCustomerInput, orderLine } from "./command-wire.ts";
import type { CustomerRef, OrderLineCommand } from "./commands.ts";
import { type CustomerClaimer, createCustomerOnce, findCustomer } from "./customer-claims.ts";
import {
  customerKeysOf,
  type DirectoryKind,
  type DirectoryRefresher,
  directoryProductFrom,
  phoneKey,
} from "./directory.ts";
import { ResolutionError } from "./errors.ts";
import type { Connection, CustomerKey, DirectoryProduct, DirectoryStore, ProductKey } from "./ports.ts";

export interface ResolutionContext {
  connection: Connection;
  directory: DirectoryStore;
  refresher: DirectoryRefresher;
  signal: AbortSignal;
  /** Refresh on a miss even if the interval has not passed (an operator's replay after fixing data). */
  forceRefresh?: boolean;
  /** Kinds refreshed during this delivery: one refresh per kind per delivery is enough. */
  refreshed?: Set<DirectoryKind>;
  /** Who claims a new customer's keys before creating it (the pipeline's attempt); see customer-claims.ts. */
  claimer?: CustomerClaimer;
}

export interface ResolvedCustomer {
  id: number;
  how: "id" | "directory" | "api" | "created";
}

/** The directory keys a reference can be found by (normalized as the directory stores them). */
function customerKeys(ref: CustomerRef): CustomerKey[] {
  return customerKeysOf({
    extCustNo: ref.extCustNo,
    phone: ref.phone === undefined ? undefined : phoneKey(ref.phone),
    email: ref.email?.toLowerCase(),
    name: ref.name,
    address: ref.address,
  });
}

/** Refreshes `kind` once per delivery; false when the refresh interval says the directory is fresh. */
async function refreshOnce(kind: DirectoryKind, ctx: ResolutionContext): Promise<boolean> {
  ctx.refreshed ??= new Set();
  if (ctx.refreshed.has(kind)) return false;
  ctx.refreshed.add(kind);
  return ctx.refresher.refresh(kind, ctx.connection, ctx.signal, { force: ctx.forceRefresh === true });
}

/**
 * Finds a customer by directory, then by an API refresh. `undefined` when neither knows it; the caller decides
 * whether to create it.
 */
export async function findCustomerId(
  ref: CustomerRef,
  ctx: ResolutionContext,
): Promise<ResolvedCustomer | undefined> {
  if (ref.id !== undefined) return { id: ref.id, how: "id" };
  const keys = customerKeys(ref);
  const cached = await findCustomer(keys, ctx);
  if (cached !== undefined) return { id: cached, how: "directory" };
  if (!(await refreshOnce("customers", ctx))) return undefined;
  const fresh = await findCustomer(keys, ctx);
  return fresh === undefined ? undefined : { id: fresh, how: "api" };
}

/**
 * A customer id for `ref`. An id is trusted as given (no call: SalesMania rejects an unknown one on the
 * create itself). Creates the customer when `ref.createIfMissing`; otherwise `customer_not_found`.
 */
export async function resolveCustomer(
  ref: CustomerRef,
  ctx: ResolutionContext,
  field = "customer",
): Promise<ResolvedCustomer> {
  const found = await findCustomerId(ref, ctx);
  if (found) return found;
  const described = describeCustomer(ref);
  if (!ref.createIfMissing) {
    throw new ResolutionError(
      "customer_not_found",
      field,
      `no customer matches ${described} (policy match-only: not created)`,
    );
  }
  if (!ref.name) {
    throw new ResolutionError(
      "customer_not_found",
      `${field}.name`,
      `no customer matches ${described}, and one cannot be created without a name`,
    );
  }
  const made = await createCustomerOnce(newCustomerInput({ ...ref, name: ref.name }), ref.email, ctx);
  return { id: made.id, how: made.created ? "created" : "directory" };
}

function describeCustomer(ref: CustomerRef): string {
  const parts: string[] = [];
  if (ref.extCustNo) parts.push(`extCustNo "${ref.extCustNo}"`);
  if (ref.phone) parts.push(`phone ${ref.phone}`);
  if (ref.email) parts.push(`email ${ref.email}`);
  if (ref.name && ref.address) parts.push(`name "${ref.name}" + address "${ref.address}"`);
  return parts.join(", ") || "the reference";
}

function productKeys(line: OrderLineCommand): ProductKey[] {
  const keys: ProductKey[] = [];
  if (line.product.id !== undefined) keys.push({ by: "id", value: line.product.id });
  if (line.product.extProductCode) keys.push({ by: "extProductCode", value: line.product.extProductCode });
  if (line.product.sku) keys.push({ by: "sku", value: line.product.sku });
  return keys;
}

async function findProduct(keys: ProductKey[], ctx: ResolutionContext) {
  for (const key of keys) {
    const found = await ctx.directory.findProduct(ctx.connection.id, key);
    if (found) return found;
  }
  return undefined;
}

async function resolveProduct(
  line: OrderLineCommand,
  field: string,
  ctx: ResolutionContext,
): Promise<DirectoryProduct> {
  const keys = productKeys(line);
  const cached = await findProduct(keys, ctx);
  if (cached) return cached;
  if (await refreshOnce("products", ctx)) {
    const fresh = await findProduct(keys, ctx);
    if (fresh) return fresh;
  }
  const { product } = line;
  const described = keys.map((k) => `${k.by} ${JSON.stringify(k.value)}`).join(", ");
  if (product.id !== undefined) {
    // An id outside the refresh interval may be new: one exact read settles it.
    try {
      const read = await ctx.connection.api.products.get(product.id, { signal: ctx.signal });
      const entry = directoryProductFrom(read);
      await ctx.directory.putProduct(ctx.connection.id, entry);
      return entry;
    } catch (error) {
      if (!(error instanceof SalesmaniaHttpError && error.status === 404)) throw error;
    }
  }
  throw new ResolutionError("product_not_found", field, `no product matches ${described}`);
}

/** Wire order lines: product ids, the unit (base unit when omitted) and its price (when omitted). */
export async function resolveOrderLines(
  lines: readonly OrderLineCommand[],
  ctx: ResolutionContext,
): Promise<OrderLine[]> {
  const resolved: OrderLine[] = [];
  for (const [index, line] of lines.entries()) {
    const product = await resolveProduct(line, `lines[${index}].product`, ctx);
    const unit =
      line.unit === undefined
        ? product.units.find((u) => u.ratio === 1)
        : product.units.find((u) => u.name.toLowerCase() === line.unit?.toLowerCase());
    if (unit === undefined) {
      const names = product.units.map((u) => u.name).join(", ") || "(none)";
      throw new ResolutionError(
        "unit_not_found",
        `lines[${index}].unit`,
        line.unit === undefined
          ? `product ${product.id} has no base unit (ratio 1); units: ${names}`
          : `product ${product.id} has no unit "${line.unit}"; expected one of: ${names}`,
      );
    }
    resolved.push(orderLine(line, product.id, unit));
  }
  return resolved;
}

// `resolve --existing`: an operator says the create of an `unknown_outcome` event did happen and names the
// SalesMania record. It is read back (GET) and checked against the event before the event is marked
// delivered with it, so a typo'd id cannot close the wrong event.
import { SalesmaniaError, SalesmaniaHttpError } from "@smx/salesmania";
import { ResolveError } from "./errors.ts";
import type { DeliveryResult, EventRecord } from "./ledger.ts";
import type { ConnectionProvider, DirectoryStore } from "./ports.ts";

export async function confirmExisting(
  deps: { connections: ConnectionProvider; directory: DirectoryStore },
  record: EventRecord,
  salesmaniaId: number,
  actor: string,
): Promise<DeliveryResult> {
  const { eventId, command } = record;
  if (command?.kind !== "CreateOrder") {
    throw new ResolveError(
      eventId,
      "unsupported",
      `only an order create can be confirmed by its id (this event is ${command?.kind ?? "without a command"}); resolve it --not-created or dismiss it`,
    );
  }
  const connection = await deps.connections.get(record.connectionId);
  let order: Awaited<ReturnType<typeof connection.api.orders.get>>;
  try {
    order = await connection.api.orders.get(salesmaniaId, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    if (error instanceof SalesmaniaHttpError && error.status === 404)
      throw new ResolveError(eventId, "not_found", `SalesMania has no order ${salesmaniaId}`);
    if (error instanceof SalesmaniaError)
      throw new ResolveError(
        eventId,
        "unavailable",
        `reading order ${salesmaniaId} failed: ${error.message}`,
      );
    throw error;
  }
  const expected = command.extOrderNo;
  if (expected !== undefined && order.ext_order_no !== undefined && order.ext_order_no !== expected) {
    throw new ResolveError(
      eventId,
      "mismatch",
      `order ${salesmaniaId} is ext_order_no "${order.ext_order_no}", this event's order is "${expected}"`,
    );
  }
  if (command.customer.id !== undefined && order.customer_id !== command.customer.id) {
    throw new ResolveError(
      eventId,
      "mismatch",
      `order ${salesmaniaId} is for customer ${order.customer_id}, this event's is ${command.customer.id}`,
    );
  }
  // Updates that name the order by its ERP number find it from now on.
  if (expected !== undefined) await deps.directory.putOrderId(record.connectionId, expected, salesmaniaId);
  return {
    ids: { orderId: salesmaniaId, customerId: order.customer_id },
    reconciled: true,
    note: `confirmed by ${actor}: order ${salesmaniaId} exists in SalesMania`,
  };
}

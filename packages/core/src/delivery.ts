// Applying one command to SalesMania and classifying what happened. `deliver` never decides timing (the
// pipeline turns `retry` into a next attempt time) and never repeats a create whose outcome is unknown
// without first looking for its effect.

import type { VisitInput } from "@smx/salesmania";
import { SalesmaniaError, SalesmaniaResponseShapeError } from "@smx/salesmania";
import { orderInput, orderPatch, upsertCustomerFields, visitInput } from "./command-wire.ts";
import type {
  CancelVisit,
  Command,
  CreateOrder,
  CreateVisit,
  UpdateOrder,
  UpsertCustomer,
} from "./commands.ts";
import { createCustomerOnce } from "./customer-claims.ts";
import { directoryCustomerFrom } from "./directory.ts";
import { ResolutionError } from "./errors.ts";
import { classifyFailure, errorInfo, type Failure, isExpectedFailure } from "./failures.ts";
import type { DeliveryResult, ErrorInfo } from "./ledger.ts";
import type { Logger } from "./ports.ts";
import { findCustomerId, type ResolutionContext, resolveCustomer, resolveOrderLines } from "./resolution.ts";

export type DeliveryOutcome =
  | { status: "delivered"; result: DeliveryResult }
  | { status: "ignored"; result: DeliveryResult }
  | Failure
  | { status: "unknown_outcome"; error: ErrorInfo };

/** The `ErrorInfo.code` of a visit create whose effect is unknown: the next attempt reconciles first. */
export const OUTCOME_UNKNOWN = "outcome_unknown";

export interface DeliveryContext extends ResolutionContext {
  logger: Logger;
  /**
   * An earlier attempt may have applied this create (its answer was lost, or its worker stopped mid-call):
   * a visit is looked for before it is created; an order is parked as `unknown_outcome`.
   */
  createMayHaveApplied?: boolean;
  /** An operator replayed it, having checked SalesMania: an order is created even if an earlier try may have. */
  operatorReplay?: boolean;
}

/** Delivers `command`. Unexpected errors (bugs, a store outage) propagate; failures.ts classifies them too. */
export async function deliver(command: Command, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  try {
    switch (command.kind) {
      case "CreateVisit":
        return await createVisit(command, ctx);
      case "CreateOrder":
        return await createOrder(command, ctx);
      case "UpdateOrder":
        return await updateOrder(command, ctx);
      case "UpsertCustomer":
        return await upsertCustomer(command, ctx);
      case "CancelVisit":
        return cancelVisit(command);
    }
  } catch (error) {
    if (!isExpectedFailure(error)) throw error;
    return classifyFailure(error);
  }
}

/** A create that may have taken effect: no answer, a 5xx after sending, or a 2xx we could not read. */
function mayHaveApplied(error: unknown): error is SalesmaniaError {
  return (
    error instanceof SalesmaniaError &&
    (error.outcomeUnknown || error instanceof SalesmaniaResponseShapeError)
  );
}

async function createVisit(command: CreateVisit, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const customer = await resolveCustomer(command.customer, ctx);
  // Pin the team the API would default to (the team token's), so reconciliation compares one team, not
  // every team's visits of that customer and date.
  const teamId = command.teamId ?? (await ctx.connection.api.auth.teamId({ signal: ctx.signal }));
  const input = visitInput(command, customer.id, teamId);
  const delivered = (reconciled: boolean): DeliveryOutcome => ({
    status: "delivered",
    result: { ids: { customerId: customer.id }, customer, ...(reconciled ? { reconciled: true } : {}) },
  });

  if (ctx.createMayHaveApplied && (await visitExists(input, ctx))) return delivered(true);
  // At most two creates per attempt: the second only after reconciliation showed the first left nothing.
  for (let creates = 1; ; creates++) {
    try {
      await ctx.connection.api.visits.create(input, { signal: ctx.signal });
      return delivered(false);
    } catch (error) {
      if (!mayHaveApplied(error)) throw error;
      const unknown = { ...errorInfo(error), code: OUTCOME_UNKNOWN };
      let exists: boolean;
      try {
        exists = await visitExists(input, ctx);
      } catch (listError) {
        const why = listError instanceof Error ? listError.message : String(listError);
        return {
          status: "retry",
          error: { ...unknown, message: `${unknown.message}; reconciling failed: ${why}` },
        };
      }
      if (exists) return delivered(true);
      if (creates >= 2 || ctx.signal.aborted) return { status: "retry", error: unknown };
      ctx.logger.info("visit create outcome unknown and no visit found; creating again", { error: unknown });
    }
  }
}

/**
 * SalesMania returns no visit id, so the day's list is the only evidence: a visit for this customer (and
 * team — known unless the team token cannot be read) on that date counts as this event's.
 */
async function visitExists(input: VisitInput, ctx: DeliveryContext): Promise<boolean> {
  const query: { date: string; teamId?: number } = { date: input.date };
  if (input.team_id !== undefined) query.teamId = input.team_id;
  for await (const visit of ctx.connection.api.visits.iterate(query, { signal: ctx.signal })) {
    if (
      visit.customer_id === input.customer_id &&
      (input.team_id === undefined || visit.team_id === input.team_id)
    ) {
      return true;
    }
  }
  return false;
}

async function createOrder(command: CreateOrder, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const { connection, directory } = ctx;
  if (command.extOrderNo !== undefined) {
    // Another event (other dedup key, same ERP order) may have created it already.
    const existing = await directory.findOrderId(connection.id, command.extOrderNo);
    if (existing !== undefined) {
      return {
        status: "delivered",
        result: {
          ids: { orderId: existing },
          reconciled: true,
          note: `order ${command.extOrderNo} was already created by this service (order ${existing})`,
        },
      };
    }
  }
  if (ctx.createMayHaveApplied && !ctx.operatorReplay) {
    return {
      status: "unknown_outcome",
      error: {
        code: OUTCOME_UNKNOWN,
        message:
          "an earlier attempt stopped while creating this order; SalesMania has no order search, so a person must check the order list and replay or drop it",
      },
    };
  }
  const customer = await resolveCustomer(command.customer, ctx);
  const lines = await resolveOrderLines(command.lines, ctx);
  const input = orderInput(command, customer.id, lines);

  let orderId: number;
  try {
    orderId = (await connection.api.orders.create(input, { signal: ctx.signal })).id;
  } catch (error) {
    if (!mayHaveApplied(error)) throw error;
    // Never repeated: without an order search, a second create could double a real order.
    return { status: "unknown_outcome", error: { ...errorInfo(error), code: OUTCOME_UNKNOWN } };
  }
  const result: DeliveryResult = { ids: { orderId, customerId: customer.id }, customer };
  if (command.extOrderNo !== undefined) {
    try {
      await directory.putOrderId(connection.id, command.extOrderNo, orderId);
    } catch (error) {
      // The order exists: turning this into a retry would create it twice. Logged; updates by extOrderNo
      // will wait (order_not_found) until an operator fixes the index.
      ctx.logger.error("order created but its extOrderNo could not be indexed", {
        orderId,
        extOrderNo: command.extOrderNo,
        error: error instanceof Error ? error.message : String(error),
      });
      result.note = `extOrderNo ${command.extOrderNo} was not indexed; updates by extOrderNo will not find it`;
    }
  }
  return { status: "delivered", result };
}

async function updateOrder(command: UpdateOrder, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const { order } = command;
  const orderId =
    order.id ??
    (order.extOrderNo ? await ctx.directory.findOrderId(ctx.connection.id, order.extOrderNo) : undefined);
  if (orderId === undefined) {
    throw new ResolutionError(
      "order_not_found",
      "order.extOrderNo",
      `no order "${order.extOrderNo}" has been delivered yet (it may still be on its way)`,
      { retryable: true },
    );
  }
  await ctx.connection.api.orders.update(orderId, orderPatch(command), { signal: ctx.signal });
  return { status: "delivered", result: { ids: { orderId } } };
}

async function upsertCustomer(command: UpsertCustomer, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const fields = upsertCustomerFields(command);

  let found = await findCustomerId({ extCustNo: command.extCustNo, createIfMissing: false }, ctx);
  if (found === undefined) {
    const { id, created } = await createCustomerOnce(fields, command.email, ctx);
    if (created)
      return { status: "delivered", result: { ids: { customerId: id }, customer: { id, how: "created" } } };
    found = { id, how: "directory" }; // created by another event a moment ago: this upsert updates it
  }
  await ctx.connection.api.customers.update(found.id, fields, { signal: ctx.signal });
  await ctx.directory.putCustomer(
    ctx.connection.id,
    directoryCustomerFrom({ ...fields, id: found.id }, command.email),
  );
  return { status: "delivered", result: { ids: { customerId: found.id }, customer: found } };
}

function cancelVisit(command: CancelVisit): DeliveryOutcome {
  const who =
    command.customer.id ?? command.customer.extCustNo ?? command.customer.phone ?? command.customer.email;
  return {
    status: "ignored",
    result: {
      ids: {},
      note: `SalesMania's API has no visit delete: remove the visit of ${who ?? "the customer"} on ${command.date} in the SalesMania app if it should not happen${command.reason ? ` (reason: ${command.reason})` : ""}`,
    },
  };
}

// Creating a customer exactly once, however many events name the same new customer at once and in however
// many containers: the event first claims the customer's keys (connection + ext code / phone / email /
// name+address) in the ledger table, then creates. An event that finds the keys held waits briefly for the
// winner's customer to appear in the directory, else retries later; it never creates a second one. The
// evidence rules are the visits': after a try that may have created it (a lost answer, a worker that died),
// SalesMania is listed again before any create.
import { setTimeout as sleep } from "node:timers/promises";
import type { CustomerInput } from "@smx/salesmania";
import { SalesmaniaError, SalesmaniaResponseShapeError } from "@smx/salesmania";
import { customerKeysOf, directoryCustomerFrom } from "./directory.ts";
import { ResolutionError } from "./errors.ts";
import type { Lease } from "./ledger.ts";
import type { Clock, CustomerClaim, CustomerKey, Logger } from "./ports.ts";
import type { ResolutionContext } from "./resolution.ts";

/** What an attempt needs to claim a customer's keys: who it is, and its lease. */
export interface CustomerClaimer {
  /** The event id. */
  owner: string;
  /** The event's claim token (random per attempt). */
  token: string;
  /** Epoch ms the event's own lease ends: the customer claim holds as long. */
  leaseUntil: number;
  clock: Clock;
  logger: Logger;
}

/** The claimer of a claimed event's attempt: a customer it creates is claimed as long as the event is. */
export function customerClaimer(lease: Lease, clock: Clock, logger: Logger): CustomerClaimer {
  return { owner: lease.eventId, token: lease.token, leaseUntil: lease.until, clock, logger };
}

/** How long a loser waits for the winner's customer before it retries later (the winner needs one POST). */
const WAIT_STEPS_MS = [50, 100, 200, 400, 800, 1_000];

/**
 * Creates the customer `input` describes (and indexes it), unless another event is creating it (its id is
 * waited for) or an earlier try already did (its id is found). `created` says whether this call created it.
 */
export async function createCustomerOnce(
  input: CustomerInput,
  email: string | undefined,
  ctx: ResolutionContext,
): Promise<{ id: number; created: boolean }> {
  const keys = customerKeysOf(directoryCustomerFrom({ ...input, id: 0 }, email));
  const claimer = ctx.claimer;
  // A customer known by its name alone has nothing to claim (and nothing to be found by).
  if (claimer === undefined || keys.length === 0) {
    return { id: await createAndIndexCustomer(input, email, ctx), created: true };
  }
  const claim: CustomerClaim = {
    owner: claimer.owner,
    token: claimer.token,
    now: claimer.clock.now(),
    leaseUntil: claimer.leaseUntil,
  };
  const { connection, directory } = ctx;
  const result = await directory.claimCustomer(connection.id, keys, claim);
  if (result.kind === "held") {
    const id = await waitForCustomer(keys, ctx);
    if (id !== undefined) return { id, created: false };
    throw new ResolutionError(
      "customer_pending",
      "customer",
      `event ${result.owner} is creating this customer right now; this event is retried once it exists`,
      { retryable: true },
    );
  }
  const release = () =>
    directory.releaseCustomer(connection.id, keys, claim).catch((error: unknown) => {
      // The claim then simply runs out; a later claimer looks before it creates.
      claimer.logger.warn("customer claim not released", { error: String(error) });
    });
  // The winner indexes its customer before it releases, so a claim won just after is checked here; a claim
  // taken over from an earlier try may stand for a customer that try created: SalesMania is listed again.
  let found = await findCustomer(keys, ctx);
  if (found === undefined && result.evidence) {
    await ctx.refresher.refresh("customers", connection, ctx.signal, { force: true });
    found = await findCustomer(keys, ctx);
  }
  if (found !== undefined) {
    await release();
    return { id: found, created: false };
  }
  let id: number;
  try {
    id = await createAndIndexCustomer(input, email, ctx);
  } catch (error) {
    // Kept only while the customer may exist (a lost answer, an unreadable 2xx, an index write that failed).
    if (!mayExist(error)) await release();
    throw error;
  }
  await release();
  return { id, created: true };
}

/** Whether a failed create may still have made the customer. */
function mayExist(error: unknown): boolean {
  if (!(error instanceof SalesmaniaError)) return true;
  return error.outcomeUnknown || error instanceof SalesmaniaResponseShapeError;
}

async function waitForCustomer(keys: CustomerKey[], ctx: ResolutionContext): Promise<number | undefined> {
  for (const ms of WAIT_STEPS_MS) {
    try {
      await sleep(ms, undefined, { signal: ctx.signal });
    } catch {
      return undefined;
    }
    const id = await findCustomer(keys, ctx);
    if (id !== undefined) return id;
  }
  return undefined;
}

/** The first key the directory knows, as a customer id. */
export async function findCustomer(keys: CustomerKey[], ctx: ResolutionContext): Promise<number | undefined> {
  for (const key of keys) {
    const found = await ctx.directory.findCustomer(ctx.connection.id, key);
    if (found) return found.id;
  }
  return undefined;
}

/**
 * Creates a customer and indexes it. When the outcome is lost (or the index write fails) the customers
 * refresh interval is reset, so the next attempt re-lists SalesMania and finds it instead of creating twice.
 */
async function createAndIndexCustomer(
  input: CustomerInput,
  email: string | undefined,
  ctx: ResolutionContext,
): Promise<number> {
  const { connection, directory, refresher } = ctx;
  try {
    const created = await connection.api.customers.create(input, { signal: ctx.signal });
    if (created.id === undefined) {
      // ASSUMED response may be `{}`: the id is only learnt by listing.
      throw new ResolutionError(
        "customer_not_found",
        "customer",
        "created in SalesMania but the answer had no id; the next attempt finds it by listing customers",
        { retryable: true },
      );
    }
    await directory.putCustomer(connection.id, directoryCustomerFrom({ ...input, id: created.id }, email));
    return created.id;
  } catch (error) {
    refresher.invalidate("customers", connection.id);
    throw error;
  }
}

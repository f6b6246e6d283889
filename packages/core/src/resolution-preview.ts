// What a command would resolve to in SalesMania — its customer, its order lines, the order it updates —
// found the way delivery finds them (resolution.ts), but writing nothing: the directory is read through a
// scratch overlay that keeps a refresh's entries in memory, and nothing is created. For the hook preview
// (console, admin API, `smx hooks try`).
import type { OrderLine } from "@smx/salesmania";
import type { Command, CustomerRef } from "./commands.ts";
import { DirectoryRefresher } from "./directory.ts";
import { ResolutionError } from "./errors.ts";
import type { Clock, ConnectionProvider, DirectoryStore } from "./ports.ts";
import { systemClock } from "./ports.ts";
import { findCustomerId, type ResolutionContext, resolveOrderLines } from "./resolution.ts";
import { ScratchDirectory } from "./scratch-directory.ts";

export interface ResolutionPreviewDeps {
  connections: ConnectionProvider;
  directory: DirectoryStore;
  clock?: Clock;
}

/** How one reference would resolve: a SalesMania id, created at delivery, or an error delivery would meet. */
export type ReferencePreview =
  | { outcome: "found"; id: number; how: "id" | "directory" | "api" }
  | { outcome: "would_create"; message: string }
  | { outcome: "not_found"; code: string; field: string; message: string };

export interface ResolutionPreview {
  connectionId: string;
  customer?: ReferencePreview;
  /** The wire order lines (product ids, units, prices), or the first line that would not resolve. */
  lines?: { outcome: "resolved"; lines: OrderLine[] } | Extract<ReferencePreview, { outcome: "not_found" }>;
  order?: ReferencePreview;
  /** SalesMania or the directory could not be read (a network failure, a credentials problem). */
  unavailable?: string;
}

/** Every dependency call of a preview shares this deadline. */
export const PREVIEW_DEADLINE_MS = 10_000;

export async function previewResolution(
  command: Command,
  connectionId: string,
  deps: ResolutionPreviewDeps,
): Promise<ResolutionPreview> {
  const preview: ResolutionPreview = { connectionId };
  try {
    const connection = await deps.connections.get(connectionId);
    const directory = new ScratchDirectory(deps.directory);
    const ctx: ResolutionContext = {
      connection,
      directory,
      // Interval 0: a miss lists SalesMania once, as a delivery's first miss would.
      refresher: new DirectoryRefresher(directory, deps.clock ?? systemClock, 0),
      signal: AbortSignal.timeout(PREVIEW_DEADLINE_MS),
    };
    switch (command.kind) {
      case "CreateVisit":
      case "CancelVisit":
        preview.customer = await customerPreview(command.customer, ctx);
        break;
      case "CreateOrder":
        preview.customer = await customerPreview(command.customer, ctx);
        preview.lines = await attempt(async () => ({
          outcome: "resolved" as const,
          lines: await resolveOrderLines(command.lines, ctx),
        }));
        break;
      case "UpsertCustomer":
        // Found: delivery updates it; not found: delivery creates it.
        preview.customer = await customerPreview(
          { extCustNo: command.extCustNo, createIfMissing: true },
          ctx,
        );
        break;
      case "UpdateOrder": {
        const { order } = command;
        const id = order.id ?? (await directory.findOrderId(connection.id, order.extOrderNo ?? ""));
        preview.order =
          id === undefined
            ? notFound(
                new ResolutionError(
                  "order_not_found",
                  "order.extOrderNo",
                  `no order "${order.extOrderNo}" has been delivered yet: delivery would wait for it`,
                ),
              )
            : { outcome: "found", id, how: order.id === undefined ? "directory" : "id" };
        break;
      }
    }
  } catch (error) {
    preview.unavailable = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return preview;
}

async function customerPreview(ref: CustomerRef, ctx: ResolutionContext): Promise<ReferencePreview> {
  const found = await findCustomerId(ref, ctx);
  if (found !== undefined && found.how !== "created") return { outcome: "found", ...found, how: found.how };
  if (ref.createIfMissing) {
    return ref.name || ref.extCustNo
      ? {
          outcome: "would_create",
          message: "no customer matches: delivery would create it (match-or-create)",
        }
      : notFound(
          new ResolutionError(
            "customer_not_found",
            "customer.name",
            "no customer matches, and one cannot be created without a name",
          ),
        );
  }
  return notFound(
    new ResolutionError(
      "customer_not_found",
      "customer",
      "no customer matches (policy match-only: not created)",
    ),
  );
}

/** A resolution that throws a ResolutionError, as its preview; other errors propagate. */
async function attempt<T>(
  run: () => Promise<T>,
): Promise<T | Extract<ReferencePreview, { outcome: "not_found" }>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ResolutionError) return notFound(error);
    throw error;
  }
}

function notFound(error: ResolutionError): Extract<ReferencePreview, { outcome: "not_found" }> {
  return { outcome: "not_found", code: error.code, field: error.field, message: error.message };
}

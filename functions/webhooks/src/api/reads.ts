// The reads behind the Zapier app's connection test, dropdowns, searches and its New Failed Event trigger,
// all for the key's own connection: GET /me, /customers, /products, /teams (core's Catalog: the directory
// for an exact code or phone, else SalesMania; paginated) and /events/failed.
import {
  type Catalog,
  type CatalogPage,
  type CatalogQuery,
  type Connection,
  collectEvents,
  type EventRecord,
} from "@smx/core";
import type { Runtime } from "@smx/runtime";
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { errorAnswer } from "../answers.ts";
import { sendAnswer } from "../respond.ts";
import type { ApiEnv } from "./env.ts";

const Whole = (min: number, max: number, fallback: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, `a whole number from ${min} to ${max}`),
      v.transform(Number),
      v.minValue(min, `a whole number from ${min} to ${max}`),
      v.maxValue(max, `a whole number from ${min} to ${max}`),
    ),
    fallback,
  );
const PagedQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(255, "at most 255 characters"))),
  page: Whole(1, 1000, "1"),
  limit: Whole(1, 100, "25"),
});
const FailedQuery = v.object({ limit: Whole(1, 100, "50") });

/** How far back the failed-events trigger looks, and how many records of each status it reads at most. */
const FAILED_LOOKBACK_DAYS = 14;
const FAILED_SCAN_LIMIT = 500;

export function readRoutes(runtime: Runtime, catalog: Catalog): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const connectionOf = (c: Context<ApiEnv>): Promise<Connection> =>
    runtime.connections.get(c.var.apiKey.connectionId);
  const paged =
    <T>(read: (connection: Connection, query: CatalogQuery) => Promise<CatalogPage<T>>) =>
    async (c: Context<ApiEnv>) => {
      const parsed = v.safeParse(PagedQuery, c.req.query());
      if (!parsed.success) return badQuery(c, parsed.issues[0]);
      const { q, ...page } = parsed.output;
      return c.json(await read(await connectionOf(c), { ...page, ...(q === undefined ? {} : { q }) }));
    };

  routes.get("/me", (c) => {
    const { id, name, connectionId } = c.var.apiKey;
    return c.json({ keyId: id, name, connection: connectionId });
  });
  routes.get(
    "/customers",
    paged((connection, query) => catalog.customers(connection, query)),
  );
  routes.get(
    "/products",
    paged((connection, query) => catalog.products(connection, query)),
  );
  routes.get(
    "/teams",
    paged((connection, query) => catalog.teams(connection, query)),
  );

  routes.get("/events/failed", async (c) => {
    const parsed = v.safeParse(FailedQuery, c.req.query());
    if (!parsed.success) return badQuery(c, parsed.issues[0]);
    const since = new Date(Date.now() - FAILED_LOOKBACK_DAYS * 86_400_000).toISOString();
    const connectionId = c.var.apiKey.connectionId;
    const lists = await Promise.all(
      (["dead", "unknown_outcome"] as const).map((status) =>
        collectEvents(runtime.ledger, { status, since }, FAILED_SCAN_LIMIT),
      ),
    );
    const items = lists
      .flat()
      .filter((record) => record.connectionId === connectionId)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, parsed.output.limit)
      .map(failedEvent);
    return c.json({ items });
  });
  return routes;
}

/** What a Zap sees of a failed event: enough to alert someone and find it with `smx events show`. */
function failedEvent(record: EventRecord) {
  return {
    id: record.eventId,
    eventId: record.eventId,
    status: record.status,
    hookId: record.hookId,
    source: record.source,
    action: record.command?.kind ?? null,
    error: record.lastError ?? null,
    attempts: record.attemptCount,
    receivedAt: record.receivedAt,
    updatedAt: record.updatedAt,
  };
}

function badQuery(c: Context<ApiEnv>, issue: v.BaseIssue<unknown>): Response {
  const field = v.getDotPath(issue) ?? "query";
  return sendAnswer(
    c,
    errorAnswer(400, {
      code: "invalid_query",
      message: `query parameter ${field}: expected ${issue.message}`,
      field,
    }),
  );
}

// Customers and products: the same list/create/get/patch/delete shape over different fields.
import { Hono } from "hono";
import type * as v from "valibot";
import type { Core } from "../core.ts";
import type { SandboxEnv } from "../env.ts";
import { notFound, pageQuery, paginate, pathId, readJson } from "../http.ts";
import type { Table } from "../table.ts";
import { validate } from "../validation.ts";

type Row = { id: number; databaseId: number; status?: boolean | undefined };
type Fields<R extends Row> = Omit<R, "id" | "databaseId">;
/** A PATCH body as valibot's `v.partial` reads it: any field may be left out. */
type Patch<R extends Row> = { [K in keyof Fields<R>]?: Fields<R>[K] | undefined };

export interface CatalogSpec<R extends Row> {
  noun: string;
  table: (core: Core) => Table<R>;
  create: v.GenericSchema<unknown, Fields<R>>;
  patch: v.GenericSchema<unknown, Patch<R>>;
}

/** A record read back: its fields plus `id`, with `status` defaulting to true (active). */
function toWire<R extends Row>({ databaseId: _db, id, ...fields }: R) {
  return { id, ...fields, status: fields.status ?? true };
}

export function catalogRoutes<R extends Row>(core: Core, spec: CatalogSpec<R>): Hono<SandboxEnv> {
  const routes = new Hono<SandboxEnv>();
  const table = spec.table(core);
  const find = (databaseId: number, id: number) => {
    const row = table.get(databaseId, id);
    if (!row) throw notFound(spec.noun, id);
    return row;
  };

  routes.get("/", (c) => {
    const rows = table.list(c.get("access").databaseId).map(toWire);
    return c.json(paginate(rows, pageQuery(c)));
  });

  routes.post("/", async (c) => {
    const fields = validate(spec.create, await readJson(c));
    const row = table.insert({ ...fields, databaseId: c.get("access").databaseId } as Omit<R, "id">);
    core.changed();
    return c.json({ id: row.id });
  });

  routes.get("/:id", (c) => c.json(toWire(find(c.get("access").databaseId, pathId(c, spec.noun)))));

  routes.patch("/:id", async (c) => {
    const row = find(c.get("access").databaseId, pathId(c, spec.noun));
    const changes = validate(spec.patch, await readJson(c));
    table.replace({ ...row, ...changes });
    core.changed();
    return c.json({});
  });

  routes.delete("/:id", (c) => {
    const row = find(c.get("access").databaseId, pathId(c, spec.noun));
    table.delete(row.id);
    core.changed();
    return c.json({});
  });

  return routes;
}

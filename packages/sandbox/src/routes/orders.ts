// Orders: create with every documented check, read back by id, patch the status-like fields.
import { Hono } from "hono";
import type { Core } from "../core.ts";
import type { SandboxEnv } from "../env.ts";
import { notFound, pathId, readJson } from "../http.ts";
import { OrderBody, OrderPatch } from "../schemas.ts";
import type { OrderRecord } from "../types.ts";
import { FieldErrors, validate } from "../validation.ts";
import { checkTeam } from "./teams.ts";

function toWire({ databaseId: _db, id, ...order }: OrderRecord) {
  return { id, ...order };
}

export function orderRoutes(core: Core): Hono<SandboxEnv> {
  const routes = new Hono<SandboxEnv>();
  const { customers, products, orders } = core.store;
  const find = (databaseId: number, id: number) => {
    const order = orders.get(databaseId, id);
    if (!order) throw notFound("order", id);
    return order;
  };

  routes.post("/", async (c) => {
    const { databaseId, teamId: tokenTeam } = c.get("access");
    const body = validate(OrderBody, await readJson(c));
    const teamId = body.team_id ?? tokenTeam;
    const errors = new FieldErrors();
    if (!customers.get(databaseId, body.customer_id))
      errors.add("customer_id", `customer ${body.customer_id} does not exist in database ${databaseId}`);
    checkTeam(core, databaseId, teamId, "team_id", errors);
    body.ordered_products.forEach((line, i) => {
      const product = products.get(databaseId, line.product_id);
      if (!product) {
        errors.add(
          `ordered_products.${i}.product_id`,
          `product ${line.product_id} does not exist in database ${databaseId}`,
        );
        return;
      }
      const units = product.product_units.map((u) => u.name);
      if (!units.includes(line.unit))
        errors.add(`ordered_products.${i}.unit`, `expected one of ${units.join(", ")}, got "${line.unit}"`);
    });
    errors.throwIfAny();
    // New orders start as "Baru" (new) unless the caller says otherwise.
    const order = orders.insert({ ...body, databaseId, team_id: teamId, status: body.status ?? "Baru" });
    core.changed();
    return c.json({ id: order.id });
  });

  routes.get("/:id", (c) => c.json(toWire(find(c.get("access").databaseId, pathId(c, "order")))));

  routes.patch("/:id", async (c) => {
    const order = find(c.get("access").databaseId, pathId(c, "order"));
    const changes = validate(OrderPatch, await readJson(c));
    orders.replace({ ...order, ...changes, status: changes.status ?? order.status });
    core.changed();
    return c.json({});
  });

  return routes;
}

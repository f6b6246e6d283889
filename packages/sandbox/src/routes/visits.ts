// POST /extapi/v1.1/visits (answers `{}`: no id, per the contract) and the day's visit list.
import { Hono } from "hono";
import * as v from "valibot";
import type { Core } from "../core.ts";
import type { Access, SandboxEnv } from "../env.ts";
import { pageQuery, paginate, QueryInt, readJson } from "../http.ts";
import { DateString, VisitBody } from "../schemas.ts";
import { FieldErrors, validate } from "../validation.ts";
import { checkTeam } from "./teams.ts";

const VisitQuery = v.object({ date: DateString, team_id: v.optional(QueryInt) });

export function visitRoutes(core: Core): Hono<SandboxEnv> {
  const routes = new Hono<SandboxEnv>();
  const { customers, visits } = core.store;

  routes.post("/", async (c) => {
    const access: Access = c.get("access");
    const body = validate(VisitBody, await readJson(c));
    const teamId = body.team_id ?? access.teamId;
    const errors = new FieldErrors();
    if (!customers.get(access.databaseId, body.customer_id))
      errors.add(
        "customer_id",
        `customer ${body.customer_id} does not exist in database ${access.databaseId}`,
      );
    checkTeam(core, access.databaseId, teamId, "team_id", errors);
    errors.throwIfAny();
    // Appended as the last of that day's sequence for the team.
    const sameDay = visits.list(access.databaseId, (r) => r.date === body.date && r.team_id === teamId);
    const seq = Math.max(0, ...sameDay.map((r) => r.seq)) + 1;
    visits.insert({
      databaseId: access.databaseId,
      date: body.date,
      customer_id: body.customer_id,
      team_id: teamId,
      seq,
    });
    core.changed();
    return c.json({});
  });

  routes.get("/", (c) => {
    const { date, team_id } = validate(VisitQuery, c.req.query());
    const rows = visits
      .list(
        c.get("access").databaseId,
        (r) => r.date === date && (team_id === undefined || r.team_id === team_id),
      )
      .map(({ id, date, customer_id, team_id, seq }) => ({ id, date, customer_id, team_id, seq }));
    return c.json(paginate(rows, pageQuery(c)));
  });

  return routes;
}

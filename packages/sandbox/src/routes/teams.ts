import { Hono } from "hono";
import type { Core } from "../core.ts";
import type { SandboxEnv } from "../env.ts";
import type { FieldErrors } from "../validation.ts";

/** Adds a 422 reason at `path` unless `teamId` is a team of the database. */
export function checkTeam(core: Core, databaseId: number, teamId: number, path: string, errors: FieldErrors) {
  if (!core.store.databases.get(databaseId)?.teams.some((t) => t.id === teamId))
    errors.add(path, `team ${teamId} is not a team of database ${databaseId}`);
}

/** GET /extapi/v1.0/teams: the teams of the team token's database. */
export function teamRoutes(core: Core): Hono<SandboxEnv> {
  const routes = new Hono<SandboxEnv>();
  routes.get("/", (c) => {
    const db = core.store.databases.get(c.get("access").databaseId);
    return c.json({ data: (db?.teams ?? []).map(({ id, name }) => ({ id, name })) });
  });
  return routes;
}

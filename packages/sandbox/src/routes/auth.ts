// Endpoints 1–3 of the contract plus the team list: bearer token, databases, team token, teams.
import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import * as v from "valibot";
import { bearerUser } from "../access.ts";
import type { Core } from "../core.ts";
import type { SandboxContext, SandboxEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { QueryInt } from "../http.ts";
import type { SeedUser } from "../types.ts";
import { validate } from "../validation.ts";

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The user named by Basic credentials; the same 401 for an unknown user and a wrong password. */
function basicUser(core: Core, c: SandboxContext): SeedUser {
  const match = c.req.header("authorization")?.match(/^Basic (\S+)$/);
  if (!match) throw new ApiError(401, "Authorization header: expected Basic base64(username:password)");
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new ApiError(401, "Authorization header: Basic credentials lack a ':'");
  const user = core.store.users.get(decoded.slice(0, colon));
  if (!user || !sameSecret(user.password, decoded.slice(colon + 1)))
    throw new ApiError(401, "invalid username or password");
  return user;
}

const TeamTokenQuery = v.object({ db_id: QueryInt, team_id: v.optional(QueryInt) });

export function authRoutes(core: Core): Hono<SandboxEnv> {
  const routes = new Hono<SandboxEnv>();

  routes.get("/token", (c) => {
    const session = core.issueBearer(basicUser(core, c).username);
    return c.json({ token: session.token, expires_in: core.bearerTtlSeconds });
  });

  routes.get("/databases", (c) => {
    const user = bearerUser(core, c);
    const data = user.databaseIds.flatMap((id) => {
      const db = core.store.databases.get(id);
      return db ? [{ id: db.id, name: db.name }] : [];
    });
    return c.json({ data });
  });

  routes.get("/team_token", (c) => {
    const user = bearerUser(core, c);
    const query = validate(TeamTokenQuery, c.req.query());
    const db = core.store.databases.get(query.db_id);
    if (!db || !user.databaseIds.includes(db.id))
      throw new ApiError(403, `db_id: user ${user.username} has no access to database ${query.db_id}`);
    // Default team: the user's default team when it belongs to this database, else the first team.
    const teamId =
      query.team_id ??
      (db.teams.some((t) => t.id === user.defaultTeamId) ? user.defaultTeamId : db.teams[0]?.id);
    if (teamId === undefined || !db.teams.some((t) => t.id === teamId))
      throw new ApiError(403, `team_id: team ${teamId ?? "(none)"} is not a team of database ${db.id}`);
    return c.json({ team_token: core.teamTokens.issue(db.id, teamId) });
  });

  return routes;
}

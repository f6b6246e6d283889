// Who is calling: bearer tokens (401 when missing, unknown or expired) and, for data calls, the team
// token query parameter (403 when missing, tampered, or for a database the user cannot access).
import type { MiddlewareHandler } from "hono";
import type { Core } from "./core.ts";
import type { SandboxContext, SandboxEnv } from "./env.ts";
import { ApiError } from "./errors.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { SeedUser } from "./types.ts";

export function bearerUser(core: Core, c: SandboxContext): SeedUser {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer (\S+)$/);
  if (!match) throw new ApiError(401, "Authorization header: expected Bearer <token>");
  const session = core.store.sessions.get(match[1]!);
  const user = session && core.store.users.get(session.username);
  if (!session || !user) throw new ApiError(401, "bearer token is unknown");
  if (session.expiresAt <= core.now()) throw new ApiError(401, "bearer token has expired");
  return user;
}

/** Checks bearer + team token + rate limit, then records the caller's database and team. */
export function dataAccess(core: Core, limiter: RateLimiter): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const user = bearerUser(core, c);
    const token = c.req.query("team_token");
    if (!token) throw new ApiError(403, "team_token query parameter is required");
    const { databaseId, teamId } = core.teamTokens.verify(token);
    if (!user.databaseIds.includes(databaseId))
      throw new ApiError(403, `team_token: user ${user.username} has no access to database ${databaseId}`);
    const db = core.store.databases.get(databaseId);
    if (!db?.teams.some((t) => t.id === teamId))
      throw new ApiError(403, `team_token: team ${teamId} is not a team of database ${databaseId}`);
    if (!limiter.admit(databaseId))
      throw new ApiError(429, `rate limit exceeded for database ${databaseId}`, { "retry-after": "1" });
    c.set("access", { databaseId, teamId });
    await next();
  };
}

// Assembles the simulator: data, tokens, faults, journal, rate limit and the Hono routes.
import { randomBytes } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { dataAccess } from "./access.ts";
import type { Core } from "./core.ts";
import { demoSeed } from "./demo-seed.ts";
import type { SandboxEnv } from "./env.ts";
import {
  ApiError,
  FaultRuleError,
  SandboxSeedError,
  SandboxUsageError,
  SimulatedConnectionDrop,
  ValidationFailedError,
} from "./errors.ts";
import { faultMiddleware } from "./fault-middleware.ts";
import { FaultRegistry } from "./faults.ts";
import { Journal } from "./journal.ts";
import { RateLimiter } from "./rate-limit.ts";
import { adminRoutes } from "./routes/admin.ts";
import { authRoutes } from "./routes/auth.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { orderRoutes } from "./routes/orders.ts";
import { teamRoutes } from "./routes/teams.ts";
import { visitRoutes } from "./routes/visits.ts";
import { CustomerFields, CustomerPatch, ProductFields, ProductPatch } from "./schemas.ts";
import { parseSeed } from "./seed.ts";
import { loadStateFile, StateFileWriter } from "./state-file.ts";
import { Store } from "./store.ts";
import { TeamTokens } from "./team-tokens.ts";
import type { Sandbox, SandboxOptions } from "./types.ts";

/** The sandbox plus `shutdown`, which releases hanging and delayed requests (used by startSandbox). */
export interface SandboxRuntime {
  sandbox: Sandbox;
  shutdown(): void;
}

const ADMIN_PREFIX = "/_sandbox";

/** Runs `middleware` for API requests only: admin calls are neither journaled nor faulted. */
function apiOnly(middleware: MiddlewareHandler<SandboxEnv>): MiddlewareHandler<SandboxEnv> {
  return (c, next) => (c.req.path.startsWith(ADMIN_PREFIX) ? next() : middleware(c, next));
}

export function createSandboxRuntime(options: SandboxOptions = {}): SandboxRuntime {
  const now = options.now ?? Date.now;
  const initialSeed = parseSeed(options.seed ?? demoSeed, "options.seed");
  const stateFile = options.stateFile;
  const saved = stateFile ? loadStateFile(stateFile) : undefined;
  const teamTokens = new TeamTokens(
    options.teamTokenSecret ?? saved?.teamTokenSecret ?? randomBytes(32).toString("base64url"),
  );
  const store = new Store();
  const bearerTtlSeconds = options.bearerTtlSeconds ?? 86_400;
  const writer = stateFile
    ? new StateFileWriter(
        stateFile,
        () => store.snapshot(teamTokens.exportSecret()),
        options.stateWriteIntervalMs,
      )
    : undefined;
  const changed = () => writer?.changed();
  const core: Core = {
    store,
    now,
    bearerTtlSeconds,
    teamTokens,
    changed,
    issueBearer(username) {
      const session = {
        token: randomBytes(32).toString("base64url"),
        username,
        expiresAt: now() + bearerTtlSeconds * 1000,
      };
      store.sessions.set(session.token, session);
      changed();
      return session;
    },
  };
  // A seed that fails half-way must not leave half of it applied.
  const applyAtomically = (mutate: () => void) => {
    const before = store.snapshot(teamTokens.exportSecret());
    try {
      mutate();
    } catch (error) {
      store.restore(before);
      throw error;
    }
    changed();
  };

  if (saved) store.restore(saved);
  else {
    applyAtomically(() => store.applySeed(initialSeed));
    // A new state file exists from the start, not only after the first interval.
    writer?.flush();
  }

  const faults = new FaultRegistry();
  const journal = new Journal();
  const shutdownController = new AbortController();
  const limiter = new RateLimiter(options.rateLimitPerSecond, now);

  const app = new Hono<SandboxEnv>();
  const sandbox: Sandbox = {
    // Hono's Env parameter is invariant; callers only need fetch/request, so the public type is plain Hono.
    app: app as unknown as Hono,
    state: () => store.view(),
    journal: () => journal.entries(),
    clearJournal: () => journal.clear(),
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear(), list: () => faults.list() },
    seed: (seed) => applyAtomically(() => store.applySeed(parseSeed(seed, "seed()"))),
    reset: (seed) =>
      applyAtomically(() => {
        store.clear();
        store.applySeed(seed ? parseSeed(seed, "reset()") : initialSeed);
      }),
    issueBearerToken(username) {
      if (!store.users.has(username))
        throw new SandboxUsageError(`issueBearerToken: expected a seeded username, got "${username}"`);
      return core.issueBearer(username).token;
    },
    issueTeamToken(databaseId, teamId) {
      if (!store.databases.get(databaseId)?.teams.some((t) => t.id === teamId))
        throw new SandboxUsageError(`issueTeamToken: team ${teamId} is not a team of database ${databaseId}`);
      return teamTokens.issue(databaseId, teamId);
    },
  };

  app.onError((error, c) => {
    // Rethrown so app.fetch rejects: in-process, that is how a dropped connection looks.
    if (error instanceof SimulatedConnectionDrop) throw error;
    if (error instanceof ValidationFailedError)
      return c.json({ message: error.message, errors: error.errors }, 422);
    if (error instanceof ApiError)
      return new Response(JSON.stringify({ message: error.message }), {
        status: error.status,
        headers: { "content-type": "application/json", ...error.headers },
      });
    if (error instanceof FaultRuleError || error instanceof SandboxSeedError)
      return c.json({ message: error.message }, 422);
    return c.json({ message: `sandbox internal error: ${error.name}: ${error.message}` }, 500);
  });
  app.notFound((c) => c.json({ message: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));

  app.use("*", apiOnly(journal.middleware(now)));
  app.use("*", apiOnly(faultMiddleware(faults, shutdownController.signal)));
  app.route(ADMIN_PREFIX, adminRoutes(sandbox));
  app.route("/extapi/v1.0", authRoutes(core));

  const access = dataAccess(core, limiter);
  const dataRoutes: [string, Hono<SandboxEnv>][] = [
    ["/extapi/v1.0/teams", teamRoutes(core)],
    [
      "/extapi/v1.0/customers",
      catalogRoutes(core, {
        noun: "customer",
        table: (k) => k.store.customers,
        create: CustomerFields,
        patch: CustomerPatch,
      }),
    ],
    [
      "/extapi/v1.0/products",
      catalogRoutes(core, {
        noun: "product",
        table: (k) => k.store.products,
        create: ProductFields,
        patch: ProductPatch,
      }),
    ],
    ["/extapi/v1.1/visits", visitRoutes(core)],
    ["/extapi/v1.0/orders", orderRoutes(core)],
  ];
  for (const [path, routes] of dataRoutes) {
    // "/x/*" also matches "/x" itself in Hono, so one registration covers list and item routes.
    app.use(`${path}/*`, access);
    app.route(path, routes);
  }

  return {
    sandbox,
    shutdown: () => {
      shutdownController.abort();
      writer?.close();
    },
  };
}

export function createSandbox(options?: SandboxOptions): Sandbox {
  return createSandboxRuntime(options).sandbox;
}

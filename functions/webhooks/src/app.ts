// The webhooks app: inbound hooks, the sender-facing URL check, health, the operator API, the actions API and
// the console. The same app runs on Lambda (lambda.ts) and on Node (server.ts); only the runtime's adapters
// differ.
import { Intake } from "@smx/intake";
import type { Runtime } from "@smx/runtime";
import { Hono } from "hono";
import { answerFor } from "./answers.ts";
import { pathWithout } from "./base-path.ts";
import { withAppBasics } from "./basics.ts";
import type { AppEnv } from "./env.ts";
import { lazyRoutes } from "./lazy-routes.ts";
import { receiveHook } from "./receive.ts";
import { sendAnswer } from "./respond.ts";

export interface AppOptions {
  /** Inline delivery budget per request (ms); default 8000, under Tally's 10 s sender timeout. */
  budgetMs?: number;
  /** The operator API's bearer key; without one the admin API answers 503. */
  adminApiKey?: string;
  /** A custom domain's base path (SMX_BASE_PATH), taken off request paths that start with it. */
  basePath?: string;
}

export const DEFAULT_BUDGET_MS = 8_000;

export function createApp(runtime: Runtime, options: AppOptions = {}): Hono<AppEnv> {
  // Every app here, the lazily loaded ones too (they see the whole path), takes off the base path.
  const routing = options.basePath === undefined ? {} : { getPath: pathWithout(options.basePath) };
  const app = withAppBasics(new Hono<AppEnv>(routing), runtime);
  const intake = new Intake(runtime);
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;

  app.post("/hooks/:hookId", (c) => receiveHook(c, { intake, budgetMs }));

  // Senders (and their setup screens) check the URL with a GET; a configured hook always answers 200.
  app.get("/hooks/:hookId", (c) => {
    const hookId = c.req.param("hookId");
    const hook = runtime.hooks.get(hookId);
    if (hook === undefined) return sendAnswer(c, answerFor({ kind: "unknown_hook", hookId }, Date.now()));
    return c.json({ hook: hook.id, source: hook.source, ready: !hook.disabled });
  });

  app.get("/health", (c) => c.json({ ok: true }));

  // Operator routes load on their first request (lazy-routes.ts): a hook's cold start never builds them.
  lazyRoutes(app, "/admin", async () => {
    const { adminRoutes } = await import("./admin.ts");
    return withAppBasics(new Hono<AppEnv>(routing), runtime).route(
      "/admin",
      adminRoutes(runtime, options.adminApiKey),
    );
  });
  lazyRoutes(app, "/api/v1", async () => {
    const { apiRoutes } = await import("./api/index.ts");
    return withAppBasics(new Hono<AppEnv>(routing), runtime).route(
      "/api/v1",
      apiRoutes(runtime, { intake, budgetMs }),
    );
  });
  lazyRoutes(app, "/console", async () => {
    const { consoleRoutes } = await import("@smx/console");
    return withAppBasics(new Hono<AppEnv>(), runtime).route(
      "/console",
      consoleRoutes(runtime, options.adminApiKey),
    );
  });

  return app;
}

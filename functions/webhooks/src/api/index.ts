// The actions API (/api/v1/...): writes through the intake (actions.ts), reads for dropdowns, searches and
// the failed-events trigger (reads.ts), all behind a per-integration API key (auth.ts). Mounted by app.ts;
// described in docs/openapi.yaml and docs/actions-api.md.
import { Catalog } from "@smx/core";
import type { Intake } from "@smx/intake";
import type { Runtime } from "@smx/runtime";
import { Hono } from "hono";
import { actionRoutes } from "./actions.ts";
import { requireApiKey } from "./auth.ts";
import type { ApiEnv } from "./env.ts";
import { readRoutes } from "./reads.ts";

/** A read's SalesMania calls must finish within this (Zapier gives a dropdown about 30 s in all). */
const READ_TIMEOUT_MS = 10_000;

export function apiRoutes(runtime: Runtime, deps: { intake: Intake; budgetMs: number }): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.use("*", requireApiKey(runtime.apiKeys, runtime.metrics));
  api.route("/", actionRoutes(deps));
  api.route("/", readRoutes(runtime, new Catalog(runtime.directory, READ_TIMEOUT_MS)));
  return api;
}

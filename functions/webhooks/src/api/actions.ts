// POST /api/v1/visits | /orders | /orders/{extOrderNo}/status | /customers: the canonical command fields,
// through the same intake → ledger → delivery path as a hook, answered as a hook is (answers.ts).
import type { ActionKind } from "@smx/core";
import type { Intake } from "@smx/intake";
import { actionsApiSource } from "@smx/sources";
import { type Context, Hono } from "hono";
import { answerFor } from "../answers.ts";
import { sendAnswer } from "../respond.ts";
import type { ApiEnv } from "./env.ts";
import { API_SOURCE, apiHook } from "./hooks.ts";

export interface ActionDeps {
  intake: Intake;
  budgetMs: number;
}

export function actionRoutes(deps: ActionDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const receive = async (c: Context<ApiEnv>, action: ActionKind, fixed: Record<string, unknown> = {}) => {
    const remainingMs = c.env?.lambdaContext?.getRemainingTimeInMillis();
    const outcome = await deps.intake.receiveAuthenticated(
      apiHook(c.var.apiKey, action),
      actionsApiSource(action, fixed),
      c.req.raw,
      {
        budgetMs: deps.budgetMs,
        requestId: c.var.requestId,
        source: API_SOURCE,
        ...(remainingMs === undefined ? {} : { remainingMs }),
      },
    );
    return sendAnswer(c, answerFor(outcome, Date.now()));
  };
  routes.post("/visits", (c) => receive(c, "CreateVisit"));
  routes.post("/orders", (c) => receive(c, "CreateOrder"));
  routes.post("/orders/:extOrderNo/status", (c) =>
    receive(c, "UpdateOrder", { order: { extOrderNo: c.req.param("extOrderNo") } }),
  );
  routes.post("/customers", (c) => receive(c, "UpsertCustomer"));
  return routes;
}

// The webhooks app: inbound hooks, the sender-facing URL check, health, and the operator API. The same app
// runs on Lambda (lambda.ts) and on Node (server.ts); only the runtime's adapters differ.
import { randomUUID } from "node:crypto";
import { StoreUnavailableError } from "@smx/core";
import { Intake } from "@smx/intake";
import type { Runtime } from "@smx/runtime";
import { Hono } from "hono";
import { adminRoutes } from "./admin.ts";
import { answerFor, errorAnswer } from "./answers.ts";
import { pathWithout } from "./base-path.ts";
import type { AppEnv } from "./env.ts";
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
/** How long a sender is asked to wait when the ledger (DynamoDB) is throttling or unreachable. */
const LEDGER_RETRY_AFTER_SECONDS = 30;

export function createApp(runtime: Runtime, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>(
    options.basePath === undefined ? {} : { getPath: pathWithout(options.basePath) },
  );
  const intake = new Intake(runtime);
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;

  app.use("*", async (c, next) => {
    const lambdaEvent = c.env?.event;
    const fromGateway =
      lambdaEvent && "requestContext" in lambdaEvent && "requestId" in lambdaEvent.requestContext
        ? lambdaEvent.requestContext.requestId
        : undefined;
    c.set("requestId", fromGateway ?? randomUUID());
    try {
      await next();
    } finally {
      // On Lambda nothing runs after the answer, so counters are written per request.
      await runtime.metrics.flush();
    }
  });

  app.post("/hooks/:hookId", (c) => receiveHook(c, { intake, budgetMs }));

  // Senders (and their setup screens) check the URL with a GET; a configured hook always answers 200.
  app.get("/hooks/:hookId", (c) => {
    const hookId = c.req.param("hookId");
    const hook = runtime.hooks.get(hookId);
    if (hook === undefined) return sendAnswer(c, answerFor({ kind: "unknown_hook", hookId }, Date.now()));
    return c.json({ hook: hook.id, source: hook.source, ready: !hook.disabled });
  });

  app.get("/health", (c) => c.json({ ok: true }));

  app.route("/admin", adminRoutes(runtime, options.adminApiKey));

  app.notFound((c) =>
    sendAnswer(
      c,
      errorAnswer(404, {
        code: "not_found",
        message: `no route ${c.req.method} ${new URL(c.req.url).pathname}`,
      }),
    ),
  );

  app.onError((error, c) => {
    if (error instanceof StoreUnavailableError) {
      // The ledger could not record the event, so nothing was accepted: ask the sender to come back.
      runtime.logger.error("ledger unavailable", {
        requestId: c.var.requestId,
        error: { name: error.name, message: error.message },
      });
      return sendAnswer(
        c,
        errorAnswer(
          503,
          {
            code: "ledger_unavailable",
            message: `the event store is unavailable; the event was not accepted, send it again later (reference ${c.var.requestId})`,
          },
          { headers: { "retry-after": String(LEDGER_RETRY_AFTER_SECONDS) } },
        ),
      );
    }
    runtime.logger.error("unexpected error", {
      requestId: c.var.requestId,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: { name: error.name, message: error.message, stack: error.stack },
    });
    return sendAnswer(
      c,
      errorAnswer(500, {
        code: "internal_error",
        message: `an unexpected error occurred; it is safe to send the request again (reference ${c.var.requestId})`,
      }),
    );
  });

  return app;
}

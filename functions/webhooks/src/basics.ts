// What every app of the webhooks function shares, the main one and each lazily loaded one (lazy-routes.ts):
// the request id (API Gateway's, else a fresh one), the metrics flush after each request, and the one
// place that maps a missing route or an uncaught error to its answer.
import { randomUUID } from "node:crypto";
import { StoreUnavailableError } from "@smx/core";
import type { Runtime } from "@smx/runtime";
import type { Hono } from "hono";
import { errorAnswer } from "./answers.ts";
import type { AppEnv } from "./env.ts";
import { sendAnswer } from "./respond.ts";

/** How long a sender is asked to wait when the ledger (DynamoDB) is throttling or unreachable. */
const LEDGER_RETRY_AFTER_SECONDS = 30;

export function withAppBasics(app: Hono<AppEnv>, runtime: Pick<Runtime, "logger" | "metrics">): Hono<AppEnv> {
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

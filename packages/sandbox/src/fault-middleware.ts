// Applies the first matching fault rule before the route's own handling (auth included).
import type { MiddlewareHandler } from "hono";
import { dropConnection, sleep, waitForRelease } from "./connection.ts";
import type { SandboxContext, SandboxEnv } from "./env.ts";
import { type ActiveFaultRule, effectiveKind, type FaultRegistry } from "./faults.ts";

function faultAnswer(rule: ActiveFaultRule): Response {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
  return new Response(JSON.stringify({ message: `Simulated fault: HTTP ${status}` }), { status, headers });
}

async function hang(c: SandboxContext, shutdown: AbortSignal): Promise<Response> {
  await waitForRelease(c, shutdown);
  return dropConnection(c);
}

export function faultMiddleware(faults: FaultRegistry, shutdown: AbortSignal): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const rule = faults.take(c.req.method, c.req.path);
    if (!rule) return next();
    const kind = effectiveKind(rule);
    c.set("fault", { ruleId: rule.id, kind: kind ?? "latency" });
    if (rule.latencyMs && (await sleep(rule.latencyMs, shutdown))) return dropConnection(c);
    switch (kind) {
      case undefined:
        return next();
      case "status":
        return faultAnswer(rule);
      case "hang":
        return hang(c, shutdown);
      case "reset":
        return dropConnection(c);
      case "commit-then-fail": {
        await next();
        // A refused request (401, 403, 422, 404…) committed nothing: its real answer stands.
        if (!c.res.ok) return;
        // c.res is already final here; clear it first so Hono does not merge the real answer's headers.
        const after = rule.after ?? "status";
        const replacement =
          after === "status"
            ? faultAnswer(rule)
            : after === "hang"
              ? await hang(c, shutdown)
              : dropConnection(c);
        c.res = undefined;
        c.res = replacement;
        return;
      }
    }
  };
}

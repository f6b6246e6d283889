// The sandbox's own admin API under /_sandbox (no auth: it is a sandbox). Not journaled, not faulted.
import { Hono } from "hono";
import type { SandboxEnv } from "../env.ts";
import { parseFaultRule } from "../faults.ts";
import { readJson } from "../http.ts";
import { parseSeed } from "../seed.ts";
import type { Sandbox } from "../types.ts";

export function adminRoutes(sandbox: Sandbox): Hono<SandboxEnv> {
  const routes = new Hono<SandboxEnv>();

  routes.post("/faults", async (c) => c.json({ id: sandbox.faults.add(parseFaultRule(await readJson(c))) }));
  routes.get("/faults", (c) =>
    // JSON has no Infinity; "Infinity" is also what POST accepts for it.
    c.json({
      data: sandbox.faults
        .list()
        .map((rule) => (rule.times === Number.POSITIVE_INFINITY ? { ...rule, times: "Infinity" } : rule)),
    }),
  );
  routes.delete("/faults", (c) => {
    sandbox.faults.clear();
    return c.json({});
  });

  routes.post("/seed", async (c) => {
    sandbox.seed(parseSeed(await readJson(c), "POST /_sandbox/seed"));
    return c.json({});
  });
  routes.post("/reset", async (c) => {
    // An empty body resets to the sandbox's configured seed.
    const hasBody = (await c.req.text()).trim() !== "";
    sandbox.reset(hasBody ? parseSeed(await readJson(c), "POST /_sandbox/reset") : undefined);
    return c.json({});
  });

  routes.get("/state", (c) => c.json(sandbox.state()));
  routes.get("/journal", (c) => c.json({ data: sandbox.journal() }));
  routes.delete("/journal", (c) => {
    sandbox.clearJournal();
    return c.json({});
  });

  return routes;
}

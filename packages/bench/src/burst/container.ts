// One process of the burst bench, standing in for a group of Lambda containers: the runtime built from
// variables as a function builds it, the intake answering its share of the requests `concurrency` at a time
// within the inline budget, and the redrive running in a loop beside it as the scheduled function would.
// Started by burst.bench.ts with the runtime's variables; it says "ready", receives its requests, reports
// the answers once every request has one, and the redrive's count when told to stop.
import { setTimeout as sleep } from "node:timers/promises";
import { mapBounded } from "@smx/core";
import { Intake } from "@smx/intake";
import { createRuntime } from "@smx/runtime";
import { type BurstChildMessage, type BurstParentMessage, HOOK_ORIGIN } from "./protocol.ts";

const concurrency = Number(process.env.SMX_BURST_CONCURRENCY ?? "4");
const budgetMs = Number(process.env.SMX_BURST_BUDGET_MS ?? "8000");
const runtime = createRuntime(process.env);
const intake = new Intake(runtime);
const send = (message: BurstChildMessage) => process.send?.(message);

let stopping = false;
const redriven = (async () => {
  let delivered = 0;
  while (!stopping) {
    const summary = await runtime.pipeline.redrive();
    delivered += summary.delivered;
    if (summary.examined === 0) await sleep(250);
  }
  return delivered;
})();

process.on("message", async (message: BurstParentMessage) => {
  if (message.type === "stop") {
    stopping = true;
    send({ type: "stopped", redriven: await redriven });
    process.exit(0);
  }
  const answers: Record<string, number> = {};
  await mapBounded(message.requests, concurrency, async ({ url, method, headers, body }) => {
    const hookId = url.slice(url.lastIndexOf("/") + 1);
    const request = new Request(`${HOOK_ORIGIN}${url}`, {
      method,
      headers: headers ?? {},
      body: body ?? null,
    });
    const outcome = await intake.receive(hookId, request, { budgetMs });
    const answer = outcome.kind === "processed" ? `${outcome.kind}: ${outcome.result.kind}` : outcome.kind;
    answers[answer] = (answers[answer] ?? 0) + 1;
  });
  send({ type: "answered", answers });
});
send({ type: "ready" });

// Issue 12, item 5: a burst at the account's limit. 2,000 signed Typeform visits (10% of them a repeat of an
// earlier event, 5% with a bad signature) from several pipeline processes at once (child processes standing
// in for Lambda containers) against ONE sandbox that enforces 20 requests/s itself, the limiter's schedule in
// DynamoDB Local shared by all. Prints the time to drain ÷ the ideal (distinct events ÷ limit), SalesMania's
// 429s, the answers, and lost / duplicated events. Numbers only (docs/performance.md judges them).
// SMX_BENCH_BURST_REQUESTS, _PROCESSES, _CONCURRENCY, _RATE override the shape.
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { startDynamoDbLocal } from "@smx/aws/testing";
import { prepareTestEnv } from "@smx/runtime/testing";
import { startSandbox } from "@smx/sandbox";
import { SECRETS, TYPEFORM_VISITS_HOOK } from "@smx/webhooks/testing/cases.ts";
import { planBurst } from "../src/burst/plan.ts";
import { runBurst } from "../src/burst/run.ts";
import { table } from "../src/report.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const number = (name: string, fallback: number) => Number(process.env[name] || fallback);
const shape = {
  requests: number("SMX_BENCH_BURST_REQUESTS", 2000),
  duplicateShare: 0.1,
  forgedShare: 0.05,
  processes: number("SMX_BENCH_BURST_PROCESSES", 4),
};
const concurrency = number("SMX_BENCH_BURST_CONCURRENCY", 4);
const rate = number("SMX_BENCH_BURST_RATE", 20);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" / ");

console.log(
  `Burst: ${shape.requests} requests (${shape.duplicateShare * 100}% repeats, ${shape.forgedShare * 100}% bad ` +
    `signatures) from ${shape.processes} processes × ${concurrency} at a time, limit ${rate} req/s; ` +
    `load average at start ${load()}`,
);
const local = await startDynamoDbLocal();
const sandbox = await startSandbox({ rateLimitPerSecond: rate });
const testEnv = await prepareTestEnv({
  dynamoEndpoint: local.endpoint,
  salesmaniaUrl: sandbox.url,
  hooks: [TYPEFORM_VISITS_HOOK],
  secrets: SECRETS,
  // The bad signatures are meant: their WARN lines would only bury the table.
  extra: { POWERTOOLS_LOG_LEVEL: "ERROR" },
});
try {
  const config = JSON.parse(testEnv.env.SMX_CONFIG_JSON!) as { connections: Record<string, unknown>[] };
  for (const connection of config.connections) connection.rateLimitPerSecond = rate;
  const env = { ...testEnv.env, SMX_CONFIG_JSON: JSON.stringify(config) };
  const plan = planBurst(shape, `burst-${randomUUID().slice(0, 8)}`, "C-001");
  const result = await runBurst(sandbox, plan, { env, concurrency, rateLimitPerSecond: rate });
  const ratio = result.drainS / result.idealS;
  console.log(
    table(
      ["measure", "value", "target"],
      [
        ["distinct events", String(result.distinct), ""],
        ["time to drain (first request → last visit created)", `${result.drainS.toFixed(1)} s`, ""],
        ["ideal (distinct events ÷ limit)", `${result.idealS.toFixed(1)} s`, ""],
        ["drain ÷ ideal", `${ratio.toFixed(3)}×`, "≤ 1.1×"],
        ["SalesMania calls (logins and customer lists included)", String(result.salesmaniaCalls), ""],
        ["429s from SalesMania", String(result.tooManyRequests), "0"],
        ["busiest second (calls)", String(result.busiestSecond), `≤ ${rate}`],
        ["delivered by the redrive", String(result.redriven), ""],
        ["lost (no visit)", String(result.lost), "0"],
        ["duplicated (more than one visit)", String(result.duplicated), "0"],
      ],
    ),
  );
  console.log("\nAnswers (the intake's outcome per request):");
  console.log(
    table(
      ["outcome", "requests"],
      Object.entries(result.answers).map(([kind, n]) => [kind, String(n)]),
    ),
  );
  console.log(`\nload average at end ${load()}`);
} finally {
  await sandbox.close();
  testEnv.cleanup();
  await local.stop();
}

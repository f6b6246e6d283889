// A burst scaling out: 100 cold pipeline instances (own secrets cache, own connection) start at once, each
// delivering one visit. Side by side: the single-secret connection (each container logs in: a token and a
// team-token call) and the split one (each reads the tokens secret the rotation wrote: no token call).
// Then the warm happy path's cost per event. Numbers only; targets are printed, judged in docs/performance.md.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countRequests, createDynamoClients, createLogger, LocalVersionedSecrets } from "@smx/aws";
import { createTestTable, startDynamoDbLocal } from "@smx/aws/testing";
import { createTokenRotation } from "@smx/runtime";
import { startSandbox } from "@smx/sandbox";
import { coldContainer, connectionConfig, containerSecrets, visit } from "../test/support/containers.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const INSTANCES = 100;
/** DynamoDB Local on a shared 2-core machine takes seconds to answer 100 cold rate limiters at once. */
const COLD_BUDGET_MS = 60_000;

/** The bench's set-up went wrong (an event did not end delivered): its numbers would lie. */
class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

const local = await startDynamoDbLocal();
const sandbox = await startSandbox();
const dir = mkdtempSync(join(tmpdir(), "smx-bench-tokens-"));
try {
  const versionsFile = join(dir, "versions.json");
  await createTokenRotation(
    {
      config: connectionConfig(sandbox.url, true),
      secrets: containerSecrets(versionsFile),
      logger: createLogger({ level: "SILENT" }),
    },
    new LocalVersionedSecrets(versionsFile),
  ).rotate("demo-tokens");

  const { tableName, client: creator } = await createTestTable(local.endpoint, "bench-tokens");
  creator.destroy();
  // A JVM on a shared 2-core machine answers a burst of 100 slowly: deadlines for the bench, not production.
  const deadlines = { timeoutMs: 30_000, maxAttempts: 3 };
  const table = { ...createDynamoClients({ endpoint: local.endpoint, deadlines }), tableName };
  const limiter = createDynamoClients({ endpoint: local.endpoint, deadlines });
  const ledgerRequests = countRequests(table.client);
  const limiterRequests = countRequests(limiter.client);
  const journal = () => sandbox.sandbox.journal();
  const calls = (path: string) => journal().filter((entry) => entry.path.endsWith(path)).length;

  // Warm-up (JIT, DynamoDB Local's first requests); not counted.
  const warmUp = coldContainer({
    table,
    sandboxUrl: sandbox.url,
    split: true,
    versionsFile,
    rateLimits: limiter,
  });
  for (let i = 0; i < 30; i++) await warmUp.process(visit(i, "warm-up"));

  let offset = 0;
  const rows: Record<string, Record<string, string | number>> = {};
  for (const split of [false, true]) {
    const label = split ? "tokens secret (rotation)" : "login per container (before)";
    const instances = Array.from({ length: INSTANCES }, () =>
      coldContainer({ table, sandboxUrl: sandbox.url, split, versionsFile, rateLimits: limiter }),
    );
    sandbox.sandbox.clearJournal();
    ledgerRequests.reset();
    limiterRequests.reset();
    const started = performance.now();
    const results = await Promise.all(
      instances.map((pipeline, i) => pipeline.process(visit(offset + i, "cold", COLD_BUDGET_MS))),
    );
    const wallMs = performance.now() - started;
    const notDelivered = results.filter((result) => result.kind !== "delivered").length;
    if (notDelivered > 0)
      throw new BenchSetupError(
        `${notDelivered} of ${INSTANCES} not delivered, e.g. ${JSON.stringify(results.find((r) => r.kind !== "delivered"))}`,
      );
    offset += INSTANCES;
    rows[label] = {
      "token calls": calls("/token"),
      "team-token calls": calls("/team_token"),
      "visit creates": calls("/visits"),
      "ledger DynamoDB / event": (ledgerRequests.count() / INSTANCES).toFixed(2),
      "rate-limit DynamoDB / event": (limiterRequests.count() / INSTANCES).toFixed(2),
      "wall ms (all 100)": wallMs.toFixed(0),
      target: split ? "0 token calls" : "(baseline)",
    };
  }

  // The warm happy path: one container, one event at a time.
  const warm = coldContainer({
    table,
    sandboxUrl: sandbox.url,
    split: true,
    versionsFile,
    rateLimits: limiter,
  });
  await warm.process(visit(offset++, "warm"));
  const EVENTS = 50;
  sandbox.sandbox.clearJournal();
  ledgerRequests.reset();
  for (let i = 0; i < EVENTS; i++) {
    const result = await warm.process(visit(offset++, "warm"));
    if (result.kind !== "delivered") throw new BenchSetupError(`a warm event ended ${result.kind}`);
  }
  console.log(
    `${INSTANCES} cold pipeline instances at once, one visit each (DynamoDB Local + sandbox over HTTP)`,
  );
  console.table(rows);
  console.log("warm happy path, split connection, per event (target: 2 DynamoDB + 1 SalesMania):");
  console.table({
    "happy path": {
      "ledger DynamoDB": (ledgerRequests.count() / EVENTS).toFixed(2),
      byOperation: Object.entries(ledgerRequests.byOperation())
        .map(([op, n]) => `${op} ${(n / EVENTS).toFixed(2)}`)
        .join(", "),
      SalesMania: (journal().length / EVENTS).toFixed(2),
    },
  });
  table.client.destroy();
  limiter.client.destroy();
} finally {
  await sandbox.close();
  await local.stop();
  rmSync(dir, { recursive: true, force: true });
}

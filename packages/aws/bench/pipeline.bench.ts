// EventPipeline.process end to end on real parts: DynamoDB Local (ledger + directory), the SalesMania sandbox
// over loopback HTTP and the real SalesmaniaClient. Prints latency, throughput, DynamoDB requests and
// SalesMania calls per event for the happy path, duplicates, retries and a redrive. Numbers only: targets
// are printed next to them and judged in docs/performance.md, never asserted.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Command, createConnectionProvider, EventPipeline, mapBounded, type ProcessInput } from "@smx/core";
import { SalesmaniaClient } from "@smx/salesmania";
import { startSandbox } from "@smx/sandbox";
import * as v from "valibot";
import {
  countRequests,
  createLogger,
  createMetrics,
  DynamoDirectory,
  DynamoLedger,
  LocalSecretsProvider,
} from "../src/index.ts";
import { createTestTable, startDynamoDbLocal } from "../src/testing/index.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
// A forced GC before each heap reading, so the delta is what a run retains, not garbage not yet collected
// (`pnpm bench` runs plain `tsx <file>`, without --expose-gc).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const retainedHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const HOOK = "bench-visits";
const CONNECTION = "main";
const CUSTOMERS = [100001, 100002, 100003, 100004, 100005];
const VISITS = "POST /extapi/v1.1/visits";

/** The bench's own set-up went wrong (an event did not end as the scenario needs): its numbers would lie. */
class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

interface Row {
  operation: string;
  n: number;
  "p50 ms": string;
  "p95 ms": string;
  "max ms": string;
  "per s": string;
  "retained heap Δ MB": string;
  target: string;
}

const ms = (value: number) => value.toFixed(1);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function row(operation: string, samples: number[], wallMs: number, target: string, heapDelta?: number): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    operation,
    n: samples.length,
    "p50 ms": ms(at(0.5)),
    "p95 ms": ms(at(0.95)),
    "max ms": ms(sorted.at(-1) ?? 0),
    "per s": ((samples.length * 1000) / wallMs).toFixed(0),
    "retained heap Δ MB": heapDelta === undefined ? "" : mb(heapDelta),
    target,
  };
}

/** Runs `count` calls with `concurrency` in flight; each call's latency and the wall time. */
async function timed(count: number, concurrency: number, call: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  const heapBefore = retainedHeap();
  const started = performance.now();
  await mapBounded(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const t = performance.now();
      await call(i);
      samples.push(performance.now() - t);
    },
  );
  return {
    samples,
    wallMs: performance.now() - started,
    heapDelta: retainedHeap() - heapBefore,
  };
}

const local = await startDynamoDbLocal();
const sandbox = await startSandbox();
try {
  const table = await createTestTable(local.endpoint, "bench-pipeline");
  const requests = countRequests(table.client);
  // The pipeline's clock runs `skew` ahead of real time, so due retries need no waiting.
  let skew = 0;
  const clock = { now: () => Date.now() + skew };
  const secret = JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 });
  const pipeline = new EventPipeline({
    ledger: new DynamoLedger({ doc: table.doc, tableName: table.tableName }),
    directory: new DynamoDirectory({ doc: table.doc, tableName: table.tableName }),
    connections: createConnectionProvider({
      // A rate well above the default 5/s so the redrive measures the pipeline, not the throttle.
      connections: [{ id: CONNECTION, secret: "smx/main", baseUrl: sandbox.url, rateLimitPerSecond: 1000 }],
      secrets: new LocalSecretsProvider({ env: { SMX_SECRET_SMX_MAIN: secret }, file: "/nonexistent" }),
      // The client's own retries off (as in the acceptance tests): a 503 reaches the pipeline at once.
      createApi: (clientOptions) => new SalesmaniaClient({ ...clientOptions, retry: { maxAttempts: 1 } }),
    }),
    logger: createLogger({ level: "SILENT" }),
    metrics: createMetrics({ write: () => {} }),
    clock,
  });

  let day = 0;
  const visit = (dedupKey = randomUUID()): ProcessInput => {
    day++;
    return {
      hookId: HOOK,
      connectionId: CONNECTION,
      source: "generic",
      event: {
        command: v.parse(Command, {
          kind: "CreateVisit",
          customer: { id: CUSTOMERS[day % CUSTOMERS.length] },
          date: `2026-${String((day % 12) + 1).padStart(2, "0")}-${String((day % 28) + 1).padStart(2, "0")}`,
        }),
        dedupKey,
        dedupKeySource: "idempotency-key",
        nativeIds: {},
      },
      budgetMs: 5_000,
    };
  };
  const expectKind = async (input: ProcessInput, kind: string) => {
    const result = await pipeline.process(input);
    if (result.kind !== kind)
      throw new BenchSetupError(`expected the event to end "${kind}", it ended "${result.kind}"`);
    return result;
  };
  /** DynamoDB requests and SalesMania calls per event while `run` handles `events` events. */
  const costOf = async (events: number, run: () => Promise<unknown>) => {
    requests.reset();
    const calls = sandbox.sandbox.journal().length;
    await run();
    const perEvent = (n: number) => (n / events).toFixed(2);
    return {
      ddb: perEvent(requests.count()),
      byOperation: Object.entries(requests.byOperation())
        .map(([op, n]) => `${op} ${perEvent(n)}`)
        .join(", "),
      salesmania: perEvent(sandbox.sandbox.journal().length - calls),
    };
  };

  // Warm-up: token login, connection open, JIT; not counted.
  for (let i = 0; i < 20; i++) await expectKind(visit(), "delivered");

  const rows: Row[] = [];
  const delivered: ProcessInput[] = [];
  for (const [concurrency, count, target] of [
    [1, 200, "p95 < 50 ms"],
    [8, 400, "≥ 50 events/s"],
  ] as const) {
    const run = await timed(count, concurrency, async () => {
      const input = visit();
      await expectKind(input, "delivered");
      delivered.push(input);
    });
    rows.push(row(`process CreateVisit, c=${concurrency}`, run.samples, run.wallMs, target, run.heapDelta));
  }
  const duplicates = await timed(300, 1, (i) => expectKind(delivered[i]!, "duplicate"));
  rows.push(row("duplicate (claim fails), c=1", duplicates.samples, duplicates.wallMs, "p95 < 25 ms"));

  // The same against a SalesMania that answers every call after 100 ms.
  sandbox.sandbox.faults.add({ route: "*", latencyMs: 100, times: Number.POSITIVE_INFINITY });
  for (const [concurrency, count] of [
    [1, 30],
    [8, 120],
  ] as const) {
    const run = await timed(count, concurrency, () => expectKind(visit(), "delivered"));
    rows.push(row(`process, SalesMania +100 ms, c=${concurrency}`, run.samples, run.wallMs, "p95 < 1500 ms"));
  }
  sandbox.sandbox.faults.clear();

  const happyCost = await costOf(50, async () => {
    for (let i = 0; i < 50; i++) await expectKind(visit(), "delivered");
  });
  const duplicateCost = await costOf(50, async () => {
    for (let i = 0; i < 50; i++) await expectKind(delivered[i]!, "duplicate");
  });

  // 200 events whose visit create answers 503: each is recorded `retry` with a backoff.
  const REDRIVE = 200;
  sandbox.sandbox.faults.add({ route: VISITS, status: 503, times: REDRIVE });
  const retries = await timed(REDRIVE, 8, () => expectKind(visit(), "retry"));
  rows.push(row("process → retry (503), c=8", retries.samples, retries.wallMs, "≥ 50 events/s"));
  const retryCost = await costOf(50, async () => {
    sandbox.sandbox.faults.add({ route: VISITS, status: 503, times: 50 });
    for (let i = 0; i < 50; i++) await expectKind(visit(), "retry");
  });

  // Two hours on: every retry is due; redrive until none is left (batches of the default size, 100).
  skew += 2 * 3_600_000;
  const redriveCalls = sandbox.sandbox.journal().length;
  requests.reset();
  const redriveStarted = performance.now();
  const runs: number[] = [];
  let redriven = 0;
  for (;;) {
    const t = performance.now();
    const summary = await pipeline.redrive();
    if (summary.examined === 0) break;
    if (summary.delivered !== summary.examined)
      throw new BenchSetupError(`redrive delivered ${summary.delivered} of ${summary.examined}`);
    redriven += summary.delivered;
    runs.push(performance.now() - t);
  }
  const redriveMs = performance.now() - redriveStarted;
  const redriveRequests = requests.byOperation();

  console.log("EventPipeline.process (DynamoDB Local + sandbox over HTTP, 2-core machine)");
  console.table(rows);
  console.log(
    `redrive of ${redriven} due retries (${REDRIVE + 50} scheduled): ${runs.length} runs of ≤100, ` +
      `${ms(redriveMs)} ms total, ${((redriven * 1000) / redriveMs).toFixed(0)} events/s ` +
      `at concurrency 2 per connection (rate limit lifted to 1000/s); target: 200 in < 30 s`,
  );
  console.log("cost per event (target happy path: 2 DynamoDB requests, duplicate: 1):");
  console.table({
    "happy path": happyCost,
    duplicate: duplicateCost,
    "retry (503)": retryCost,
    redrive: {
      ddb: (Object.values(redriveRequests).reduce((a, b) => a + b, 0) / redriven).toFixed(2),
      byOperation: Object.entries(redriveRequests)
        .map(([op, n]) => `${op} ${(n / redriven).toFixed(2)}`)
        .join(", "),
      salesmania: ((sandbox.sandbox.journal().length - redriveCalls) / redriven).toFixed(2),
    },
  });
  const memory = process.memoryUsage();
  console.log(`process RSS ${mb(memory.rss)} MB, heap used ${mb(memory.heapUsed)} MB at the end`);
  table.client.destroy();
} finally {
  await sandbox.close();
  await local.stop();
}

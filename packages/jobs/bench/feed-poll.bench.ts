// What an unchanged feed's scheduled poll costs, on real parts: DynamoDB Local (job store, ledger, directory),
// the SalesMania sandbox, the calendar served over loopback HTTP with an ETag. Prints the DynamoDB requests
// (counted by a middleware on the client, by operation) and the SalesMania calls of one run, split into the
// feed's own poll and the runner's lease and record around it. Numbers only (docs/performance.md).
import { performance } from "node:perf_hooks";
import { countRequests, DynamoDirectory, DynamoJobStore, DynamoLedger, DynamoRateLimitStore } from "@smx/aws";
import { createTestTable, startDynamoDbLocal } from "@smx/aws/testing";
import { parseFeeds } from "@smx/calendar";
import { JobRunner } from "@smx/core";
import { CONNECTION, createPipelineHarness } from "@smx/core/testing";
import { feedJob, VISIT_DEFAULTS } from "../src/index.ts";
import { calendarFixture, seedFixtureCustomers, startIcsServer } from "../test/support.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const RUNS = 50;
const local = await startDynamoDbLocal();
const ics = await startIcsServer();
try {
  const table = await createTestTable(local.endpoint, "bench-jobs");
  const requests = countRequests(table.client);
  const directory = new DynamoDirectory(table);
  const harness = await createPipelineHarness({
    ledger: new DynamoLedger(table),
    directory,
    containerDirectory: () => directory,
    rateLimits: new DynamoRateLimitStore(table),
  });
  harness.clock.advance(Date.parse("2026-03-01T01:00:00Z") - harness.clock.now());
  await seedFixtureCustomers(harness);
  ics.serve("/weekly.ics", calendarFixture("weekly-exdate.ics"));
  const feed = parseFeeds([
    {
      id: "weekly",
      connection: CONNECTION,
      urlSecret: "feed",
      windowDays: 31,
      match: [{ by: "code", pattern: "[{code}]" }],
    },
  ])[0]!;
  const job = feedJob("weekly-poll", feed, {
    sink: { pipeline: harness.pipeline, ...VISIT_DEFAULTS },
    directory,
    secrets: { getSecret: async () => ics.url("/weekly.ics") },
    timeZone: "Asia/Jakarta",
  });
  const runner = new JobRunner({
    store: new DynamoJobStore(table),
    logger: harness.logger,
    metrics: harness.metrics,
    clock: harness.clock,
  });
  const first = await runner.run(job, { trigger: "schedule" });
  if (first.counts.created !== 4)
    throw new Error(`the first run created ${first.counts.created} visits, expected 4`);

  harness.sandbox.clearJournal();
  requests.reset();
  const fetchedBefore = ics.requests.full;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    harness.clock.advance(15 * 60_000);
    const started = performance.now();
    const record = await runner.run(job, { trigger: "schedule" });
    samples.push(performance.now() - started);
    if (record.extra.notModified !== 1) throw new Error("the feed was not answered 304");
  }
  const byOperation = requests.byOperation();
  const perRun = (n: number | undefined) => ((n ?? 0) / RUNS).toFixed(2);
  samples.sort((a, b) => a - b);
  console.table([
    {
      measure: "unchanged feed: the poll (snapshot read + conditional GET)",
      "DynamoDB requests / run": perRun(byOperation.GetItem),
      "SalesMania calls / run": perRun(harness.sandbox.journal().length),
      "feed bodies downloaded": ics.requests.full - fetchedBefore,
      target: "0 SalesMania calls, ≤ 1 DynamoDB request",
    },
    {
      measure: "unchanged feed: the runner around it (lease UpdateItem + release/record TransactWriteItems)",
      "DynamoDB requests / run": perRun(
        (byOperation.UpdateItem ?? 0) + (byOperation.TransactWriteItems ?? 0),
      ),
      "SalesMania calls / run": "0.00",
      "feed bodies downloaded": 0,
      target: "(one run at a time, and a record per run)",
    },
  ]);
  console.log(`requests by operation over ${RUNS} runs: ${JSON.stringify(byOperation)}`);
  console.log(
    `a whole unchanged run against DynamoDB Local: p50 ${samples[Math.floor(RUNS / 2)]!.toFixed(1)} ms, max ${samples[RUNS - 1]!.toFixed(1)} ms`,
  );
  await harness.close();
} finally {
  await ics.close();
  await local.stop();
}

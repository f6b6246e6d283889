// Issue 12: our webhooks handler's bundle side by side with the hand-written Powertools baseline (and the
// floor: one POST plus two raw writes), in one run against one DynamoDB Local and one sandbox. Prints CPU per
// event as ours ÷ baseline per path, requests per event, outcomes under faults, RSS after the warm-up, cold
// starts and bundle sizes. Nothing is asserted; docs/performance.md records and judges the figures.
// SMX_BENCH_QUICK=1 for a short try; SMX_BENCH_WARMUP, _ROUNDS, _COLD_STARTS… override (src/options.ts).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startDynamoDbLocal } from "@smx/aws/testing";
import { bundleAll, bundleSize } from "../src/bundles.ts";
import { EventSource } from "../src/events.ts";
import { benchOptions } from "../src/options.ts";
import {
  bundleTable,
  coldStartTable,
  cpuTable,
  memoryLine,
  outcomeTable,
  requestTable,
  soakTable,
} from "../src/report.ts";
import { SideBySide } from "../src/runner.ts";
import { startBenchStack } from "../src/stack.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" / ");
const options = benchOptions(process.env);
const startedAt = Date.now();
const progress = (line: string) =>
  console.error(`  … ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${line}`);

console.log(
  `Side by side: ours vs the Powertools baseline — Node ${process.version}, ${cpus().length} cores, ` +
    `load average (1/5/15 min) at start ${load()}`,
);
console.log(
  `warm-up ${options.warmupEvents} new events per contender, ${options.rounds} interleaved rounds, ` +
    `per round: ${JSON.stringify(options.sizes)}, SalesMania timeout ${options.salesmaniaTimeoutMs} ms`,
);
const local = await startDynamoDbLocal();
const stack = await startBenchStack({
  dynamoEndpoint: local.endpoint,
  salesmaniaTimeoutMs: options.salesmaniaTimeoutMs,
});
const outdir = mkdtempSync(join(tmpdir(), "smx-side-by-side-"));
try {
  // Profiling (SMX_BENCH_CPU_PROF=<dir>) reads the profile by package: unminified bundles, kept in that dir.
  const profileDir = process.env.SMX_BENCH_CPU_PROF;
  const bundles = await bundleAll(profileDir ?? outdir, { minify: profileDir === undefined });
  const sizes = {
    ours: bundleSize(bundles, "ours"),
    baseline: bundleSize(bundles, "baseline"),
    "bare-hono": bundleSize(bundles, "bare-hono"),
  };
  const source = new EventSource(`bench-${randomUUID().slice(0, 8)}`);
  const results = await new SideBySide(stack, bundles, source).run(options, progress);

  console.log("\nCPU per event (process.cpuUsage of each container, all threads), ratios per round:");
  console.log(cpuTable(results));
  console.log(
    "\nRequests per event (DynamoDB counted on the wire in each container, SalesMania in the sandbox journal):",
  );
  console.log(requestTable(results));
  console.log("\nAnswers and visits made (duplicates are extra visits for one event):");
  console.log(outcomeTable(results));
  console.log(`\n${memoryLine(results.memory)}`);
  console.log(`\nOur container across ${options.soakEvents} more new events (growth = last − first):`);
  console.log(soakTable(results.soak));
  console.log("\nCold start (a fresh `node` process per sample, interleaved):");
  console.log(coldStartTable(results.coldStartMs));
  console.log("\nBundles (esbuild, as SST builds our functions):");
  console.log(bundleTable(sizes));
  console.log(`\nload average at end ${load()}; ${((Date.now() - startedAt) / 1000).toFixed(0)} s in all`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
  await stack.close();
  await local.stop();
}

// The intake driven without HTTP: Intake.admit (read the body under the hook's limit, the hook's secrets
// through the local secrets provider, authenticate, parse, normalize) for every example hook and its fresh
// sample, with the runtime built from variables as the functions build it. Nothing reaches the ledger, so
// no DynamoDB runs. Beside the sources bench's `receive` rows (the same steps on a prepared request) it shows
// what the intake adds: a web Request's body read, the secrets lookup and the hook context. Prints numbers
// with their targets; nothing is asserted (docs/performance.md judges them).
import { fileURLToPath } from "node:url";
import { createRuntime } from "@smx/runtime";
import { asFetchRequest, freshSample, hookRequest, samplePayload } from "@smx/sources";
import { Intake } from "../src/index.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const MAX_CALLS = 10_000;
const MAX_MS = 1_500;

/** The bench's inputs are not what the scenario needs (a sample is no longer admitted): numbers would lie. */
class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

const examples = (file: string) => fileURLToPath(new URL(`../../../examples/${file}`, import.meta.url));
const runtime = createRuntime({
  SMX_TABLE_NAME: "smx-intake-bench",
  // Never contacted: admission stops before the ledger.
  SMX_DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
  SMX_CONFIG: examples("smx.config.json"),
  SMX_SECRETS: "local",
  SMX_SECRETS_FILE: examples("secrets.local.example.json"),
  POWERTOOLS_LOG_LEVEL: "SILENT",
});
const intake = new Intake(runtime);
const now = Date.now();

const rows = [];
for (const hook of runtime.config.hooks.filter((h) => !h.disabled)) {
  const sample = freshSample(hook.source, samplePayload(hook.source), now);
  const made = hookRequest(hook, {
    baseUrl: "https://hooks.example.com",
    secret: await runtime.secrets.getSecret(hook.auth.secrets[0]!),
    body: sample.body,
    contentType: sample.contentType,
    now,
  });
  // A Request's body can be read once: each call gets its own, as each HTTP request does.
  const admit = () => intake.admit(hook.id, asFetchRequest(made));
  const first = await admit();
  if (first.kind !== "admitted") throw new BenchSetupError(`${hook.id}: the sample was ${first.kind}`);
  for (let i = 0; i < 100; i++) await admit();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < MAX_CALLS && performance.now() - started < MAX_MS) {
    const t = performance.now();
    await admit();
    samples.push(performance.now() - t);
  }
  const wallMs = performance.now() - started;
  samples.sort((a, b) => a - b);
  const us = (q: number) => ((samples[Math.floor(q * (samples.length - 1))] ?? 0) * 1000).toFixed(1);
  rows.push({
    operation: `admit ${hook.id} (${hook.source})`,
    n: samples.length,
    "p50 µs": us(0.5),
    "p95 µs": us(0.95),
    "ops/s": ((samples.length * 1000) / wallMs).toFixed(0),
    target: "> 5k/s",
  });
}
console.log("Intake.admit per example hook (body read + secrets + verify + parse + normalize; no ledger)");
console.table(rows);
process.exit(0);

// The Lambda handler end to end with API Gateway v2 events: DynamoDB Local, the SalesMania sandbox over
// loopback HTTP and the runtime built from variables as on Lambda. Each measurement runs in a fresh child
// process (a "container"): its module import and first request are a cold start; one container then
// serves warm requests, duplicates and oversized bodies, and one more does so against a SalesMania that
// takes 100 ms per call. Children report over IPC; their stdout (log and metric lines) is discarded.
// Prints numbers with their targets; nothing is asserted (docs/performance.md judges them).
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startDynamoDbLocal } from "@smx/aws/testing";
import { prepareTestEnv } from "@smx/runtime/testing";
import { startSandbox } from "@smx/sandbox";
import { apiGatewayV2Event, type HttpRequestSpec, readLambdaResult } from "../test/support/apigw.ts";
import { TYPEFORM_VISITS_HOOK } from "../test/support/cases.ts";
import { typeformSignature } from "../test/support/signing.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const HOOK = TYPEFORM_VISITS_HOOK;
const SECRET = "bench-typeform-secret-5e21";
const COLD_CONTAINERS = 5;
const WARM = { delivered: 150, duplicates: 100, oversized: 50 };
const SLOW = { delivered: 40 };
/** The hook's default maxBodyBytes is 256 KB; API Gateway itself lets up to 10 MB through. */
const OVERSIZED_BYTES = 1024 * 1024;

type Mode = "cold" | "warm" | "slow";

/** What a child reports: milliseconds per phase, and its memory after the run. */
interface Report {
  importMs: number;
  firstMs: number;
  samples: Record<string, number[]>;
  rssMb: number;
  heapMb: number;
}

/** A child's request was not answered as the scenario needs (e.g. 500 instead of 201): its numbers would lie. */
class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

/** A signed Typeform form_response for customer C-001; `token` is the dedup key. */
function typeformVisit(token: string, padding = 0): HttpRequestSpec {
  const body = JSON.stringify({
    event_id: `evt-${token}`,
    event_type: "form_response",
    form_response: {
      form_id: "kUnJ3vQ2",
      token,
      submitted_at: new Date().toISOString(),
      hidden: { cust_no: "C-001", ...(padding > 0 ? { note: "x".repeat(padding) } : {}) },
      definition: { id: "kUnJ3vQ2", title: "Permintaan kunjungan", fields: [] },
      answers: [{ type: "date", date: "2026-12-03", field: { id: "Jw1", type: "date", ref: "visit_date" } }],
    },
  });
  return {
    method: "POST",
    url: `/hooks/${HOOK.id}`,
    headers: { "content-type": "application/json", ...typeformSignature(SECRET, body) },
    body,
  };
}

async function child(mode: Mode): Promise<void> {
  const importStarted = performance.now();
  // Imported only now: the module builds its runtime from process.env at load, as on a cold start.
  const { handler } = await import("../src/lambda.ts");
  const importMs = performance.now() - importStarted;
  const invoke = async (spec: HttpRequestSpec, status: number) => {
    const started = performance.now();
    // No Lambda context: the inline budget is then the configured one (8 s), as with 29 s remaining.
    const answer = readLambdaResult(await handler(apiGatewayV2Event(spec)));
    const ms = performance.now() - started;
    if (answer.status !== status)
      throw new BenchSetupError(`expected ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
    return ms;
  };
  const firstMs = await invoke(typeformVisit(randomUUID()), 201);
  const samples: Record<string, number[]> = {};
  const run = async (phase: string, count: number, spec: (i: number) => HttpRequestSpec, status: number) => {
    samples[phase] = [];
    for (let i = 0; i < count; i++) samples[phase].push(await invoke(spec(i), status));
  };
  if (mode === "warm") {
    const sent = Array.from({ length: WARM.delivered }, () => typeformVisit(randomUUID()));
    await run("delivered", WARM.delivered, (i) => sent[i]!, 201);
    await run("duplicate", WARM.duplicates, (i) => sent[i]!, 200);
    const big = typeformVisit(randomUUID(), OVERSIZED_BYTES);
    await run("oversized", WARM.oversized, () => big, 413);
  }
  if (mode === "slow") await run("delivered", SLOW.delivered, () => typeformVisit(randomUUID()), 201);
  const memory = process.memoryUsage();
  const report: Report = {
    importMs,
    firstMs,
    samples,
    rssMb: memory.rss / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
  };
  // The runtime keeps sockets open, as a container would: leave once the parent has the report.
  process.send?.(report, () => process.exit(0));
}

function runChild(mode: Mode, env: Record<string, string>): Promise<Report> {
  const file = fileURLToPath(import.meta.url);
  const proc: ChildProcess = fork(file, [], {
    env: { ...process.env, ...env, SMX_BENCH_CHILD: mode },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let report: Report | undefined;
    proc.once("message", (message) => {
      report = message as Report;
    });
    proc.once("error", reject);
    proc.once("exit", (code) => {
      if (report) resolve(report);
      else reject(new BenchSetupError(`the ${mode} container exited with code ${code} before reporting`));
    });
  });
}

interface Row {
  operation: string;
  n: number;
  "p50 ms": string;
  "p95 ms": string;
  "max ms": string;
  target: string;
}

function row(operation: string, samples: number[], target: string): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    operation,
    n: sorted.length,
    "p50 ms": at(0.5).toFixed(1),
    "p95 ms": at(0.95).toFixed(1),
    "max ms": (sorted.at(-1) ?? 0).toFixed(1),
    target,
  };
}

async function parent(): Promise<void> {
  const local = await startDynamoDbLocal();
  const started = await startSandbox();
  const testEnv = await prepareTestEnv({
    dynamoEndpoint: local.endpoint,
    salesmaniaUrl: started.url,
    hooks: [HOOK],
    secrets: { "typeform-secret": SECRET },
    extra: { SMX_ADMIN_API_KEY: "bench-admin-key" },
  });
  try {
    const cold: Report[] = [];
    for (let i = 1; i < COLD_CONTAINERS; i++) cold.push(await runChild("cold", testEnv.env));
    const warm = await runChild("warm", testEnv.env);
    cold.push(warm);
    started.sandbox.faults.add({ route: "*", latencyMs: 100, times: Number.POSITIVE_INFINITY });
    const slow = await runChild("slow", testEnv.env);

    console.log("Webhooks Lambda handler (API Gateway v2 events → DynamoDB Local + sandbox, 2-core machine)");
    console.table([
      row(
        "cold: import src/lambda.ts (tsx, unbundled)",
        cold.map((r) => r.importMs),
        "< 1500 ms",
      ),
      row(
        "cold: first request (typeform → visit)",
        cold.map((r) => r.firstMs),
        "< 1000 ms",
      ),
      row(
        "cold: import + first request",
        cold.map((r) => r.importMs + r.firstMs),
        "< 2500 ms",
      ),
      row("warm: new event → 201", warm.samples.delivered ?? [], "p95 < 100 ms"),
      row("warm: redelivery → 200 from ledger", warm.samples.duplicate ?? [], "p95 < 25 ms"),
      row(`warm: ${OVERSIZED_BYTES / 1024} KB body → 413`, warm.samples.oversized ?? [], "p95 < 50 ms"),
      row("warm: new event, SalesMania +100 ms", slow.samples.delivered ?? [], "p95 < 1500 ms"),
    ]);
    console.log(
      `warm container after ${1 + WARM.delivered + WARM.duplicates + WARM.oversized} requests: ` +
        `RSS ${warm.rssMb.toFixed(0)} MB, heap used ${warm.heapMb.toFixed(0)} MB; target: RSS < 256 MB`,
    );
  } finally {
    await started.close();
    testEnv.cleanup();
    await local.stop();
  }
}

const mode = process.env.SMX_BENCH_CHILD as Mode | undefined;
if (mode) await child(mode);
else await parent();

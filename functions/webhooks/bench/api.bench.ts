// What an actions-API request costs beside a hook's, side by side: DynamoDB requests and SalesMania calls per
// request on the happy path (a new visit), and per retry of it, through the app built from variables as on
// Lambda (in-process `app.request`, DynamoDB Local, the sandbox over loopback HTTP). DynamoDB requests are
// counted on the wire by a proxy in front of DynamoDB Local (SDK retries included), by operation and by what
// the item is (the ledger and directory, the rate-limit schedule, an API key); SalesMania calls from the
// sandbox's journal. Numbers only: the targets are printed beside them (docs/performance.md).
import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { startDynamoDbLocal } from "@smx/aws/testing";
import { createRuntime } from "@smx/runtime";
import { prepareTestEnv } from "@smx/runtime/testing";
import { startSandbox } from "@smx/sandbox";
import { createApp } from "../src/app.ts";
import { ZAPIER_VISITS_HOOK } from "../test/support/cases.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
// Metric lines would drown the table; the counts come from the proxy and the journal.
process.env.POWERTOOLS_METRICS_DISABLED = "true";
const REQUESTS = 100;
const HOOK_KEY = "bench-zapier-key-61c0";
const HOOK = ZAPIER_VISITS_HOOK;

/** A request was not answered as the scenario needs: its numbers would lie. */
class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

/** Forwards to DynamoDB Local, counting each request by `<operation> <item kind>`. */
async function countingProxy(target: string) {
  const counts = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers["x-amz-target"] ?? "?").split(".")[1] ?? "?";
      const key = `${operation} ${itemKind(body.toString("utf8"))}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take: () => {
      const taken = new Map(counts);
      counts.clear();
      return taken;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function itemKind(body: string): string {
  if (body.includes('"RATE#')) return "(rate limit)";
  if (body.includes('"APIKEYS"')) return "(API key)";
  return "(ledger)";
}

const local = await startDynamoDbLocal();
const proxy = await countingProxy(local.endpoint);
const started = await startSandbox();
const testEnv = await prepareTestEnv({
  dynamoEndpoint: local.endpoint,
  salesmaniaUrl: started.url,
  hooks: [HOOK],
  secrets: { "zapier-key": HOOK_KEY },
});
const runtime = createRuntime({
  ...testEnv.env,
  SMX_DYNAMODB_ENDPOINT: proxy.url,
  POWERTOOLS_LOG_LEVEL: "SILENT",
});
const app = createApp(runtime);
const { key } = await runtime.apiKeys.create({ name: "bench", connectionId: "demo" });

let day = 0;
/** A new visit for C-001 on its own day, through the hook or the API, with its own Idempotency-Key. */
function visit(via: "hook" | "api", idempotencyKey = randomUUID()): () => Promise<Response> {
  day += 1;
  const date = new Date(Date.UTC(2028, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const headers = { "content-type": "application/json", "idempotency-key": idempotencyKey };
  return via === "hook"
    ? async () =>
        app.request(`/hooks/${HOOK.id}`, {
          method: "POST",
          headers: { ...headers, "x-api-key": HOOK_KEY },
          body: JSON.stringify({ cust_no: "C-001", visit_date: date }),
        })
    : async () =>
        app.request("/api/v1/visits", {
          method: "POST",
          headers: { ...headers, authorization: `Bearer ${key}` },
          body: JSON.stringify({ customer: { extCustNo: "C-001" }, date }),
        });
}

async function measure(label: string, sends: (() => Promise<Response>)[], status: number) {
  proxy.take();
  const journalBefore = started.sandbox.journal().length;
  for (const send of sends) {
    const answer = await send();
    if (answer.status !== status)
      throw new BenchSetupError(`${label}: expected ${status}, got ${answer.status}: ${await answer.text()}`);
  }
  const counts = proxy.take();
  const salesmania = started.sandbox
    .journal()
    .slice(journalBefore)
    .filter((entry) => !entry.path.includes("token") && entry.path !== "/extapi/v1.0/databases").length;
  const per = (n: number) => (n / sends.length).toFixed(2);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const byOp = [...counts.entries()]
    .sort()
    .map(([op, n]) => `${op} ${per(n)}`)
    .join(", ");
  return {
    operation: label,
    n: sends.length,
    "DynamoDB / request": per(total),
    "SalesMania / request": per(salesmania),
    "DynamoDB by operation": byOp,
  };
}

try {
  // Warm-up, not counted: token login, the directory entry of C-001, the rate limiter's first lease, the key.
  for (const via of ["hook", "api"] as const) {
    const answer = await visit(via)();
    if (answer.status !== 201)
      throw new BenchSetupError(`warm-up ${via}: ${answer.status} ${await answer.text()}`);
  }
  const apiKeys = Array.from({ length: REQUESTS }, () => randomUUID());
  const rows = [
    await measure(
      "hook: new visit → 201",
      Array.from({ length: REQUESTS }, () => visit("hook")),
      201,
    ),
    await measure(
      "API: new visit → 201",
      apiKeys.map((k) => visit("api", k)),
      201,
    ),
  ];
  // The same requests again: a retried Zapier task (same Idempotency-Key and body) is answered from the ledger.
  day -= REQUESTS;
  rows.push(
    await measure(
      "API: retried task → 200 from the ledger",
      apiKeys.map((k) => visit("api", k)),
      200,
    ),
  );
  console.log(
    "Actions API beside a hook, per request (app.request → DynamoDB Local via a counting proxy + sandbox); key cache on (5 s)",
  );
  console.table(rows);
  console.log(
    "target: an API action's happy path costs what a hook's does: 2 DynamoDB requests (the claim's PutItem, the complete's UpdateItem) + 1 SalesMania call; the rate-limit schedule's UpdateItem is one per block of requests, and the key's GetItem one per key per 5 s per container",
  );
} finally {
  await started.close();
  await proxy.close();
  testEnv.cleanup();
  await local.stop();
}
process.exit(0);

// One Lambda container of the side-by-side bench, run as its own child process with plain `node` (bundled
// by esbuild like the contenders). It imports one contender's bundle (SMX_BENCH_HANDLER), answers the event
// it was started with at once (the cold start), then runs the batches the parent sends over IPC. Events are
// built before the CPU clock starts, so a batch measures the handler calls only.

import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { pathToFileURL } from "node:url";
import { apiGatewayV2Event } from "@smx/webhooks/testing/apigw.ts";
import { lambdaContext } from "@smx/webhooks/testing/lambda-context.ts";
import { type VisitEvent, visitRequest } from "./events.ts";
import type { BatchCommand, BatchResult, Command, FirstAnswer, MemoryResult, Reply } from "./protocol.ts";

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

const API_KEY = process.env.SMX_BENCH_API_KEY ?? "";

// DynamoDB requests counted on the wire (every SDK client in the bundle, whatever its middleware).
let dynamo: Record<string, number> = {};
subscribe("http.client.request.start", (message) => {
  const target = (message as { request: ClientRequest }).request.getHeader("x-amz-target");
  if (typeof target !== "string") return;
  const operation = target.slice(target.indexOf(".") + 1);
  dynamo[operation] = (dynamo[operation] ?? 0) + 1;
});

const { handler } = (await import(pathToFileURL(process.env.SMX_BENCH_HANDLER ?? "").href)) as {
  handler: Handler;
};

async function invoke(event: unknown): Promise<number> {
  try {
    return (await handler(event, lambdaContext())).statusCode;
  } catch {
    return 500;
  }
}

const build = (event: VisitEvent) => apiGatewayV2Event(visitRequest(event, API_KEY));

async function runBatch({ events, concurrency, copies }: BatchCommand): Promise<BatchResult> {
  // One group per event: its copies go out at once; groups run `concurrency` at a time.
  const groups = events.map((event) => Array.from({ length: copies }, () => build(event)));
  const statuses: Record<string, number> = {};
  const count = (status: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const group = groups[next++]!;
      for (const status of await Promise.all(group.map(invoke))) count(status);
    }
  };
  dynamo = {};
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuUs: cpu.user + cpu.system, wallMs, invocations: events.length * copies, statuses, dynamo };
}

function memory(): MemoryResult {
  const usage = process.memoryUsage();
  // Started with --expose-gc: a full collection, then what is still live.
  (globalThis as { gc?: () => void }).gc?.();
  const retained = process.memoryUsage().heapUsed;
  return {
    rssMb: usage.rss / 2 ** 20,
    heapUsedMb: usage.heapUsed / 2 ** 20,
    heapAfterGcMb: retained / 2 ** 20,
  };
}

const first = JSON.parse(process.env.SMX_BENCH_FIRST_EVENT ?? "null") as VisitEvent;
process.send?.({ type: "first", status: await invoke(build(first)) } satisfies FirstAnswer);

process.on("message", async ({ id, command }: { id: number; command: Command }) => {
  if (command.type === "exit") process.exit(0);
  let reply: Reply;
  try {
    const result = command.type === "batch" ? await runBatch(command) : memory();
    reply = { id, ok: true, result };
  } catch (error) {
    reply = { id, ok: false, error: String(error) };
  }
  process.send?.(reply);
});

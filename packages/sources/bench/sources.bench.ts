// CPU cost of the inbound steps, per source: signature checks, body parsing and mapping into commands, on
// the shipped example hooks (examples/smx.config.json) and sample payloads (examples/payloads). Prints numbers
// with their targets; nothing is asserted (docs/performance.md judges them).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  asInboundRequest,
  authenticate,
  freshSample,
  type HookConfig,
  type HookContext,
  hookRequest,
  type InboundRequest,
  parseBody,
  parseConfig,
  samplePayload,
  sourceAdapter,
} from "../src/index.ts";

// A forced GC around the memory reading (`pnpm bench` runs plain `tsx <file>`, without --expose-gc).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Calls per measurement, and a wall-time cap so the whole file stays well under a minute. */
const MAX_CALLS = 20_000;
const MAX_MS = 1_500;

/** The bench's inputs are not what the scenario needs (a sample no longer normalizes): numbers would lie. */
class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

interface Row {
  operation: string;
  n: number;
  "p50 µs": string;
  "p95 µs": string;
  "max µs": string;
  "ops/s": string;
  target: string;
}

/** Times `fn` call by call, after a short warm-up, for MAX_CALLS calls or MAX_MS, whichever comes first. */
function measure(operation: string, target: string, fn: (i: number) => unknown): Row {
  for (let i = 0; i < 200; i++) fn(i);
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < MAX_CALLS && performance.now() - started < MAX_MS) {
    const t = performance.now();
    fn(samples.length);
    samples.push(performance.now() - t);
  }
  const wallMs = performance.now() - started;
  samples.sort((a, b) => a - b);
  const us = (q: number) =>
    ((samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0) * 1000).toFixed(1);
  return {
    operation,
    n: samples.length,
    "p50 µs": us(0.5),
    "p95 µs": us(0.95),
    "max µs": us(1),
    "ops/s": ((samples.length * 1000) / wallMs).toFixed(0),
    target,
  };
}

const examples = new URL("../../../examples/", import.meta.url);
const config = parseConfig(
  readFileSync(new URL("smx.config.json", examples), "utf8"),
  "examples/smx.config.json",
);
const secrets = JSON.parse(readFileSync(new URL("secrets.local.example.json", examples), "utf8")) as Record<
  string,
  string
>;
const encoder = new TextEncoder();

/**
 * A request for `hook` carrying its sample (with fresh ids and times, so it is never too old), authenticated
 * the way its sender would: the test sender's own code.
 */
function signedRequest(hook: HookConfig, secret: string, now: number): InboundRequest {
  const { body, contentType } = freshSample(hook.source, samplePayload(hook.source), now);
  const request = hookRequest(hook, {
    baseUrl: "http://127.0.0.1",
    secret,
    body,
    contentType,
    now,
    messageId: "msg_bench",
  });
  return asInboundRequest(request, now);
}

const now = Date.now();
const cases = config.hooks.map((hook) => {
  const secret = secrets[hook.auth.secrets[0]!];
  if (secret === undefined) throw new BenchSetupError(`no example secret for ${hook.auth.secrets[0]}`);
  const context: HookContext = {
    hook,
    secrets: [secret],
    now,
    timeZone: "Asia/Jakarta",
    retentionMs: 30 * 86_400_000,
  };
  const adapter = sourceAdapter(hook.source);
  const request = signedRequest(hook, secret, now);
  const payload = adapter.parse(request);
  if (adapter.normalize(payload, request, context).kind !== "event")
    throw new BenchSetupError(`the ${hook.source} sample does not normalize to an event for hook ${hook.id}`);
  return { hook, context, adapter, request, payload };
});

const verification = cases.map(({ hook, context, adapter, request }) =>
  measure(
    `verify ${hook.auth.scheme === "signature" ? hook.source : hook.auth.scheme} (${hook.id})`,
    "> 20k/s",
    () => authenticate(request, context, adapter),
  ),
);

// A 10 KB JSON order (Zapier/Make shape: 100 lines), the Zapier urlencoded sample, the Jotform multipart sample.
const bigJson = encoder.encode(
  JSON.stringify({
    order_no: "WEB-1042",
    customer: { code: "C-00123", phone: "0812-3456-7890", address: "Jl. Melati No. 5, Bekasi" },
    items: Array.from({ length: 100 }, (_, i) => ({
      sku: `SKU-${String(i).padStart(5, "0")}`,
      name: `Produk contoh nomor ${i}`,
      qty: (i % 7) + 1,
      price: 15_500 + i,
      unit: "PCS",
      discount: "5+2",
    })),
  }),
);
const bodyRequest = (body: Uint8Array, contentType: string): InboundRequest => ({
  method: "POST",
  url: new URL("http://127.0.0.1/hooks/bench"),
  headers: new Headers({ "content-type": contentType }),
  body,
  receivedAt: now,
});
const jotform = cases.find((c) => c.hook.source === "jotform");
const zapier = samplePayload("zapier");
const multipart = samplePayload("jotform");
if (jotform === undefined) throw new BenchSetupError("examples/smx.config.json has no jotform hook");
const parsing = [
  measure(`parseBody JSON ${(bigJson.length / 1024).toFixed(1)} KB`, "> 5k/s", () =>
    parseBody(bodyRequest(bigJson, "application/json"), { accept: ["json"] }),
  ),
  measure(`parseBody urlencoded ${zapier.body.length} B (zapier sample)`, "> 20k/s", () =>
    parseBody(bodyRequest(zapier.body, zapier.contentType), { accept: ["form"] }),
  ),
  measure(`parseBody multipart ${multipart.body.length} B (jotform sample)`, "> 5k/s", () =>
    parseBody(bodyRequest(multipart.body, multipart.contentType), { accept: ["multipart"] }),
  ),
  measure("jotform parse (multipart + rawRequest JSON)", "> 5k/s", () =>
    jotform.adapter.parse(jotform.request),
  ),
];

const mapping = cases.flatMap(({ hook, context, adapter, request, payload }) => [
  measure(`normalize ${hook.source} → ${hook.action}`, "> 10k/s", () =>
    adapter.normalize(payload, request, context),
  ),
  measure(`receive ${hook.source} (verify + parse + normalize)`, "> 5k/s", () => {
    authenticate(request, context, adapter);
    return adapter.normalize(adapter.parse(request), request, context);
  }),
]);

// 10k normalizations of the largest mapping (Make order with lines), results kept as a batch would keep them.
const make = cases.find((c) => c.hook.source === "make") ?? cases[0]!;
gc();
const before = process.memoryUsage();
const started = performance.now();
const kept = Array.from({ length: 10_000 }, () =>
  make.adapter.normalize(make.payload, make.request, make.context),
);
const elapsed = performance.now() - started;
const peak = process.memoryUsage();
gc();
const retained = process.memoryUsage().heapUsed - before.heapUsed;
const mb = (bytes: number) => `${bytes < 0 ? "−" : "+"}${(Math.abs(bytes) / 2 ** 20).toFixed(1)} MB`;

console.log("Signature / key verification (example hooks, one valid secret)");
console.table(verification);
console.log("Body parsing");
console.table(parsing);
console.log("Mapping per source (example hooks and sample payloads)");
console.table(mapping);
console.log(
  `10k normalizations (${make.hook.source} → ${make.hook.action}, ${kept.length} results kept): ` +
    `${elapsed.toFixed(0)} ms, heap before GC ${mb(peak.heapUsed - before.heapUsed)}, ` +
    `retained after GC ${mb(retained)} (${Math.round(retained / kept.length)} B/event), ` +
    `RSS ${mb(peak.rss - before.rss)}; target: retained < 2 KB/event`,
);

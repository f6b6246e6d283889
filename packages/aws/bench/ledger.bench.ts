// Ledger throughput against DynamoDB Local: happy paths (claim + complete), duplicates, and warm directory
// lookups. Prints numbers only; DynamoDB Local is far slower than the real service, so read them as relative.
import { performance } from "node:perf_hooks";
import { DynamoDirectory, DynamoLedger } from "../src/index.ts";
import { createTestTable, startDynamoDbLocal } from "../src/testing/index.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const N = 300;
const local = await startDynamoDbLocal();
try {
  const { doc, tableName } = await createTestTable(local.endpoint, "bench");
  const ledger = new DynamoLedger({ doc, tableName });
  const directory = new DynamoDirectory({ doc, tableName });
  const now = Date.now();
  const input = (i: number) => ({
    eventId: `evt-${i}`,
    hookId: "bench",
    dedupKey: `k-${i}`,
    connectionId: "c",
    source: "generic",
    command: {
      kind: "CreateVisit",
      customer: { id: 1, createIfMissing: false },
      date: "2026-01-01",
    } as const,
    fingerprint: "fp",
    nativeIds: {},
    now,
    leaseMs: 30_000,
    expiresAt: Math.floor(now / 1000) + 86_400,
  });

  const rows: Record<string, string | number>[] = [];
  /**
   * N sequential calls after 50 uncounted ones (keys N.., so a JIT-cold DynamoDB Local does not skew p95):
   * latency percentiles and throughput, with the target printed next to them.
   */
  const report = async (label: string, target: string, run: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 50; i++) await run(N + i);
    const samples: number[] = [];
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await run(i);
      samples.push(performance.now() - t);
    }
    const wallMs = performance.now() - started;
    samples.sort((a, b) => a - b);
    const at = (q: number) => (samples[Math.min(N - 1, Math.floor(q * N))] ?? 0).toFixed(2);
    rows.push({
      operation: label,
      n: N,
      "p50 ms": at(0.5),
      "p95 ms": at(0.95),
      "max ms": at(1),
      "ops/s": ((N * 1000) / wallMs).toFixed(0),
      target,
    });
  };

  await report("claim + complete (sequential)", "p95 < 25 ms", async (i) => {
    const claimed = await ledger.claim(input(i));
    if (claimed.kind !== "claimed") throw new Error(`expected a new key, got ${claimed.kind}`);
    await ledger.complete(claimed.lease, {
      status: "delivered",
      result: { ids: { customerId: 1 } },
      attempt: {
        kind: "attempt",
        at: new Date(now).toISOString(),
        outcome: "delivered",
        trigger: "inbound",
        durationMs: 0,
      },
    });
  });
  await report("duplicate claim (finished)", "p95 < 15 ms", (i) => ledger.claim(input(i)));
  await directory.putCustomer("c", { id: 1, extCustNo: "X" });
  await report("directory lookup (warm cache)", "p95 < 1 ms", () =>
    directory.findCustomer("c", { by: "extCustNo", value: "X" }),
  );
  console.log("DynamoLedger / DynamoDirectory on DynamoDB Local (2-core machine)");
  console.table(rows);
} finally {
  await local.stop();
}

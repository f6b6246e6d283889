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
    trigger: "inbound" as const,
  });

  const report = async (label: string, run: (i: number) => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < N; i++) await run(i);
    const ms = performance.now() - started;
    console.log(`${label.padEnd(34)} ${(ms / N).toFixed(2)} ms/op  ${((N * 1000) / ms).toFixed(0)} ops/s`);
  };

  await report("claim + complete (sequential)", async (i) => {
    const claimed = await ledger.claim(input(i));
    await ledger.complete(claimed.record, {
      status: "delivered",
      result: { ids: { customerId: 1 } },
      attempt: { at: new Date(now).toISOString(), outcome: "delivered", trigger: "inbound" },
    });
  });
  await report("duplicate claim (finished)", (i) => ledger.claim(input(i)));
  await directory.putCustomer("c", { id: 1, extCustNo: "X" });
  await report("directory lookup (warm cache)", () =>
    directory.findCustomer("c", { by: "extCustNo", value: "X" }),
  );
} finally {
  await local.stop();
}

// Throughput of the client against the in-process sandbox, and cost of the pure helpers. Prints numbers
// only; there are no targets to fail (`pnpm bench`).
import { performance } from "node:perf_hooks";
import { demoSeed, startSandbox } from "@smx/sandbox";
import { applyDiscount, isoDateInZone, normalizeIndonesianPhone, SalesmaniaClient } from "../src/index.ts";

function perOp(label: string, runs: number, fn: (i: number) => unknown): void {
  const started = performance.now();
  for (let i = 0; i < runs; i++) fn(i);
  const ms = performance.now() - started;
  console.log(`${label}: ${((ms * 1000) / runs).toFixed(2)} µs/op (${runs} runs)`);
}

perOp("applyDiscount", 100_000, (i) => applyDiscount(1000 + i, "55.05+3"));
perOp("normalizeIndonesianPhone", 20_000, (i) =>
  normalizeIndonesianPhone(`0812-3456-${String(i % 10_000).padStart(4, "0")}`),
);
perOp("isoDateInZone", 100_000, (i) => isoDateInZone(1_770_000_000_000 + i * 60_000));

const running = await startSandbox();
try {
  for (const maxConcurrency of [1, 4, 16]) {
    const client = new SalesmaniaClient({
      baseUrl: running.url,
      auth: { kind: "credentials", username: "demo", password: "demo-password" },
      maxConcurrency,
    });
    await client.auth.teamToken();
    const id = demoSeed.customers![0]!.id!;
    const calls = 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: calls }, () => client.customers.get(id)));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `customers.get, maxConcurrency ${maxConcurrency}: ${Math.round(calls / seconds)} req/s (${calls} calls)`,
    );
  }
} finally {
  await running.close();
}

// The metrics the alarms and the dashboard read (docs/operations.md, "Metrics the alarms read"), as the
// pipeline writes them through the Metrics port: against the sandbox over HTTP, on the memory stores.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONNECTION,
  createPipelineHarness,
  HOOK,
  memoryStores,
  type PipelineHarness,
} from "../src/testing/index.ts";

const VISITS = "POST /extapi/v1.1/visits";
const LOGIN = "GET /extapi/v1.0/token";
const HOUR = 3_600_000;

let h: PipelineHarness;
beforeAll(async () => {
  h = await createPipelineHarness(memoryStores(), { timeoutMs: 300 });
});
afterAll(() => h.close());

/** What is written from now on, by metric name. */
function watch() {
  const from = h.metrics.written.length;
  return (name: string) => h.metrics.written.slice(from).filter((written) => written.name === name);
}

const visit = (customerId: number, key: string) =>
  h.input({ kind: "CreateVisit", customer: { id: customerId }, date: "2026-12-20" }, key, 3_000);

describe("delivery_latency", () => {
  it("runs from receipt to delivery, the wait for the redrive included", async () => {
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ route: VISITS, status: 503, times: 1 });
    const written = watch();
    expect((await h.pipeline.process(visit(100001, "latency-1"))).kind).toBe("retry");
    expect(written("delivery_latency")).toEqual([]);

    h.clock.advance(2 * HOUR);
    expect(await h.pipeline.redrive()).toMatchObject({ delivered: 1 });
    expect(written("delivery_latency")).toEqual([
      { name: "delivery_latency", value: 2 * HOUR, unit: "Milliseconds", dimensions: { hookId: HOOK } },
    ]);
  });
});

describe("salesmania_errors", () => {
  it("counts each answer that is not a success by connection and status; no answer is a timeout", async () => {
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ route: VISITS, status: 503, times: 1 });
    const written = watch();
    await h.pipeline.process(visit(100002, "errors-503"));
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ route: VISITS, kind: "hang", times: 1 });
    await h.pipeline.process(visit(100005, "errors-hang"));
    expect(written("salesmania_errors").map((w) => [w.dimensions, w.value])).toEqual([
      [{ connectionId: CONNECTION, status: "503" }, 1],
      [{ connectionId: CONNECTION, status: "timeout" }, 1],
    ]);
  });

  it("leaves out the 401 of an expired token that one login cures, and counts a refused login", async () => {
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ route: VISITS, status: 401, times: 1 });
    const cured = watch();
    expect((await h.pipeline.process(visit(100003, "errors-401-cured"))).kind).toBe("delivered");
    expect(cured("salesmania_errors")).toEqual([]);

    h.sandbox.faults.add({ route: VISITS, status: 401, times: 1 });
    h.sandbox.faults.add({ route: LOGIN, status: 401, times: 1 });
    const refused = watch();
    expect((await h.pipeline.process(visit(100004, "errors-401-login"))).kind).toBe("retry");
    expect(refused("salesmania_errors").map((w) => w.dimensions)).toEqual([
      { connectionId: CONNECTION, status: "401" },
    ]);
  });
});

describe("retry_backlog and oldest_due_retry_age", () => {
  it("are written once per redrive run before it delivers, counted past a full batch, 0 when none is due", async () => {
    // Whatever earlier tests left due is delivered first.
    h.sandbox.faults.clear();
    h.clock.advance(2 * HOUR);
    await h.pipeline.redrive();

    h.sandbox.faults.add({ route: VISITS, status: 503, times: 3 });
    const dueAt: number[] = [];
    for (const customerId of [100001, 100002, 100003]) {
      const result = await h.pipeline.process(visit(customerId, `backlog-${customerId}`));
      dueAt.push(Date.parse(result.record.nextAttemptAt ?? ""));
      h.clock.advance(60_000);
    }
    h.clock.advance(2 * HOUR);
    const written = watch();
    // A batch of 2 of the 3 due: the backlog is counted in the ledger, not taken from the batch.
    expect(await h.pipeline.redrive({ batchSize: 2 })).toMatchObject({ examined: 2, delivered: 2 });
    expect(written("retry_backlog")).toEqual([
      { name: "retry_backlog", value: 3, unit: "Count", dimensions: {} },
    ]);
    expect(written("oldest_due_retry_age")).toEqual([
      {
        name: "oldest_due_retry_age",
        value: Math.round((h.clock.now() - Math.min(...dueAt)) / 1000),
        unit: "Seconds",
        dimensions: {},
      },
    ]);

    await h.pipeline.redrive();
    const idle = watch();
    await h.pipeline.redrive();
    expect(idle("retry_backlog").map((w) => w.value)).toEqual([0]);
    expect(idle("oldest_due_retry_age").map((w) => w.value)).toEqual([0]);
  });
});

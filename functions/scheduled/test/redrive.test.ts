// The scheduled redrive handler with the real runtime: an event that met a SalesMania outage is left as
// `retry`; once the outage ends, the handler delivers it exactly once.
import type { CreateVisit, NormalizedEvent } from "@smx/core";
import { sharedRuntime } from "@smx/runtime";
import { jobsOf } from "@smx/runtime/jobs";
import { prepareTestEnv, type TestEnv, useProcessEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { handler } from "../src/redrive.ts";

const HOOK = {
  id: "erp-visits",
  source: "standard-webhooks",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "signature", secrets: ["erp-secret"] },
};

let started: StartedSandbox;
let testEnv: TestEnv;

beforeAll(async () => {
  started = await startSandbox();
  testEnv = await prepareTestEnv({
    dynamoEndpoint: inject("dynamoEndpoint"),
    salesmaniaUrl: started.url,
    hooks: [HOOK],
    secrets: { "erp-secret": `whsec_${Buffer.from("erp-signing-key-with-24-bytes!!").toString("base64")}` },
    // Retries are due at once, so one redrive run right after the outage picks the event up.
    extra: { SMX_BACKOFF_BASE_MS: "0" },
  });
  useProcessEnv(testEnv.env);
});
afterAll(async () => {
  await started?.close();
  testEnv?.cleanup();
});

const visit: CreateVisit = {
  kind: "CreateVisit",
  customer: { extCustNo: "C-002", createIfMissing: false },
  date: "2026-12-20",
};
const event: NormalizedEvent = {
  command: visit,
  dedupKey: "msg_outage_0001",
  dedupKeySource: "native",
  nativeIds: { webhookId: "msg_outage_0001" },
};

const visits = () =>
  started.sandbox.state().visits.filter((v) => v.customer_id === 100002 && v.date === "2026-12-20");

/** Receives `received` while SalesMania answers every visit create with 503 (until the faults are cleared). */
async function receiveDuringOutage(received: NormalizedEvent) {
  started.sandbox.faults.add({
    route: "POST /extapi/v1.1/visits",
    kind: "status",
    status: 503,
    times: Infinity,
  });
  return sharedRuntime().pipeline.process({
    hookId: HOOK.id,
    connectionId: "demo",
    source: HOOK.source,
    event: received,
    budgetMs: 5_000,
    trigger: "inbound",
  });
}

describe("redrive handler", () => {
  it("delivers a due retry once SalesMania is back, and only once", async () => {
    const runtime = sharedRuntime();
    const first = await receiveDuringOutage(event);
    expect(first.kind).toBe("retry");
    expect(visits()).toEqual([]);

    started.sandbox.faults.clear();
    const record = await handler();
    expect(record).toMatchObject({
      jobId: "redrive",
      status: "completed",
      counts: { created: 1, failed: 0 },
      extra: { examined: 1, retried: 0 },
    });
    expect(visits()).toHaveLength(1);
    expect(await runtime.ledger.get(first.record.eventId)).toMatchObject({ status: "delivered" });

    expect(await handler()).toMatchObject({ counts: { created: 0 }, extra: { examined: 0 } });
    // Every run is recorded for `smx jobs history redrive`, newest first.
    const history = await jobsOf(runtime).runner.history("redrive");
    expect(history.items.slice(0, 2).map((r) => r.counts.created)).toEqual([0, 1]);
    expect(visits()).toHaveLength(1);
  });

  it("keeps the event retrying while the outage lasts", async () => {
    const runtime = sharedRuntime();
    const first = await receiveDuringOutage({
      ...event,
      dedupKey: "msg_outage_0002",
      command: { ...visit, date: "2026-12-21" },
    });
    expect(first.kind).toBe("retry");
    expect(await handler()).toMatchObject({ counts: { created: 0 }, extra: { examined: 1, retried: 1 } });
    expect(await runtime.ledger.get(first.record.eventId)).toMatchObject({
      status: "retry",
      attemptCount: 2,
    });
    started.sandbox.faults.clear();
  });
});

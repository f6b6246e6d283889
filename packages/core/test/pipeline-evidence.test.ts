// Acceptance tests: the evidence that a create may already have applied (a lost answer, a worker that died
// mid-delivery) survives later attempts that fail for another reason, so no attempt ever creates blindly;
// and an operator's replay authorises an order create whether it runs at once or in the next redrive.

import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Command, type ConnectionProvider, EventPipeline, UnknownOutcomeReplayError } from "../src/index.ts";
import { createPipelineHarness, memoryStores, type PipelineHarness, visitsOf } from "../src/testing/index.ts";

let h: PipelineHarness;
beforeAll(async () => {
  h = await createPipelineHarness(memoryStores(), { timeoutMs: 300 });
});
afterAll(() => h.close());

const VISITS_POST = "POST /extapi/v1.1/visits";
const VISITS_LIST = "GET /extapi/v1.1/visits";
const ORDERS_POST = "POST /extapi/v1.0/orders";
const HOURS = 3_600_000;

const ordersNumbered = (extOrderNo: string) =>
  h.sandbox.state().orders.filter((o) => o.ext_order_no === extOrderNo);

class SecretStoreOutageError extends Error {
  override name = "SecretStoreOutageError";
}

/** Connections while the secret store is unreachable: every `get` fails. */
const unreachable: ConnectionProvider = {
  get: (id) => Promise.reject(new SecretStoreOutageError(`the secret of connection ${id} could not be read`)),
};

describe("a visit whose create may have applied", () => {
  it("is reconciled, not created again, even after an attempt that could not read the day's list", async () => {
    h.sandbox.faults.clear();
    const date = "2026-11-03";
    // The create commits but answers 500; the reconciliation read fails too.
    h.sandbox.faults.add({ route: VISITS_POST, kind: "commit-then-fail", status: 500 });
    h.sandbox.faults.add({ route: VISITS_LIST, status: 503 });
    const first = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100001 }, date }, "evidence-visit", 3_000),
    );
    expect(first).toMatchObject({ kind: "retry", record: { lastError: { code: "outcome_unknown" } } });
    expect(visitsOf(h, 100001, date)).toHaveLength(1);

    // The next attempt's reconciliation read fails again (a plain 503).
    h.sandbox.faults.add({ route: VISITS_LIST, status: 503 });
    h.clock.advance(2 * HOURS);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, retried: 1 });
    expect(visitsOf(h, 100001, date)).toHaveLength(1);

    h.clock.advance(4 * HOURS);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, delivered: 1 });
    expect(visitsOf(h, 100001, date)).toHaveLength(1);
    const record = await h.ledger.get(first.record.eventId);
    expect(record).toMatchObject({ status: "delivered", result: { reconciled: true } });
  });
});

describe("an order taken over from a worker that died mid-delivery", () => {
  it("stays unknown_outcome after an attempt that failed before deciding, and is created only by a replay", async () => {
    h.sandbox.faults.clear();
    const command = v.parse(Command, {
      kind: "CreateOrder",
      customer: { id: 100002 },
      date: "2026-11-04",
      extOrderNo: "SO-DIED",
      lines: [{ product: { extProductCode: "P-002" }, qty: 1 }],
    });
    const dedupKey = "evidence-order";
    const died = await h.claimByWorkerThatDies(dedupKey, command);
    expect(died.kind).toBe("claimed");
    h.clock.advance(31_000);

    // The takeover's attempt fails before it can look at the order at all.
    const outage = new EventPipeline({
      ledger: h.ledger,
      directory: h.directory,
      connections: unreachable,
      logger: h.logger,
      metrics: h.metrics,
      clock: h.clock,
      random: () => 0.5,
    });
    expect(await outage.redrive()).toMatchObject({ examined: 1, retried: 1 });

    h.clock.advance(2 * HOURS);
    await h.pipeline.redrive();
    const parked = await h.ledger.get(died.record.eventId);
    expect(parked?.status).toBe("unknown_outcome");
    expect(ordersNumbered("SO-DIED")).toHaveLength(0);

    // A plain replay refuses: the order may exist. The operator checked SalesMania and forces it.
    await expect(h.pipeline.replay(died.record.eventId)).rejects.toThrow(UnknownOutcomeReplayError);
    expect(ordersNumbered("SO-DIED")).toHaveLength(0);
    const replayed = await h.pipeline.replay(died.record.eventId, { force: true });
    expect(replayed.kind).toBe("delivered");
    expect(ordersNumbered("SO-DIED")).toHaveLength(1);
  });
});

describe("an operator's replay left for the next redrive", () => {
  it("creates the order there instead of parking it as unknown_outcome again", async () => {
    h.sandbox.faults.clear();
    // A 500 after sending: SalesMania may or may not have the order (here it does not).
    h.sandbox.faults.add({ route: ORDERS_POST, status: 500 });
    const first = await h.pipeline.process(
      h.input(
        {
          kind: "CreateOrder",
          customer: { id: 100003 },
          date: "2026-11-05",
          extOrderNo: "SO-LATER",
          lines: [{ product: { extProductCode: "P-002" }, qty: 2 }],
        },
        "evidence-replay-later",
        3_000,
      ),
    );
    expect(first.kind).toBe("unknown_outcome");
    expect(ordersNumbered("SO-LATER")).toHaveLength(0);

    // The operator checked SalesMania's order list and re-queues it for the scheduled redrive.
    await h.pipeline.replay(first.record.eventId, { deliverNow: false, force: true });
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, delivered: 1 });
    expect(ordersNumbered("SO-LATER")).toHaveLength(1);
  });
});

describe("a customer create whose answer was lost", () => {
  it("is found on the retry even in a container that listed customers a moment before", async () => {
    h.sandbox.faults.clear();
    // The redrive's container listed the customers just now (a miss of another event).
    const redriveContainer = new EventPipeline({
      ledger: h.ledger,
      directory: h.directory,
      connections: h.connections,
      logger: h.logger,
      metrics: h.metrics,
      clock: h.clock,
      random: () => 0.5,
    });
    const miss = await redriveContainer.process(
      h.input({ kind: "CreateVisit", customer: { phone: "+628990000001" }, date: "2026-11-06" }),
    );
    expect(miss).toMatchObject({ kind: "dead", record: { lastError: { code: "customer_not_found" } } });

    // The webhook's container creates the customer; SalesMania commits it but the answer is a 500.
    h.sandbox.faults.add({ route: "POST /extapi/v1.0/customers", kind: "commit-then-fail", status: 500 });
    const phone = "+628990000002";
    const first = await h.pipeline.process(
      h.input(
        {
          kind: "CreateVisit",
          customer: { phone, name: "Toko Hilang Jawab", createIfMissing: true },
          date: "2026-11-06",
        },
        "evidence-customer",
        3_000,
      ),
    );
    expect(first.kind).toBe("retry");
    const named = () => h.sandbox.state().customers.filter((c) => c.name === "Toko Hilang Jawab");
    expect(named()).toHaveLength(1);

    // Due well within the directory refresh interval of the redrive's container.
    h.clock.advance(20_000);
    expect(await redriveContainer.redrive()).toMatchObject({ examined: 1, delivered: 1 });
    expect(named()).toHaveLength(1);
  });
});

// Acceptance tests: every sandbox fault on the visit create ends in the right ledger state, the redrive then
// leaves exactly one visit per event, and an order whose create outcome is lost is never repeated.
import type { FaultRule } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONNECTION,
  createPipelineHarness,
  memoryStores,
  type PipelineHarness,
  visitsOf,
} from "../src/testing/index.ts";

let h: PipelineHarness;
beforeAll(async () => {
  // A short client timeout so a hanging request ends well inside the 3 s budget.
  h = await createPipelineHarness(memoryStores(), { timeoutMs: 300, settings: { maxAttempts: 3 } });
});
afterAll(() => h.close());

const VISITS = "POST /extapi/v1.1/visits";
const DATE = "2026-12-10";

interface Case {
  name: string;
  fault: FaultRule;
  customerId: number;
  /** Ledger state and error code after the inbound attempt. */
  status: "retry" | "delivered";
  code?: string;
  reconciled?: boolean;
}

// Twice where the first failure would be followed by an in-attempt re-create: both fail, so the event
// must wait for the redrive, which reconciles before creating.
const cases: Case[] = [
  {
    name: "500",
    fault: { route: VISITS, status: 500, times: 2 },
    customerId: 100001,
    status: "retry",
    code: "outcome_unknown",
  },
  {
    name: "503",
    fault: { route: VISITS, status: 503 },
    customerId: 100002,
    status: "retry",
    code: "http_503",
  },
  {
    name: "hang",
    fault: { route: VISITS, kind: "hang", times: 2 },
    customerId: 100003,
    status: "retry",
    code: "outcome_unknown",
  },
  {
    name: "reset",
    fault: { route: VISITS, kind: "reset", times: 2 },
    customerId: 100004,
    status: "retry",
    code: "outcome_unknown",
  },
  {
    name: "commit-then-fail",
    fault: { route: VISITS, kind: "commit-then-fail", status: 500 },
    customerId: 100005,
    status: "delivered",
    reconciled: true,
  },
];

describe("faults on POST visits", () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status}${c.code ? ` ${c.code}` : ""}`, async () => {
      h.sandbox.faults.clear();
      h.sandbox.faults.add(c.fault);
      const result = await h.pipeline.process(
        h.input(
          { kind: "CreateVisit", customer: { id: c.customerId }, date: DATE },
          `fault-${c.name}`,
          3_000,
        ),
      );
      expect(result.kind).toBe(c.status);
      if (c.code) expect(result.record.lastError?.code).toBe(c.code);
      if (c.status === "retry")
        expect(Date.parse(result.record.nextAttemptAt ?? "")).toBeGreaterThan(h.clock.now());
      if (c.reconciled) expect(result.record.result?.reconciled).toBe(true);
      expect(visitsOf(h, c.customerId, DATE).length).toBeLessThanOrEqual(1);
    });
  }

  it("after the redrive, exactly one visit per event", async () => {
    h.sandbox.faults.clear();
    h.clock.advance(2 * 3_600_000);
    const summary = await h.pipeline.redrive();
    expect(summary).toEqual({
      examined: 4,
      delivered: 4,
      retried: 0,
      dead: 0,
      unknownOutcome: 0,
      skipped: 0,
    });
    for (const c of cases) expect(visitsOf(h, c.customerId, DATE), c.name).toHaveLength(1);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 0 });
  });
});

describe("a visit without a team", () => {
  it("is created in the team token's team, and reconciled against that team only", async () => {
    const date = "2026-12-13";
    const { api } = await h.connections.get(CONNECTION);
    // The same customer already has a visit that day, in another team: not this event's visit.
    await api.visits.create({ date, customer_id: 100002, team_id: 24729 });
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ route: VISITS, status: 500 }); // outcome unknown; nothing written
    const result = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100002 }, date }, "no-team", 3_000),
    );
    expect(result.kind).toBe("delivered");
    expect(result.record.result?.reconciled).toBeUndefined();
    expect(
      visitsOf(h, 100002, date)
        .map((visit) => visit.team_id)
        .sort(),
    ).toEqual([24728, 24729]);
  });
});

describe("an order under commit-then-fail", () => {
  it("is parked as unknown_outcome and never created twice, even after redrives and redeliveries", async () => {
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ route: "POST /extapi/v1.0/orders", kind: "commit-then-fail", status: 500 });
    const input = h.input(
      {
        kind: "CreateOrder",
        customer: { id: 100002 },
        date: DATE,
        extOrderNo: "SO-CTF",
        lines: [{ product: { extProductCode: "P-002" }, qty: 3 }],
      },
      "order-ctf",
      3_000,
    );
    const result = await h.pipeline.process(input);
    expect(result).toMatchObject({
      kind: "unknown_outcome",
      record: { lastError: { code: "outcome_unknown" } },
    });
    const orders = () => h.sandbox.state().orders.filter((o) => o.ext_order_no === "SO-CTF");
    expect(orders()).toHaveLength(1);

    h.clock.advance(4 * 3_600_000);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 0 });
    expect((await h.pipeline.process(input)).kind).toBe("duplicate");
    expect(orders()).toHaveLength(1);
    expect(h.metrics.counts.events_unknown_outcome).toBe(1);
  });
});

describe("retry limits", () => {
  it("a failure that never ends is dead retry_exhausted after maxAttempts, keeping the last error", async () => {
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ route: VISITS, status: 503, times: Number.POSITIVE_INFINITY });
    const first = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100003 }, date: "2026-12-12" }, "forever-503", 3_000),
    );
    expect(first.kind).toBe("retry");
    h.clock.advance(2 * 3_600_000);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, retried: 1 });
    h.clock.advance(2 * 3_600_000);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, dead: 1 });
    const record = await h.ledger.get(first.record.eventId);
    expect(record).toMatchObject({ status: "dead", attemptCount: 3, lastError: { code: "retry_exhausted" } });
    expect(record?.lastError?.message).toMatch(/after 3 attempts.*http_503/);
    h.sandbox.faults.clear();
  });
});

// Acceptance tests of the event pipeline: exactly-once under concurrency, duplicates answered from the
// ledger, lease takeover, costs, and what every path records.
import { Command, eventIdFor } from "@smx/core";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTION, createHarness, type Harness, HOOK, visitsOf } from "./pipeline-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("EventPipeline.process", () => {
  it("delivers one visit for 50 concurrent deliveries of one event, and answers a later duplicate from the ledger", async () => {
    const input = h.input({ kind: "CreateVisit", customer: { id: 100001 }, date: "2026-12-01" }, "booking-1");
    const results = await Promise.all(Array.from({ length: 50 }, () => h.pipeline.process(input)));
    const kinds = results.map((r) => r.kind);
    expect(kinds.filter((k) => k === "delivered")).toHaveLength(1);
    expect(kinds.every((k) => k === "delivered" || k === "busy" || k === "duplicate")).toBe(true);
    expect(visitsOf(h, 100001, "2026-12-01")).toHaveLength(1);

    const journal = h.sandbox.journal().length;
    const again = await h.pipeline.process(input);
    expect(again.kind).toBe("duplicate");
    expect(again.record.status).toBe("delivered");
    expect(again.record.result).toEqual({ ids: { customerId: 100001 }, customer: { id: 100001, how: "id" } });
    expect(h.sandbox.journal()).toHaveLength(journal);
    expect(visitsOf(h, 100001, "2026-12-01")).toHaveLength(1);
  });

  it("costs exactly two DynamoDB requests on the happy path (claim + complete)", async () => {
    const input = h.input({ kind: "CreateVisit", customer: { id: 100002 }, date: "2026-12-01" });
    h.requests.reset();
    h.limiterRequests.reset();
    const result = await h.pipeline.process(input);
    expect(result.kind).toBe("delivered");
    expect(h.requests.byOperation()).toEqual({ PutItem: 1, UpdateItem: 1 });
    // The rate limiter's lease is counted apart (its own client): at most one UpdateItem for a lone event,
    // shared by up to 20 requests under load (rate-limiter.test.ts, bench/rate-limit.bench.ts).
    expect(h.limiterRequests.count()).toBeLessThanOrEqual(1);
    expect(Object.keys(h.limiterRequests.byOperation())).toEqual(
      h.limiterRequests.count() === 0 ? [] : ["UpdateItem"],
    );
  });

  it("costs one GetItem more for an event keyed by its business key (the earlier-rejection check)", async () => {
    const input = h.input({ kind: "CreateVisit", customer: { id: 100002 }, date: "2026-12-05" });
    const businessKeyed = {
      ...input,
      event: { ...input.event, dedupKeySource: "business-key" as const },
      body: new TextEncoder().encode("cust=100002&date=2026-12-05"),
    };
    h.requests.reset();
    expect((await h.pipeline.process(businessKeyed)).kind).toBe("delivered");
    expect(h.requests.byOperation()).toEqual({ GetItem: 1, PutItem: 1, UpdateItem: 1 });
  });

  it("does not take over a live lease, but takes over an expired one and reconciles before creating", async () => {
    const command = v.parse(Command, { kind: "CreateVisit", customer: { id: 100003 }, date: "2026-12-02" });
    const input = h.input(command, "crash-1");
    const crashed = await h.claimByWorkerThatDies("crash-1", command);
    expect(crashed.kind).toBe("claimed");

    const live = await h.pipeline.process(input);
    expect(live).toMatchObject({ kind: "busy", record: { status: "in_progress" } });
    expect(visitsOf(h, 100003, "2026-12-02")).toHaveLength(0);

    h.clock.advance(31_000);
    h.sandbox.clearJournal();
    const taken = await h.pipeline.process(input);
    expect(taken.kind).toBe("delivered");
    expect(visitsOf(h, 100003, "2026-12-02")).toHaveLength(1);
    // The dead worker may have sent its create: the day's list was read before creating.
    expect(h.sandbox.journal().map((e) => `${e.method} ${e.path}`)).toEqual(
      expect.arrayContaining(["GET /extapi/v1.1/visits", "POST /extapi/v1.1/visits"]),
    );
  });

  it("redrive picks up a record whose worker died", async () => {
    const command = v.parse(Command, { kind: "CreateVisit", customer: { id: 100004 }, date: "2026-12-02" });
    await h.claimByWorkerThatDies("crash-2", command);
    h.clock.advance(31_000);
    const summary = await h.pipeline.redrive();
    expect(summary).toMatchObject({ examined: 1, delivered: 1 });
    expect(visitsOf(h, 100004, "2026-12-02")).toHaveLength(1);
  });

  it("reports a reused dedup key with another payload as a conflict, without calling SalesMania", async () => {
    await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100005 }, date: "2026-12-03" }, "k-9"),
    );
    const journal = h.sandbox.journal().length;
    const other = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100005 }, date: "2026-12-04" }, "k-9"),
    );
    expect(other.kind).toBe("conflict");
    expect(h.sandbox.journal()).toHaveLength(journal);
  });

  it("records a cancellation as ignored with a note, making no SalesMania call", async () => {
    const journal = h.sandbox.journal().length;
    const result = await h.pipeline.process(
      h.input({ kind: "CancelVisit", customer: { id: 100001 }, date: "2026-12-01", reason: "rescheduled" }),
    );
    expect(result.kind).toBe("ignored");
    expect(result.record.result?.note).toMatch(/no visit delete.*100001 on 2026-12-01.*rescheduled/);
    expect(h.sandbox.journal()).toHaveLength(journal);
  });

  it("waits for an order that has not arrived yet: order_not_found is retried, then delivered by the redrive", async () => {
    const update = await h.pipeline.process(
      h.input({ kind: "UpdateOrder", order: { extOrderNo: "SO-7" }, status: "Lunas", totalPaid: 9000 }),
    );
    expect(update).toMatchObject({ kind: "retry", record: { lastError: { code: "order_not_found" } } });

    const created = await h.pipeline.process(
      h.input({
        kind: "CreateOrder",
        customer: { id: 100001 },
        date: "2026-12-01",
        extOrderNo: "SO-7",
        lines: [{ product: { id: 200001 }, qty: 2 }],
      }),
    );
    expect(created.kind).toBe("delivered");
    const orderId = created.record.result?.ids.orderId;

    h.clock.advance(2 * 3_600_000);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, delivered: 1, retried: 0 });
    const order = h.sandbox.state().orders.find((o) => o.id === orderId);
    expect(order).toMatchObject({ status: "Lunas", total_paid: 9000, ext_order_no: "SO-7" });
  });

  it("stores unusable input as rejected once, keyed by the dedup key or else by the body's hash", async () => {
    const body = new TextEncoder().encode('{"when":"tomorrow"}');
    const common = {
      hookId: HOOK,
      connectionId: CONNECTION,
      source: "generic",
      nativeIds: { submissionId: "s-1" },
      rawBody: body,
      error: { code: "invalid_field", message: "date: expected YYYY-MM-DD", field: "date" },
      response: { status: 422, body: { error: { code: "invalid_field", message: "date" } } },
    };
    const keyed = await h.pipeline.reject({ ...common, dedupKey: "sub-1" });
    expect(keyed).toMatchObject({
      eventId: eventIdFor(HOOK, "sub-1"),
      status: "rejected",
      dedupKey: "sub-1",
    });
    const first = await h.pipeline.reject(common);
    expect(first).toMatchObject({
      dedupKeySource: "body-hash",
      dedupKey: expect.stringMatching(/^raw:[0-9a-f]{64}$/),
    });
    // The sender resends the same bytes later: no time in the key, so the same record answers.
    h.clock.advance(60_000);
    h.requests.reset();
    const second = await h.pipeline.reject({ ...common, error: { code: "other", message: "later" } });
    expect(second).toEqual(first);
    expect(h.requests.byOperation()).toEqual({ PutItem: 1 });
    expect(await h.ledger.get(first.eventId)).toMatchObject({ status: "rejected", lastError: common.error });
  });

  it("logs every line with the event id, hook id and dedup key, and counts outcomes", async () => {
    const eventLines = h.logger.lines.filter((l) => l.message !== "redrive finished");
    expect(eventLines.length).toBeGreaterThan(10);
    for (const line of eventLines) {
      expect(line.fields).toEqual(
        expect.objectContaining({ eventId: expect.stringMatching(/^evt_/), hookId: HOOK }),
      );
      expect(line.fields.dedupKey).toEqual(expect.any(String));
    }
    expect(h.metrics.counts).toMatchObject({
      events_received: expect.any(Number),
      events_delivered: expect.any(Number),
      events_retried: 1,
      events_duplicate: expect.any(Number),
      events_rejected: 2,
    });
    expect(h.metrics.counts.events_duplicate).toBeGreaterThanOrEqual(1);
  });
});

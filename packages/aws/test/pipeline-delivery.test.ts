// Acceptance tests of the event pipeline on DynamoDB: exactly-once under concurrency and across workers (real
// conditional writes), what each path costs in requests, and the redrive's index reads. What the pipeline
// decides is tested on the memory stores in packages/core/test/pipeline-*.test.ts.
import { Command } from "@smx/core";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTION, createHarness, type Harness, HOOK, visitsOf } from "./pipeline-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("EventPipeline on DynamoDB", () => {
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

  it("keeps a repeat of an unusable request with one PutItem (it fails and returns the first record)", async () => {
    const common = {
      hookId: HOOK,
      connectionId: CONNECTION,
      source: "generic",
      nativeIds: {},
      rawBody: new TextEncoder().encode('{"when":"tomorrow"}'),
      error: { code: "invalid_field", message: "date: expected YYYY-MM-DD", field: "date" },
      response: { status: 422, body: { error: { code: "invalid_field", message: "date" } } },
    };
    const first = await h.pipeline.reject(common);
    h.requests.reset();
    expect(await h.pipeline.reject(common)).toEqual(first);
    expect(h.requests.byOperation()).toEqual({ PutItem: 1 });
  });
});

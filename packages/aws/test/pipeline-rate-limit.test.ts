// Acceptance tests of SalesMania's account-wide rate limit on real parts (DynamoDB Local holds the shared
// schedule, the sandbox enforces its own limit over HTTP): an event that gets no request slot within its
// budget is a plain retry — never sent, never outcome-unknown — that the redrive delivers once; a 429 that
// still happens holds the whole connection back, in every container.
import { OUTCOME_UNKNOWN, SharedRateLimiter } from "@smx/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTION, createHarness, type Harness, visitsOf } from "./pipeline-harness.ts";

const VISITS = "/extapi/v1.1/visits";
const creates = (h: Harness) => h.sandbox.journal().filter((e) => e.method === "POST" && e.path === VISITS);

describe("an event that gets no request slot within its inline budget", () => {
  let h: Harness;
  beforeAll(async () => {
    // Our limit and SalesMania's (the sandbox's fixed one-second windows) agree: 5 requests per second.
    h = await createHarness({ rateLimitPerSecond: 5, sandbox: { rateLimitPerSecond: 5 } });
  });
  afterAll(() => h.close());

  it("is retried as rate_limited with nothing sent, and the redrive delivers every one exactly once", async () => {
    // Log in first (token calls take slots too), so the burst below waits for slots, not for a token.
    const warm = h.input({ kind: "CreateVisit", customer: { id: 100001 }, date: "2027-01-31" }, "warm");
    expect((await h.pipeline.process(warm)).kind).toBe("delivered");

    const dates = Array.from({ length: 10 }, (_, i) => `2027-02-${String(i + 1).padStart(2, "0")}`);
    const burst = dates.map((date, i) =>
      // 150 ms: at 5 requests/s at most one more slot comes up within the budget.
      h.input({ kind: "CreateVisit", customer: { id: 100001 + (i % 5) }, date }, `burst-${i}`, 150),
    );
    const before = creates(h).length;
    const inline = await Promise.all(burst.map((input) => h.pipeline.process(input)));
    const limited = inline.filter((r) => r.kind === "retry" && r.record.lastError?.code === "rate_limited");
    // An event that got a slot was sent; on a busy machine its answer can outlast the 150 ms budget, and then
    // it is a retry whose outcome is unknown (the redrive looks before it sends again), never a second send.
    const sent = inline.filter((r) => !limited.includes(r));
    for (const r of sent) {
      if (r.kind !== "delivered") expect(r.record.lastError).toMatchObject({ code: OUTCOME_UNKNOWN });
    }
    expect(limited.length).toBeGreaterThanOrEqual(8);
    for (const r of limited) expect(r.record.lastError?.message).toMatch(/not sent/);
    // A rate-limited event sent nothing: the only creates that reached SalesMania are the sent ones, once each.
    expect(creates(h).length - before).toBe(sent.length);

    h.clock.advance(2 * 3_600_000);
    const retries = inline.filter((r) => r.kind === "retry").length;
    const summary = await h.pipeline.redrive();
    expect(summary).toMatchObject({ examined: retries, delivered: retries, skipped: 0 });
    burst.forEach((input, i) => {
      const command = input.event.command as { date: string };
      expect(visitsOf(h, 100001 + (i % 5), command.date), command.date).toHaveLength(1);
    });
    expect(h.sandbox.journal().filter((e) => e.status === 429)).toEqual([]);
  });
});

describe("a 429 that SalesMania still answers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it("retries that event no earlier than Retry-After and holds the whole connection back", async () => {
    const warm = h.input({ kind: "CreateVisit", customer: { id: 100001 }, date: "2026-12-11" }, "warm");
    expect((await h.pipeline.process(warm)).kind).toBe("delivered");
    h.sandbox.faults.add({ route: `POST ${VISITS}`, status: 429, retryAfterSeconds: 600, times: 1 });
    const throttled = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100002 }, date: "2026-12-11" }, "fault-429", 3_000),
    );
    expect(throttled).toMatchObject({
      kind: "retry",
      record: { lastError: { code: "http_429", httpStatus: 429 } },
    });
    // Backoff alone (jitter pinned at 0.5) would say 15 s.
    expect(Date.parse(throttled.record.nextAttemptAt ?? "")).toBeGreaterThanOrEqual(h.clock.now() + 600_000);

    // The hold is account-wide: the next event is not even sent…
    const journal = h.sandbox.journal().length;
    const held = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100003 }, date: "2026-12-11" }, "after-429", 300),
    );
    expect(held).toMatchObject({ kind: "retry", record: { lastError: { code: "rate_limited" } } });
    expect(h.sandbox.journal()).toHaveLength(journal);
    // …and another container, sharing only the schedule in the table, gets no slot either.
    const otherContainer = new SharedRateLimiter({
      key: CONNECTION,
      ratePerSecond: 1000,
      store: h.rateLimits,
    });
    await expect(otherContainer.acquire(AbortSignal.timeout(300))).rejects.toThrow();
  });
});

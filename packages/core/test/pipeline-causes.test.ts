// Acceptance tests: what an attempt records is what SalesMania actually did (its status and message, not a
// timeout the budget produced), and a Retry-After longer than the client waits schedules the retry then.
// The client runs with its default retries here (3 attempts, pauses up to 5 s), as in production.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipelineHarness, memoryStores, type PipelineHarness } from "../src/testing/index.ts";

let h: PipelineHarness;
beforeAll(async () => {
  h = await createPipelineHarness(memoryStores(), { clientAttempts: 3 });
});
afterAll(() => h.close());

const VISITS = "POST /extapi/v1.1/visits";
const posts = () => h.sandbox.journal().filter((e) => `${e.method} ${e.path}` === VISITS);

describe("the cause of a failed attempt", () => {
  it("is SalesMania's 503 and message when it answered 503 until the budget ran out", async () => {
    h.sandbox.faults.add({ route: VISITS, status: 503, retryAfterSeconds: 2, times: 5 });
    h.sandbox.clearJournal();
    const result = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100001 }, date: "2027-01-04" }, "causes-503", 3_000),
    );
    h.sandbox.faults.clear();
    expect(result.kind).toBe("retry");
    // How many tries fit in the budget depends on how fast each answer comes (two on an idle machine, one on
    // a busy one); what matters is that every one was a 503 and the cause recorded is the last one.
    const statuses = posts().map((e) => e.status);
    expect(statuses.length).toBeGreaterThanOrEqual(1);
    expect(statuses.length).toBeLessThanOrEqual(3);
    expect(new Set(statuses)).toEqual(new Set([503]));
    const error = result.record.lastError;
    expect(error).toMatchObject({ code: "http_503", httpStatus: 503 });
    expect(error?.message).toContain("Simulated fault: HTTP 503");
    expect(error?.message).not.toMatch(/no answer within/);
    expect(result.record.attempts[0]).toMatchObject({ kind: "attempt", error: { code: "http_503" } });
  });

  it("waits for a long Retry-After instead of retrying early: one request, the retry scheduled then", async () => {
    h.sandbox.faults.add({ route: VISITS, status: 429, retryAfterSeconds: 30 });
    h.sandbox.clearJournal();
    const result = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100002 }, date: "2027-01-05" }, "causes-429", 8_000),
    );
    expect(posts()).toHaveLength(1);
    expect(result).toMatchObject({
      kind: "retry",
      record: { lastError: { code: "http_429", httpStatus: 429 } },
    });
    expect(Date.parse(result.record.nextAttemptAt ?? "")).toBeGreaterThanOrEqual(h.clock.now() + 30_000);
  });
});

// Acceptance test: a record an operator brings back late in its retention is kept for a full retention
// period from then, so it cannot expire (TTL) while it is being retried, or right after it is delivered.
import { Command, eventIdFor } from "@smx/core";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, HOOK, visitsOf } from "./pipeline-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("replaying a record close to its expiry", () => {
  it("extends expiresAt to a full retention period from the replay", async () => {
    const command = v.parse(Command, { kind: "CreateVisit", customer: { id: 100002 }, date: "2026-11-20" });
    const dedupKey = "late-replay";
    // Rejected a retention period ago (minus an hour): an hour of life left. Real seconds, as DynamoDB
    // Local's TTL sweeper uses real time.
    const hourLeft = Math.floor(Date.now() / 1000) + 3_600;
    await h.ledger.reject({
      ...h.identity(dedupKey, command),
      command,
      error: { code: "customer_not_found", message: "no customer matches", field: "customer" },
      response: { status: 422, body: {} },
      now: h.clock.now(),
      expiresAt: hourLeft,
    });

    const replayed = await h.pipeline.replay(eventIdFor(HOOK, dedupKey));
    expect(replayed.kind).toBe("delivered");
    expect(visitsOf(h, 100002, "2026-11-20")).toHaveLength(1);
    const retentionSeconds = h.pipeline.settings.retentionDays * 86_400;
    expect(replayed.record.expiresAt).toBe(Math.floor(h.clock.now() / 1000) + retentionSeconds);
  });
});

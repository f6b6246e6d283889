// The outcome → HTTP answer table for the states a single request rarely reaches on its own (a live claim
// held by another request, a scheduled retry, a lost create answer), and the admin key sources.
import type { EventRecord } from "@smx/core";
import { describe, expect, it } from "vitest";
import { checkAdminKey } from "../src/admin-key.ts";
import { adminApiKeyFrom } from "../src/admin-key-source.ts";
import { answerForRecord, answerForResult } from "../src/answers.ts";

const NOW = Date.UTC(2026, 11, 1, 3, 0, 0);

function record(overrides: Partial<EventRecord>): EventRecord {
  return {
    eventId: "evt_0000000000000000000000test",
    hookId: "typeform-visits",
    dedupKey: "form_response:tok",
    connectionId: "demo",
    source: "typeform",
    status: "delivered",
    command: {
      kind: "CreateVisit",
      customer: { extCustNo: "C-001", createIfMissing: false },
      date: "2026-12-03",
    },
    fingerprint: "f",
    nativeIds: {},
    attempts: [],
    attemptCount: 1,
    receivedAt: new Date(NOW).toISOString(),
    updatedAt: new Date(NOW).toISOString(),
    expiresAt: NOW / 1000 + 86_400,
    ...overrides,
  };
}

describe("answers", () => {
  it("answers a live claim held elsewhere with 409 and Retry-After until the lease ends", () => {
    const answer = answerForResult(
      { kind: "busy", record: record({ status: "in_progress", leaseUntil: NOW + 12_300 }) },
      NOW,
    );
    expect(answer).toMatchObject({
      status: 409,
      headers: { "retry-after": "13" },
      body: { error: { code: "in_progress" } },
    });
  });

  it("answers a scheduled retry (busy or just recorded) with 202 and the next attempt", () => {
    const retrying = record({ status: "retry", nextAttemptAt: "2026-12-01T03:05:00.000Z" });
    const expected = {
      status: 202,
      body: { eventId: retrying.eventId, status: "retry", nextAttemptAt: "2026-12-01T03:05:00.000Z" },
    };
    expect(answerForResult({ kind: "busy", record: retrying }, NOW)).toEqual(expected);
    expect(answerForResult({ kind: "retry", record: retrying }, NOW)).toEqual(expected);
  });

  it("answers a lost create answer with 202 unknown_outcome", () => {
    const answer = answerForResult(
      { kind: "unknown_outcome", record: record({ status: "unknown_outcome" }) },
      NOW,
    );
    expect(answer).toMatchObject({ status: 202, body: { status: "unknown_outcome" } });
  });

  it("answers 201 only to the request that created; updates and repeats get 200 with the same body", () => {
    const created = record({ status: "delivered", result: { ids: { visitId: 7 } } });
    const first = answerForResult({ kind: "delivered", record: created }, NOW);
    const repeat = answerForResult({ kind: "duplicate", record: created }, NOW);
    expect(first.status).toBe(201);
    expect(repeat).toEqual({ ...first, status: 200 });
    const update = record({
      status: "delivered",
      command: { kind: "UpdateOrder", order: { extOrderNo: "SO-1" }, status: "Lunas" },
    });
    expect(answerForResult({ kind: "delivered", record: update }, NOW).status).toBe(200);
  });

  it("names the Idempotency-Key header when a reused key came from it", () => {
    const answer = answerForResult(
      { kind: "conflict", record: record({ dedupKeySource: "idempotency-key", dedupKey: "zap-1" }) },
      NOW,
    );
    expect(answer).toMatchObject({
      status: 409,
      body: { error: { code: "idempotency_key_reused", header: "idempotency-key" } },
    });
  });

  it("replays a rejected record's stored status with its event id", () => {
    const rejected = record({
      status: "rejected",
      lastError: { code: "unsupported_media_type", message: "content-type: expected JSON" },
      response: {
        status: 415,
        body: {
          error: {
            code: "unsupported_media_type",
            message: "content-type: expected JSON",
            header: "content-type",
          },
        },
      },
    });
    expect(answerForRecord(rejected, NOW)).toEqual({
      status: 415,
      body: {
        error: {
          code: "unsupported_media_type",
          message: "content-type: expected JSON",
          header: "content-type",
        },
        eventId: rejected.eventId,
      },
    });
  });
});

describe("admin key", () => {
  it("accepts only the exact bearer key", () => {
    expect(checkAdminKey("Bearer k-123", "k-123")).toBe("ok");
    expect(checkAdminKey("bearer k-123", "k-123")).toBe("ok");
    expect(checkAdminKey("Bearer k-1234", "k-123")).toBe("wrong");
    expect(checkAdminKey("Basic k-123", "k-123")).toBe("missing");
    expect(checkAdminKey(undefined, "k-123")).toBe("missing");
  });

  it("comes from SMX_ADMIN_API_KEY, else a linked SST secret, else nowhere", () => {
    expect(adminApiKeyFrom({ SMX_ADMIN_API_KEY: "from-env" }, { AdminApiKey: { value: "linked" } })).toBe(
      "from-env",
    );
    expect(adminApiKeyFrom({}, { AdminApiKey: { value: "linked" } })).toBe("linked");
    expect(adminApiKeyFrom({ SMX_ADMIN_API_KEY: " " }, {})).toBeUndefined();
    // The SST Resource proxy throws on unknown names; `in` must be the only probe.
    const strict = new Proxy(
      {},
      {
        get: (_t, name) => {
          throw new Error(`"${String(name)}" is not linked`);
        },
        has: () => false,
      },
    );
    expect(adminApiKeyFrom({}, strict)).toBeUndefined();
  });
});

// What `events show` prints for people: every kind of history entry, and when the source says the event
// happened (no ledger needed: the record is built here).
import type { EventRecord } from "@smx/core";
import { describe, expect, it } from "vitest";
import { formatEvent } from "../src/format.ts";

const record: EventRecord = {
  eventId: "evt_show",
  hookId: "typeform-visits",
  dedupKey: "form_response:tok-1",
  dedupKeySource: "native",
  connectionId: "demo",
  source: "typeform",
  fingerprint: "fp",
  nativeIds: {},
  occurredAt: "2026-11-28T02:53:40.000Z",
  status: "delivered",
  command: {
    kind: "CreateVisit",
    customer: { extCustNo: "C-1", createIfMissing: false },
    date: "2026-12-01",
  },
  attempts: [
    {
      kind: "rejection",
      at: "2026-11-28T02:53:41.000Z",
      outcome: "rejected",
      error: { code: "missing_field", message: "date is required" },
    },
    {
      kind: "attempt",
      at: "2026-11-28T03:00:00.000Z",
      outcome: "dead",
      trigger: "inbound",
      durationMs: 41,
      error: { code: "customer_not_found", message: "no customer C-1" },
    },
    { kind: "action", at: "2026-11-28T04:00:00.000Z", outcome: "retry", action: "replay", actor: "cli:ana" },
    {
      kind: "attempt",
      at: "2026-11-28T04:00:01.000Z",
      outcome: "delivered",
      trigger: "replay",
      durationMs: 212,
    },
  ],
  attemptCount: 2,
  receivedAt: "2026-11-28T02:53:41.000Z",
  updatedAt: "2026-11-28T04:00:01.000Z",
  expiresAt: 1_800_000_000,
};

describe("formatEvent", () => {
  it("shows when it happened and one line per history entry, each saying what it was", () => {
    const lines = formatEvent(record).split("\n");
    expect(lines).toContain("occurred   2026-11-28T02:53:40.000Z (as the source says)");
    expect(lines).toContain(
      "  2026-11-28T02:53:41.000Z  inbound  → rejected — missing_field: date is required",
    );
    expect(lines).toContain(
      "  2026-11-28T03:00:00.000Z  inbound  → dead in 41 ms — customer_not_found: no customer C-1",
    );
    expect(lines).toContain("  2026-11-28T04:00:00.000Z  replay by cli:ana  → retry");
    expect(lines).toContain("  2026-11-28T04:00:01.000Z  replay  → delivered in 212 ms");
  });
});

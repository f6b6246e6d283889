// Inputs for ledger tests (the contract suite and each adapter's own tests).
import { randomUUID } from "node:crypto";
import type { Command } from "../commands.ts";
import type { AttemptEntry } from "../events/history.ts";
import type { ClaimInput, ClaimResult, Ledger, Outcome } from "../ledger.ts";

export const T0 = Date.parse("2026-03-01T08:00:00.000Z");
export const iso = (ms: number) => new Date(ms).toISOString();
/** The event ids of a list page, in its order. */
export const idsOf = (page: { items: { eventId: string }[] }) => page.items.map((record) => record.eventId);
export const LEASE_MS = 30_000;

export function visitCommand(extCustNo = "C-1"): Command {
  return { kind: "CreateVisit", customer: { extCustNo, createIfMissing: false }, date: "2026-03-02" };
}

export function claimInput(overrides: Partial<ClaimInput> = {}): ClaimInput {
  const eventId = overrides.eventId ?? `evt-${randomUUID()}`;
  return {
    eventId,
    hookId: "hook-a",
    dedupKey: `dk-${eventId}`,
    connectionId: "conn-1",
    source: "generic",
    command: visitCommand(),
    fingerprint: "fp-1",
    nativeIds: { submissionId: "s-1" },
    now: T0,
    leaseMs: LEASE_MS,
    // From the real clock, not T0: DynamoDB Local really deletes expired items (within seconds).
    expiresAt: Math.floor(Date.now() / 1000) + 90 * 86_400,
    ...overrides,
  };
}

export function attempt(
  at: number,
  outcome: AttemptEntry["outcome"],
  trigger: AttemptEntry["trigger"] = "inbound",
): AttemptEntry {
  return { kind: "attempt", at: new Date(at).toISOString(), outcome, trigger, durationMs: 12 };
}

export function delivered(at: number): Outcome {
  return {
    status: "delivered",
    result: { ids: { visitCustomerId: 45 }, customer: { id: 45, how: "directory" } },
    response: { status: 200, body: { ok: true } },
    attempt: attempt(at, "delivered"),
  };
}

export function retryAt(at: number, nextAttemptAt: number): Outcome {
  return {
    status: "retry",
    error: { code: "http_503", message: "SalesMania answered 503", httpStatus: 503 },
    nextAttemptAt: new Date(nextAttemptAt).toISOString(),
    response: { status: 202, body: { accepted: true } },
    attempt: attempt(at, "retry"),
  };
}

export function deadOutcome(at: number): Outcome {
  return {
    status: "dead",
    error: { code: "customer_not_found", message: "no customer C-1", field: "customer.extCustNo" },
    response: { status: 422, body: { error: { code: "customer_not_found" } } },
    attempt: attempt(at, "dead"),
  };
}

/** Claims `input`, which must be this ledger's to claim (a new key, or one due for a takeover). */
export async function claimOrFail(
  ledger: Ledger,
  input: ClaimInput = claimInput(),
): Promise<ClaimResult & { kind: "claimed" }> {
  const result = await ledger.claim(input);
  if (result.kind !== "claimed") throw new Error(`expected to claim ${input.eventId}, got ${result.kind}`);
  return result;
}

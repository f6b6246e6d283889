// Claim/complete semantics of the DynamoDB ledger against DynamoDB Local, including what each path costs.
import { DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { LeaseLostError } from "@smx/core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { countRequests, createDynamoClients, DynamoLedger, type RequestCounter } from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";
import { claimInput, deadOutcome, delivered, LEASE_MS, retryAt, T0 } from "./fixtures.ts";

let ledger: DynamoLedger;
let requests: RequestCounter;
let table: Awaited<ReturnType<typeof createTestTable>>;

beforeAll(async () => {
  table = await createTestTable(inject("dynamoEndpoint"), "ledger-claim");
  ledger = new DynamoLedger({ doc: table.doc, tableName: table.tableName });
  requests = countRequests(table.client);
});

describe("DynamoLedger.claim", () => {
  it("gives exactly one of 50 concurrent claims of one key; the rest are busy", async () => {
    const input = claimInput();
    const results = await Promise.all(Array.from({ length: 50 }, () => ledger.claim(input)));
    expect(results.filter((r) => r.kind === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "busy")).toHaveLength(49);
    const winner = results.find((r) => r.kind === "claimed")!;
    const stored = await ledger.get(input.eventId);
    expect(stored?.claimToken).toBe(winner.record.claimToken);
    expect(stored?.status).toBe("in_progress");
    expect(stored?.leaseUntil).toBe(T0 + LEASE_MS);
  });

  it("answers a finished key with the stored result", async () => {
    const input = claimInput();
    const first = await ledger.claim(input);
    expect(first).toMatchObject({ kind: "claimed", takenOver: false });
    await ledger.complete(first.record, delivered(T0 + 100));

    const again = await ledger.claim({ ...input, now: T0 + 5_000 });
    expect(again.kind).toBe("finished");
    expect(again.record.status).toBe("delivered");
    expect(again.record.result).toEqual({
      ids: { visitCustomerId: 45 },
      customer: { id: 45, how: "directory" },
    });
    expect(again.record.response).toEqual({ status: 200, body: { ok: true } });
    expect(again.record.attemptCount).toBe(1);
  });

  it("takes over an expired lease, keeping history, but not a live one", async () => {
    const input = claimInput();
    const first = await ledger.claim(input);
    await ledger.complete(first.record, retryAt(T0 + 100, T0 + 1_000));
    const second = await ledger.claim({ ...input, now: T0 + 2_000, trigger: "redrive" });
    expect(second).toMatchObject({ kind: "claimed", takenOver: true });

    const live = await ledger.claim({ ...input, now: T0 + 2_000 + LEASE_MS - 1 });
    expect(live.kind).toBe("busy");
    expect(live.record.claimToken).toBe(second.record.claimToken);

    const expired = await ledger.claim({ ...input, now: T0 + 2_000 + LEASE_MS + 1 });
    expect(expired).toMatchObject({ kind: "claimed", takenOver: true, previousStatus: "in_progress" });
    expect(expired.record.claimToken).not.toBe(second.record.claimToken);
    expect(expired.record.receivedAt).toBe(new Date(T0).toISOString());
    expect(expired.record.attempts).toHaveLength(1);
    expect(expired.record.attemptCount).toBe(1);
    expect(expired.record.lastError?.code).toBe("http_503");
    expect(expired.record.nextAttemptAt).toBeUndefined();
  });

  it("refuses a complete from a worker whose lease was taken over", async () => {
    const input = claimInput();
    const stale = await ledger.claim(input);
    const fresh = await ledger.claim({ ...input, now: T0 + LEASE_MS + 1 });
    expect(fresh.kind).toBe("claimed");
    await expect(ledger.complete(stale.record, delivered(T0 + LEASE_MS + 2))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    const done = await ledger.complete(fresh.record, delivered(T0 + LEASE_MS + 3));
    expect(done.status).toBe("delivered");
    expect(done.claimToken).toBeUndefined();
    expect(done.leaseUntil).toBeUndefined();
    // Completing again with the spent token (what an SDK retry looks like) applies nothing twice.
    const repeated = await ledger.complete(fresh.record, deadOutcome(T0 + LEASE_MS + 4));
    expect(repeated).toMatchObject({ status: "delivered", attemptCount: 1 });
  });

  it("reports the same key with another payload as a conflict, without touching it", async () => {
    const input = claimInput();
    await ledger.claim(input);
    const other = await ledger.claim({ ...input, fingerprint: "fp-other", now: T0 + LEASE_MS + 1 });
    expect(other.kind).toBe("conflict");
    expect(other.record.fingerprint).toBe("fp-1");
    expect((await ledger.get(input.eventId))?.leaseUntil).toBe(T0 + LEASE_MS);
  });

  it("re-claims a retry once it is due, not before", async () => {
    const input = claimInput();
    const first = await ledger.claim(input);
    const retried = await ledger.complete(first.record, retryAt(T0 + 100, T0 + 60_000));
    expect(retried.nextAttemptAt).toBe(new Date(T0 + 60_000).toISOString());

    const early = await ledger.claim({ ...input, now: T0 + 59_999 });
    expect(early.kind).toBe("busy");
    expect(early.record.status).toBe("retry");

    const due = await ledger.claim({ ...input, now: T0 + 60_000, trigger: "redrive" });
    expect(due).toMatchObject({ kind: "claimed", takenOver: true, previousStatus: "retry" });
    expect(due.record.status).toBe("in_progress");
    expect(due.record.attempts.map((a) => a.outcome)).toEqual(["retry"]);
  });

  it("lets only one of 20 concurrent workers take over a due retry", async () => {
    const input = claimInput();
    const first = await ledger.claim(input);
    await ledger.complete(first.record, retryAt(T0 + 100, T0 + 1_000));
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ledger.claim({ ...input, now: T0 + 1_000, trigger: "redrive" })),
    );
    expect(results.filter((r) => r.kind === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "busy")).toHaveLength(19);
    expect((await ledger.get(input.eventId))?.attempts).toHaveLength(1);
  });

  it("stores the TTL attribute the caller gave, on a table with TTL enabled", async () => {
    const input = claimInput();
    await ledger.claim(input);
    const { Item } = await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: `EVT#${input.eventId}`, sk: "EVENT" } }),
    );
    expect(Item?.expiresAt).toBe(input.expiresAt);
    const ttl = await table.client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: "ENABLED",
      AttributeName: "expiresAt",
    });
  });
});

describe("a write that landed but whose answer was lost (the SDK sends it again)", () => {
  /** A ledger whose next write of `operation` reaches DynamoDB twice; the caller sees the second answer. */
  function ledgerSendingTwice(operation: "PutItem" | "UpdateItem") {
    const clients = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
    let armed = false;
    clients.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!armed || context.commandName !== `${operation}Command`) return next(args);
        armed = false;
        await next(args);
        return next(args);
      },
      { step: "deserialize", name: "sendTwice" },
    );
    const twice = new DynamoLedger({ doc: clients.doc, tableName: table.tableName });
    return { ledger: twice, arm: () => (armed = true) };
  }

  it("recognises its own claim, takeover and complete instead of reporting busy or a lost lease", async () => {
    const puts = ledgerSendingTwice("PutItem");
    puts.arm();
    const input = claimInput();
    const claimed = await puts.ledger.claim(input);
    expect(claimed).toMatchObject({ kind: "claimed", takenOver: false });

    const updates = ledgerSendingTwice("UpdateItem");
    updates.arm();
    const retried = await updates.ledger.complete(claimed.record, retryAt(T0 + 100, T0 + 1_000));
    expect(retried).toMatchObject({ status: "retry", attemptCount: 1 });

    updates.arm();
    const takenOver = await updates.ledger.claim({ ...input, now: T0 + 1_000 });
    expect(takenOver).toMatchObject({ kind: "claimed", takenOver: true });
    expect(takenOver.record.claimToken).toEqual(expect.any(String));

    updates.arm();
    const done = await updates.ledger.complete(takenOver.record, delivered(T0 + 1_100));
    expect(done).toMatchObject({ status: "delivered", attemptCount: 2 });
    expect(done).not.toHaveProperty("completedToken");
    // The stale first token is still refused.
    await expect(ledger.complete(claimed.record, delivered(T0 + 1_200))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
  });
});

describe("DynamoDB requests per path (the figures in docs/ledger.md)", () => {
  it("happy path: claim + complete = 2 requests (PutItem, UpdateItem)", async () => {
    requests.reset();
    const claimed = await ledger.claim(claimInput());
    await ledger.complete(claimed.record, delivered(T0 + 100));
    expect(requests.byOperation()).toEqual({ PutItem: 1, UpdateItem: 1 });
    expect(requests.count()).toBe(2);
  });

  it("duplicate of a finished or busy key: 1 request (the failed PutItem returns the record)", async () => {
    const input = claimInput();
    const claimed = await ledger.claim(input);
    requests.reset();
    expect((await ledger.claim(input)).kind).toBe("busy");
    expect(requests.byOperation()).toEqual({ PutItem: 1 });
    await ledger.complete(claimed.record, delivered(T0 + 100));
    requests.reset();
    expect((await ledger.claim(input)).kind).toBe("finished");
    expect(requests.byOperation()).toEqual({ PutItem: 1 });
  });

  it("retry or expired-lease takeover: 2 requests (failed PutItem + conditional UpdateItem)", async () => {
    const input = claimInput();
    const claimed = await ledger.claim(input);
    await ledger.complete(claimed.record, retryAt(T0 + 100, T0 + 1_000));
    requests.reset();
    expect((await ledger.claim({ ...input, now: T0 + 1_000 })).kind).toBe("claimed");
    expect(requests.byOperation()).toEqual({ PutItem: 1, UpdateItem: 1 });
    requests.reset();
    expect((await ledger.claim({ ...input, now: T0 + 1_000 + LEASE_MS + 1 })).kind).toBe("claimed");
    expect(requests.byOperation()).toEqual({ PutItem: 1, UpdateItem: 1 });
  });
});

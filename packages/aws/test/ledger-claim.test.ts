// What is the DynamoDB ledger's own, beyond the core's ledger contract (contracts.test.ts): its items (TTL, the
// lease token), its own writes repeated by the SDK, and what each path costs.
import { DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { LeaseLostError, retryWindow } from "@smx/core";
import { claimInput, claimOrFail, delivered, LEASE_MS, retryAt, T0 } from "@smx/core/testing";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { countRequests, createDynamoClients, DynamoLedger, type RequestCounter } from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";

let ledger: DynamoLedger;
let requests: RequestCounter;
let table: Awaited<ReturnType<typeof createTestTable>>;

beforeAll(async () => {
  table = await createTestTable(inject("dynamoEndpoint"), "ledger-claim");
  ledger = new DynamoLedger({ doc: table.doc, tableName: table.tableName });
  requests = countRequests(table.client);
});

describe("DynamoLedger items", () => {
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

  it("keeps the lease's token on the item only, and drops it with the lease", async () => {
    const input = claimInput();
    const claimed = await claimOrFail(ledger, input);
    const item = async () =>
      (
        await table.doc.send(
          new GetCommand({ TableName: table.tableName, Key: { pk: `EVT#${input.eventId}`, sk: "EVENT" } }),
        )
      ).Item;
    expect((await item())?.claimToken).toBe(claimed.lease.token);
    expect(await ledger.get(input.eventId)).not.toHaveProperty("claimToken");
    await ledger.complete(claimed.lease, delivered(T0 + 100));
    expect(await item()).not.toHaveProperty("claimToken");
  });
});

describe("a record stored by the previous version (an untyped history)", () => {
  const at = (s: number) => new Date(T0 + s * 1_000).toISOString();
  /** The item as the version before the typed history wrote it: entries without `kind`, requeues as attempts. */
  async function storeOldItem(eventId: string, status: string, attempts: object[]) {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...claimInput({ eventId }),
          pk: `EVT#${eventId}`,
          sk: "EVENT",
          gsi1pk: `STATUS#${status}`,
          gsi1sk: `${at(40)}#${eventId}`,
          gsi2pk: "HOOK#hook-a",
          gsi2sk: `${at(0)}#${eventId}`,
          status,
          attemptCount: 2,
          receivedAt: at(0),
          updatedAt: at(40),
          lastError: { code: "customer_not_found", message: "no customer C-1" },
          attempts,
        },
      }),
    );
  }

  it("reads as a typed history, counts retries as it did, and takes further entries after it", async () => {
    const eventId = `evt-old-${T0}`;
    const error = { code: "http_422", message: "x" };
    await storeOldItem(eventId, "dead", [
      {
        at: at(0),
        outcome: "rejected",
        trigger: "inbound",
        error: { code: "missing_field", message: "date" },
      },
      { at: at(10), outcome: "dead", trigger: "inbound", durationMs: 41, error },
      { at: at(20), outcome: "retry", trigger: "replay" },
      { at: at(30), outcome: "retry", trigger: "replay", action: "replay", actor: "cli:ana" },
      { at: at(40), outcome: "dead", trigger: "replay", durationMs: 17 },
    ]);
    const record = await ledger.get(eventId);
    expect(record?.attempts).toEqual([
      {
        kind: "rejection",
        at: at(0),
        outcome: "rejected",
        error: { code: "missing_field", message: "date" },
      },
      { kind: "attempt", at: at(10), outcome: "dead", trigger: "inbound", durationMs: 41, error },
      { kind: "action", at: at(20), outcome: "retry", action: "replay", actor: "operator" },
      { kind: "action", at: at(30), outcome: "retry", action: "replay", actor: "cli:ana" },
      { kind: "attempt", at: at(40), outcome: "dead", trigger: "replay", durationMs: 17 },
    ]);
    // The retry limits count from its last requeue, as they did when it was written.
    expect(retryWindow(record!)).toEqual({ attempts: 1, since: T0 + 30_000 });
    const requeued = await ledger.requeue(eventId, {
      now: T0 + 60_000,
      from: ["dead"],
      entry: { action: "replay", actor: "cli:budi" },
    });
    expect(requeued.attempts).toHaveLength(6);
    expect(requeued.attempts.at(-1)).toEqual({
      kind: "action",
      at: at(60),
      outcome: "retry",
      action: "replay",
      actor: "cli:budi",
    });
  });

  it("reads an operator's settlement as an action", async () => {
    const eventId = `evt-old-closed-${T0}`;
    await storeOldItem(eventId, "closed", [
      { at: at(10), outcome: "dead", trigger: "inbound", durationMs: 41 },
      {
        at: at(50),
        outcome: "closed",
        trigger: "operator",
        action: "dismiss",
        actor: "cli:ana",
        note: "dup",
      },
    ]);
    expect((await ledger.get(eventId))?.attempts.at(-1)).toEqual({
      kind: "action",
      at: at(50),
      outcome: "closed",
      action: "dismiss",
      actor: "cli:ana",
      note: "dup",
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
    const claimed = await claimOrFail(puts.ledger, input);
    expect(claimed.takenOver).toBe(false);

    const updates = ledgerSendingTwice("UpdateItem");
    updates.arm();
    const retried = await updates.ledger.complete(claimed.lease, retryAt(T0 + 100, T0 + 1_000));
    expect(retried).toMatchObject({ status: "retry", attemptCount: 1 });

    updates.arm();
    const takenOver = await claimOrFail(updates.ledger, { ...input, now: T0 + 1_000 });
    expect(takenOver.takenOver).toBe(true);
    expect(takenOver.lease.token).not.toBe(claimed.lease.token);

    updates.arm();
    const done = await updates.ledger.complete(takenOver.lease, delivered(T0 + 1_100));
    expect(done).toMatchObject({ status: "delivered", attemptCount: 2 });
    expect(done).not.toHaveProperty("completedToken");
    // The stale first lease is still refused.
    await expect(ledger.complete(claimed.lease, delivered(T0 + 1_200))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
  });
});

describe("DynamoDB requests per path (the figures in docs/ledger.md)", () => {
  it("happy path: claim + complete = 2 requests (PutItem, UpdateItem)", async () => {
    requests.reset();
    const claimed = await claimOrFail(ledger);
    await ledger.complete(claimed.lease, delivered(T0 + 100));
    expect(requests.byOperation()).toEqual({ PutItem: 1, UpdateItem: 1 });
    expect(requests.count()).toBe(2);
  });

  it("duplicate of a finished or busy key: 1 request (the failed PutItem returns the record)", async () => {
    const input = claimInput();
    const claimed = await claimOrFail(ledger, input);
    requests.reset();
    expect((await ledger.claim(input)).kind).toBe("busy");
    expect(requests.byOperation()).toEqual({ PutItem: 1 });
    await ledger.complete(claimed.lease, delivered(T0 + 100));
    requests.reset();
    expect((await ledger.claim(input)).kind).toBe("finished");
    expect(requests.byOperation()).toEqual({ PutItem: 1 });
  });

  it("retry or expired-lease takeover: 2 requests (failed PutItem + conditional UpdateItem)", async () => {
    const input = claimInput();
    const claimed = await claimOrFail(ledger, input);
    await ledger.complete(claimed.lease, retryAt(T0 + 100, T0 + 1_000));
    requests.reset();
    expect((await ledger.claim({ ...input, now: T0 + 1_000 })).kind).toBe("claimed");
    expect(requests.byOperation()).toEqual({ PutItem: 1, UpdateItem: 1 });
    requests.reset();
    expect((await ledger.claim({ ...input, now: T0 + 1_000 + LEASE_MS + 1 })).kind).toBe("claimed");
    expect(requests.byOperation()).toEqual({ PutItem: 1, UpdateItem: 1 });
  });
});

// The rate-limit schedule in DynamoDB Local, beyond the core's store contract (contracts.test.ts): each write
// is one conditional UpdateItem on one small item, and the limiter on top keeps containers apart — or, with
// DynamoDB unreachable, paces each one alone.
import { createServer } from "node:net";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { SharedRateLimiter } from "@smx/core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  countRequests,
  createDynamoClients,
  DynamoRateLimitStore,
  type RequestCounter,
  rateLimitKey,
} from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";

let table: Awaited<ReturnType<typeof createTestTable>>;
let store: DynamoRateLimitStore;
let requests: RequestCounter;
let keys = 0;
const freshKey = () => `conn-${++keys}`;

beforeAll(async () => {
  table = await createTestTable(inject("dynamoEndpoint"), "rate-limit");
  store = new DynamoRateLimitStore({ doc: table.doc, tableName: table.tableName });
  requests = countRequests(table.client);
});

describe("DynamoRateLimitStore", () => {
  it("of two containers starting an idle schedule at once, one wins and the other learns its value", async () => {
    const key = freshKey();
    const now = Date.now();
    requests.reset();
    const [a, b] = await Promise.all([
      store.raise(key, { to: now + 1_000, ifBelow: now }),
      store.raise(key, { to: now + 2_000, ifBelow: now }),
    ]);
    expect(requests.byOperation()).toEqual({ UpdateItem: 2 });
    const winner = a.applied ? a : b;
    const loser = a.applied ? b : a;
    expect([a.applied, b.applied].sort()).toEqual([false, true]);
    expect(loser).toEqual({ applied: false, nextSlotAt: winner.nextSlotAt });
    const item = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: rateLimitKey(key) }));
    expect(item.Item).toEqual({ ...rateLimitKey(key), nextSlotAt: winner.nextSlotAt });
  });
});

describe("SharedRateLimiter on DynamoDB", () => {
  it("keeps three containers' requests at least the spacing apart, each lease serving several", async () => {
    const key = freshKey();
    const containers = Array.from(
      { length: 3 },
      () => new SharedRateLimiter({ key, ratePerSecond: 100, store }),
    );
    requests.reset();
    const slots = (
      await Promise.all(
        containers.map((container) => Promise.all(Array.from({ length: 20 }, () => container.acquire()))),
      )
    ).flat();
    const sorted = slots.sort((x, y) => x - y);
    expect(new Set(sorted).size).toBe(60);
    for (let i = 1; i < sorted.length; i++) {
      expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThanOrEqual(10);
    }
    // Each lease serves at least one request, and a container's later leases cover its whole line.
    expect(requests.count()).toBeLessThan(60);
  });

  it("paces each container alone at an eighth of the rate while DynamoDB cannot be reached", async () => {
    const unreachable = createDynamoClients({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    const container = new SharedRateLimiter({
      key: freshKey(),
      ratePerSecond: 50,
      store: new DynamoRateLimitStore({ doc: unreachable.doc, tableName: table.tableName }),
    });
    const slots = await Promise.all(Array.from({ length: 3 }, () => container.acquire()));
    // Shared, 50/s would be 21 ms apart (5 % under the limit); alone, an eighth of that rate.
    expect([
      (slots[1] as number) - (slots[0] as number),
      (slots[2] as number) - (slots[1] as number),
    ]).toEqual([168, 168]);
    unreachable.client.destroy();
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

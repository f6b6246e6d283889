// What is the DynamoDB directory's own, beyond the core's directory contract (contracts.test.ts): its cost in
// requests, its in-memory cache, and a stored value of the wrong shape.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { DirectoryCustomer } from "@smx/core";
import { sampleCustomer } from "@smx/core/testing";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  countRequests,
  DynamoDirectory,
  LedgerItemError,
  type RequestCounter,
  TtlLruCache,
} from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";

let table: Awaited<ReturnType<typeof createTestTable>>;
let requests: RequestCounter;

beforeAll(async () => {
  table = await createTestTable(inject("dynamoEndpoint"), "directory");
  requests = countRequests(table.client);
});

function uncached() {
  return new DynamoDirectory({ doc: table.doc, tableName: table.tableName, cache: false });
}

describe("DynamoDirectory", () => {
  it("indexes a customer in one BatchWriteItem", async () => {
    requests.reset();
    await uncached().putCustomer("conn-batch", sampleCustomer);
    expect(requests.byOperation()).toEqual({ BatchWriteItem: 1 });
  });

  it("serves warm lookups from the cache without a request, and misses are never cached", async () => {
    const now = { t: 0 };
    const directory = new DynamoDirectory({
      doc: table.doc,
      tableName: table.tableName,
      cache: { ttlMs: 1_000, clock: { now: () => now.t } },
    });
    await uncached().putCustomer("conn-cache", { id: 1, extCustNo: "C-1" });

    requests.reset();
    expect(await directory.findCustomer("conn-cache", { by: "extCustNo", value: "C-1" })).toEqual({
      id: 1,
      extCustNo: "C-1",
    });
    expect(await directory.findCustomer("conn-cache", { by: "extCustNo", value: "C-1" })).toMatchObject({
      id: 1,
    });
    expect(requests.count()).toBe(1);

    // A miss is asked again, so a customer another container just indexed is found at once.
    expect(await directory.findCustomer("conn-cache", { by: "extCustNo", value: "C-2" })).toBeUndefined();
    await uncached().putCustomer("conn-cache", { id: 2, extCustNo: "C-2" });
    expect(await directory.findCustomer("conn-cache", { by: "extCustNo", value: "C-2" })).toMatchObject({
      id: 2,
    });

    // After the TTL the entry is read again (and sees a change made elsewhere).
    await uncached().putCustomer("conn-cache", { id: 3, extCustNo: "C-1" });
    expect(await directory.findCustomer("conn-cache", { by: "extCustNo", value: "C-1" })).toMatchObject({
      id: 1,
    });
    now.t = 1_000;
    expect(await directory.findCustomer("conn-cache", { by: "extCustNo", value: "C-1" })).toMatchObject({
      id: 3,
    });
  });

  it("fills the cache on its own writes, and hands out copies", async () => {
    const directory = new DynamoDirectory({ doc: table.doc, tableName: table.tableName });
    const mine: DirectoryCustomer = { id: 77, extCustNo: "C-77" };
    await directory.putCustomer("conn-own", mine);
    await directory.putOrderId("conn-own", "SO-77", 770);
    mine.id = 78;
    requests.reset();
    const found = await directory.findCustomer("conn-own", { by: "extCustNo", value: "C-77" });
    expect(found).toEqual({ id: 77, extCustNo: "C-77" });
    found!.id = 79;
    expect(await directory.findCustomer("conn-own", { by: "extCustNo", value: "C-77" })).toMatchObject({
      id: 77,
    });
    expect(await directory.findOrderId("conn-own", "SO-77")).toBe(770);
    expect(requests.count()).toBe(0);
  });

  it("names the item when a stored value has the wrong shape", async () => {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: "DIR#conn-bad", sk: "CUST#ext#X", value: { id: "not-a-number" } },
      }),
    );
    const error = await uncached()
      .findCustomer("conn-bad", { by: "extCustNo", value: "X" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerItemError);
    expect((error as Error).message).toContain("DIR#conn-bad/CUST#ext#X");
    expect((error as Error).message).toContain("value.id");
  });
});

describe("DynamoDirectory customer claims", () => {
  it("claims every key at once in one request, and releases them in one", async () => {
    const directory = new DynamoDirectory({ doc: table.doc, tableName: table.tableName });
    const keys = [
      { by: "extCustNo" as const, value: "C-NEW-1" },
      { by: "phone" as const, value: "+6281300000001" },
    ];
    const claim = { owner: "evt_a", token: "tok-a", now: 1_000, leaseUntil: 21_000 };
    requests.reset();
    expect(await directory.claimCustomer("conn-claims", keys, claim)).toEqual({
      kind: "claimed",
      evidence: false,
    });
    expect(requests.byOperation()).toEqual({ TransactWriteItems: 1 });
    requests.reset();
    await directory.releaseCustomer("conn-claims", keys, claim);
    expect(requests.byOperation()).toEqual({ TransactWriteItems: 1 });
  });
});

describe("TtlLruCache", () => {
  it("drops the least recently used entry beyond maxEntries", () => {
    const cache = new TtlLruCache<number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });
});

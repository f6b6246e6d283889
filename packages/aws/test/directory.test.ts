// The DynamoDB directory (DynamoDB Local) and its in-memory cache.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { type DirectoryCustomer, type DirectoryProduct, nameAddressKey } from "@smx/core";
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

const customer: DirectoryCustomer = {
  id: 45,
  extCustNo: "CUST-45",
  phone: "+6281234567890",
  email: "toko.maju@example.com",
  name: "Toko  Maju",
  address: "Jl. Sudirman 1",
};
const product: DirectoryProduct = {
  id: 7,
  extProductCode: "P-7",
  sku: "SKU-7",
  name: "Kopi 250g",
  units: [
    { name: "pcs", price: 25_000, ratio: 1 },
    { name: "box", price: 280_000, ratio: 12 },
  ],
};

function uncached() {
  return new DynamoDirectory({ doc: table.doc, tableName: table.tableName, cache: false });
}

describe("DynamoDirectory", () => {
  it("finds a customer by every key it was indexed under, per connection", async () => {
    await uncached().putCustomer("conn-a", customer);
    const directory = uncached();
    for (const key of [
      { by: "extCustNo", value: "CUST-45" },
      { by: "phone", value: "+6281234567890" },
      { by: "email", value: "Toko.Maju@example.com" },
      { by: "nameAddress", value: nameAddressKey("toko maju", "JL. SUDIRMAN  1") },
    ] as const) {
      expect(await directory.findCustomer("conn-a", key)).toEqual(customer);
    }
    expect(await directory.findCustomer("conn-b", { by: "extCustNo", value: "CUST-45" })).toBeUndefined();
    expect(await directory.findCustomer("conn-a", { by: "phone", value: "+6289999" })).toBeUndefined();
  });

  it("indexes a customer in one BatchWriteItem", async () => {
    requests.reset();
    await uncached().putCustomer("conn-batch", customer);
    expect(requests.byOperation()).toEqual({ BatchWriteItem: 1 });
  });

  it("finds a product by id, external code and sku", async () => {
    await uncached().putProduct("conn-a", product);
    const directory = uncached();
    expect(await directory.findProduct("conn-a", { by: "id", value: 7 })).toEqual(product);
    expect(await directory.findProduct("conn-a", { by: "extProductCode", value: "P-7" })).toEqual(product);
    expect(await directory.findProduct("conn-a", { by: "sku", value: "SKU-7" })).toEqual(product);
    expect(await directory.findProduct("conn-a", { by: "sku", value: "SKU-8" })).toBeUndefined();
  });

  it("remembers the orders it created by external number", async () => {
    await uncached().putOrderId("conn-a", "SO-1001", 9001);
    expect(await uncached().findOrderId("conn-a", "SO-1001")).toBe(9001);
    expect(await uncached().findOrderId("conn-a", "SO-1002")).toBeUndefined();
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
  const keys = [
    { by: "extCustNo" as const, value: "C-NEW-1" },
    { by: "phone" as const, value: "+6281300000001" },
  ];
  const claim = (owner: string, token: string, now: number, leaseUntil = now + 20_000) => ({
    owner,
    token,
    now,
    leaseUntil,
  });

  it("claims every key at once in one request; another event finds them held; a release frees them", async () => {
    const directory = new DynamoDirectory({ doc: table.doc, tableName: table.tableName });
    const first = claim("evt_a", "tok-a", 1_000);
    requests.reset();
    expect(await directory.claimCustomer("conn-claims", keys, first)).toEqual({
      kind: "claimed",
      evidence: false,
    });
    expect(requests.byOperation()).toEqual({ TransactWriteItems: 1 });
    // Sharing one key is enough to be held (the phone here).
    expect(await directory.claimCustomer("conn-claims", [keys[1]!], claim("evt_b", "tok-b", 2_000))).toEqual({
      kind: "held",
      owner: "evt_a",
      leaseUntil: 21_000,
    });
    // A release by another token leaves the claim alone; the owner's frees every key.
    await directory.releaseCustomer("conn-claims", keys, claim("evt_b", "tok-b", 2_000));
    expect((await directory.claimCustomer("conn-claims", keys, claim("evt_b", "tok-b", 2_000))).kind).toBe(
      "held",
    );
    await directory.releaseCustomer("conn-claims", keys, first);
    expect(await directory.claimCustomer("conn-claims", keys, claim("evt_b", "tok-b", 3_000))).toEqual({
      kind: "claimed",
      evidence: false,
    });
    // Claims are not directory entries.
    expect(await directory.findCustomer("conn-claims", keys[0]!)).toBeUndefined();
  });

  it("takes over a claim whose lease ran out, or its own event's earlier one, as evidence", async () => {
    const directory = new DynamoDirectory({ doc: table.doc, tableName: table.tableName });
    const mine = [{ by: "email" as const, value: "baru@toko.id" }];
    await directory.claimCustomer("conn-claims", mine, claim("evt_c", "tok-c1", 1_000));
    // The same event's next attempt (its earlier try may have created the customer).
    expect(await directory.claimCustomer("conn-claims", mine, claim("evt_c", "tok-c2", 2_000))).toEqual({
      kind: "claimed",
      evidence: true,
    });
    // Another event once the lease has run out.
    expect(await directory.claimCustomer("conn-claims", mine, claim("evt_d", "tok-d", 30_000))).toEqual({
      kind: "claimed",
      evidence: true,
    });
    // Of two events taking over the same expired claim at once, one wins.
    const [x, y] = await Promise.all([
      directory.claimCustomer("conn-claims", mine, claim("evt_e", "tok-e", 60_000)),
      directory.claimCustomer("conn-claims", mine, claim("evt_f", "tok-f", 60_000)),
    ]);
    expect([x.kind, y.kind].sort()).toEqual(["claimed", "held"]);
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

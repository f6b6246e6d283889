// DynamoDB's failures as the core's store errors (dynamo/store-errors.ts): what callers answer with 503, what
// makes an event dead at once, and what passes through untouched.
import { DynamoDBClient, PutItemCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { StoreUnavailableError, UnstorableItemError } from "@smx/core";
import { claimInput } from "@smx/core/testing";
import { describe, expect, it } from "vitest";
import { createDynamoClients, DynamoLedger, storeError } from "../src/index.ts";

describe("storeError", () => {
  it("makes an unreachable endpoint StoreUnavailableError, as the real SDK reports it after its retries", async () => {
    const client = new DynamoDBClient({ endpoint: "http://127.0.0.1:1", maxAttempts: 1 });
    const failure = await client
      .send(new PutItemCommand({ TableName: "t", Item: { pk: { S: "k" } } }))
      .catch((error: unknown) => error);
    const translated = storeError("ledger claim", failure);
    expect(translated).toBeInstanceOf(StoreUnavailableError);
    expect(translated).toMatchObject({ throttled: false, cause: failure });
  });

  it.each([
    [
      "throttling",
      Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" }),
      true,
    ],
    ["a server fault", Object.assign(new Error("oops"), { $fault: "server" }), false],
    ["a 5xx answer", Object.assign(new Error("bad gateway"), { $metadata: { httpStatusCode: 502 } }), false],
  ])("makes %s StoreUnavailableError", (_, error, throttled) => {
    const translated = storeError("ledger claim", error);
    expect(translated).toBeInstanceOf(StoreUnavailableError);
    expect(translated).toMatchObject({ throttled, cause: error });
    expect((translated as Error).message).toMatch(/^ledger claim: the store is (throttling|unavailable)/);
  });

  it("makes a refused item UnstorableItemError, keeping DynamoDB's reason", () => {
    const refused = Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
      name: "ValidationException",
    });
    const translated = storeError("directory entry CUST#ext#X", refused);
    expect(translated).toBeInstanceOf(UnstorableItemError);
    expect(translated).toMatchObject({ cause: refused });
    expect((translated as Error).message).toContain("maximum allowed size");
  });

  it.each([
    ["a missing table", new ResourceNotFoundException({ message: "no table", $metadata: {} })],
    ["a failed condition", Object.assign(new Error("no"), { name: "ConditionalCheckFailedException" })],
    ["a plain bug", new TypeError("undefined is not a function")],
    ["a non-error", "ECONNREFUSED"],
  ])("passes %s through untouched", (_, error) => {
    expect(storeError("ledger claim", error)).toBe(error);
  });

  it("reaches the ledger's callers: a claim against an unreachable DynamoDB throws StoreUnavailableError", async () => {
    const { doc } = createDynamoClients({
      endpoint: "http://127.0.0.1:1",
      deadlines: { timeoutMs: 1_000, maxAttempts: 1 },
    });
    const ledger = new DynamoLedger({ doc, tableName: "t" });
    await expect(ledger.claim(claimInput())).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(ledger.get("evt_x")).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

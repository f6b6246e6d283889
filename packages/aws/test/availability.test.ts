import { DynamoDBClient, PutItemCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { isStoreUnavailable } from "../src/index.ts";

describe("isStoreUnavailable", () => {
  it("is true for an unreachable endpoint, as the real SDK reports it after its retries", async () => {
    const client = new DynamoDBClient({ endpoint: "http://127.0.0.1:1", maxAttempts: 1 });
    const failure = await client
      .send(new PutItemCommand({ TableName: "t", Item: { pk: { S: "k" } } }))
      .catch((error: unknown) => error);
    expect(isStoreUnavailable(failure)).toBe(true);
  });

  it.each([
    ["throttling", Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" })],
    ["a server fault", Object.assign(new Error("oops"), { $fault: "server" })],
    ["a 5xx answer", Object.assign(new Error("bad gateway"), { $metadata: { httpStatusCode: 502 } })],
  ])("is true for %s", (_, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it.each([
    ["a missing table", new ResourceNotFoundException({ message: "no table", $metadata: {} })],
    ["a plain bug", new TypeError("undefined is not a function")],
    ["a non-error", "ECONNREFUSED"],
  ])("is false for %s", (_, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });
});

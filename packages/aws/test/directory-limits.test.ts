// What DynamoDB would refuse for good (issue 9, "What was seen" 4): a key over 1 KB is never sent (long
// values are keyed by their hash), an item DynamoDB still refuses becomes UnstorableItemError, and an event
// that carries such a value is dead at once with its reason, never retried twelve times.
import { UnstorableItemError } from "@smx/core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoDirectory } from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";
import { CONNECTION, createHarness, type Harness, HOOK } from "./pipeline-harness.ts";

describe("directory keys and items over DynamoDB's limits", () => {
  let directory: DynamoDirectory;
  beforeAll(async () => {
    const table = await createTestTable(inject("dynamoEndpoint"), "directory-limits");
    directory = new DynamoDirectory({ doc: table.doc, tableName: table.tableName, cache: false });
  });

  it("stores and finds a customer by a 3,000-character number and a long name + address", async () => {
    const long = { id: 77, extCustNo: "C".repeat(3000), name: "N".repeat(2000), address: "A".repeat(2000) };
    await directory.putCustomer(CONNECTION, long);
    expect(
      await directory.findCustomer(CONNECTION, { by: "extCustNo", value: long.extCustNo }),
    ).toMatchObject({
      id: 77,
    });
    expect(await directory.findOrderId(CONNECTION, "O".repeat(5000))).toBeUndefined();
  });

  it("turns an item DynamoDB refuses (over 400 KB) into UnstorableItemError", async () => {
    const huge = { id: 78, extCustNo: "C-78", name: "Toko", address: "A".repeat(500_000) };
    const error = await directory.putCustomer(CONNECTION, huge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnstorableItemError);
    expect((error as Error).message).toMatch(/^directory entry CUST#ext#C-78 cannot be stored: .*size/i);
  });
});

describe("an event stored before the field limits, with a 2,000-character customer number", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it("is dead at once with its reason after one attempt, not retried", async () => {
    const command = {
      kind: "CreateVisit",
      customer: { extCustNo: "C".repeat(2000), createIfMissing: false },
      date: "2026-12-20",
    } as const;
    const result = await h.pipeline.process({
      hookId: HOOK,
      connectionId: CONNECTION,
      source: "generic",
      event: { command, dedupKey: "legacy-long-key", dedupKeySource: "idempotency-key", nativeIds: {} },
      budgetMs: 5_000,
    });
    expect(result.kind).toBe("dead");
    expect(result.record).toMatchObject({ attemptCount: 1, lastError: { code: "customer_not_found" } });
  });
});

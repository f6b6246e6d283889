// The directory refresher against the sandbox and DynamoDB Local: a repeated refresh lists the account again
// but writes only what changed, so a miss on a large account does not cost a write per customer each time.
import { type Connection, DirectoryRefresher, systemClock } from "@smx/core";
import { SalesmaniaClient } from "@smx/salesmania";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { countRequests, DynamoDirectory, type RequestCounter } from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";

let started: StartedSandbox;
let connection: Connection;
let directory: DynamoDirectory;
let requests: RequestCounter;

beforeAll(async () => {
  started = await startSandbox();
  const table = await createTestTable(inject("dynamoEndpoint"), "refresh");
  requests = countRequests(table.client);
  directory = new DynamoDirectory({ doc: table.doc, tableName: table.tableName, cache: false });
  connection = {
    id: "main",
    api: new SalesmaniaClient({
      baseUrl: started.url,
      auth: { kind: "credentials", username: "demo", password: "demo-password", databaseId: 2981 },
    }),
    timeZone: "Asia/Jakarta",
  };
});
afterAll(() => started?.close());

describe("DirectoryRefresher", () => {
  it("writes every customer once, then only the ones that changed", async () => {
    const refresher = new DirectoryRefresher(directory, systemClock, 0);
    const signal = new AbortController().signal;
    const customers = started.sandbox.state().customers.length;

    requests.reset();
    await refresher.refresh("customers", connection, signal);
    expect(requests.byOperation().BatchWriteItem).toBe(customers);

    requests.reset();
    await refresher.refresh("customers", connection, signal);
    expect(requests.count()).toBe(0);

    const changed = started.sandbox.state().customers[0]!;
    await connection.api.customers.update(changed.id, { phone: "0812-9999-0001" });
    requests.reset();
    await refresher.refresh("customers", connection, signal);
    expect(requests.byOperation()).toEqual({ BatchWriteItem: 1 });
    expect(await directory.findCustomer("main", { by: "phone", value: "+6281299990001" })).toMatchObject({
      id: changed.id,
    });
  });
});

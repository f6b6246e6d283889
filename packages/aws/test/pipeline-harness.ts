// The core's pipeline harness (sandbox over real HTTP, the real client) on the DynamoDB stores (DynamoDB
// Local, a fresh table per file), with their requests counted: for the tests of what is DynamoDB's own —
// request counts, conditional writes across containers, TTL, DynamoDB's limits.
import {
  createPipelineHarness,
  type HarnessOptions,
  type HarnessStores,
  type PipelineHarness,
} from "@smx/core/testing";
import { inject } from "vitest";
import {
  countRequests,
  createDynamoClients,
  DynamoDirectory,
  DynamoLedger,
  DynamoRateLimitStore,
  type RequestCounter,
} from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";

export { CONNECTION, HOOK, visitsOf } from "@smx/core/testing";

interface DynamoStores extends HarnessStores {
  ledger: DynamoLedger;
  directory: DynamoDirectory;
  rateLimits: DynamoRateLimitStore;
}

export interface Harness extends PipelineHarness<DynamoStores> {
  /** The ledger's and directory's DynamoDB requests. */
  requests: RequestCounter;
  /** The rate limiter's DynamoDB requests: its own client on the same table, counted apart. */
  limiterRequests: RequestCounter;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const table = await createTestTable(inject("dynamoEndpoint"), "smx-pipeline");
  const limiterClients = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
  const { doc, tableName } = table;
  const stores: DynamoStores = {
    ledger: new DynamoLedger({ doc, tableName }),
    // No in-memory cache: every lookup reaches DynamoDB, as in a cold container.
    directory: new DynamoDirectory({ doc, tableName, cache: false }),
    containerDirectory: () => new DynamoDirectory({ doc, tableName }),
    rateLimits: new DynamoRateLimitStore({ doc: limiterClients.doc, tableName }),
  };
  const requests = countRequests(table.client);
  const limiterRequests = countRequests(limiterClients.client);
  const harness = await createPipelineHarness(stores, options);
  return {
    ...harness,
    requests,
    limiterRequests,
    close: async () => {
      await harness.close();
      table.client.destroy();
      limiterClients.client.destroy();
    },
  };
}

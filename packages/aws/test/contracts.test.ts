// The core's store contracts, run against the DynamoDB adapters (DynamoDB Local, a fresh table per test):
// the same suites the memory stores pass (packages/core/test/contracts.test.ts).
import {
  apiKeyStoreContract,
  directoryContract,
  jobStoreContract,
  ledgerContract,
  rateLimitStoreContract,
} from "@smx/core/testing";
import { inject } from "vitest";
import {
  DynamoApiKeyStore,
  DynamoDirectory,
  DynamoJobStore,
  DynamoLedger,
  DynamoRateLimitStore,
} from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";

const table = () => createTestTable(inject("dynamoEndpoint"), "contract");

ledgerContract("DynamoLedger", async () => new DynamoLedger(await table()));
directoryContract(
  "DynamoDirectory (no cache)",
  async () => new DynamoDirectory({ ...(await table()), cache: false }),
);
directoryContract("DynamoDirectory (cached)", async () => new DynamoDirectory(await table()));
rateLimitStoreContract("DynamoRateLimitStore", async () => new DynamoRateLimitStore(await table()));
apiKeyStoreContract("DynamoApiKeyStore", async () => new DynamoApiKeyStore(await table()));
jobStoreContract("DynamoJobStore", async () => new DynamoJobStore(await table()));

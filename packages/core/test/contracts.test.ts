// The store contracts every adapter passes, run against the memory stores of @smx/core/testing (the
// DynamoDB adapters run the same suites in packages/aws/test/contracts.test.ts).
import {
  apiKeyStoreContract,
  directoryContract,
  InMemoryApiKeyStore,
  InMemoryRateLimitStore,
  jobStoreContract,
  ledgerContract,
  MemoryDirectory,
  MemoryJobStore,
  MemoryLedger,
  rateLimitStoreContract,
} from "../src/testing/index.ts";

ledgerContract("MemoryLedger", async () => new MemoryLedger());
directoryContract("MemoryDirectory", async () => new MemoryDirectory());
rateLimitStoreContract("InMemoryRateLimitStore", async () => new InMemoryRateLimitStore());
apiKeyStoreContract("InMemoryApiKeyStore", async () => new InMemoryApiKeyStore());
jobStoreContract("MemoryJobStore", async () => new MemoryJobStore());

// Test helpers (not part of the runtime surface): DynamoDB Local and a fresh ledger table per test file.
import { randomUUID } from "node:crypto";
import { createDynamoClients, type DynamoClients } from "../dynamo/clients.ts";
import { createLedgerTable } from "../dynamo/table.ts";

export * from "./dynamodb-local.ts";

/** Creates a uniquely named ledger table on `endpoint` (DynamoDB Local), so test files can run in parallel. */
export async function createTestTable(
  endpoint: string,
  prefix = "smx-test",
): Promise<DynamoClients & { tableName: string }> {
  const clients = createDynamoClients({ endpoint });
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await createLedgerTable(clients.client, tableName);
  return { ...clients, tableName };
}
export * from "./secrets-manager-fake.ts";

// What every contender runs against in one bench run: one DynamoDB Local, one SalesMania sandbox, a table
// per contender, and each contender's environment — Lambda-like, with ready SalesMania tokens for all, and
// the same SalesMania timeout everywhere (it bounds a commit-then-hang).
import { CreateTableCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { createTestTable } from "@smx/aws/testing";
import { prepareTestEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { SECRETS, ZAPIER_VISITS_HOOK } from "@smx/webhooks/testing/cases.ts";
import type { ContenderName } from "./bundles.ts";

/** The sandbox's demo account: database 2981, team 24728, customer C-001 = 100001. */
const DEMO = { databaseId: 2981, teamId: 24728, customerId: 100001 };

/** Requests per second no bench path reaches (the pipeline bench lifts the limit the same way). */
const UNPACED_RATE = 1000;

export interface BenchStack {
  sandbox: StartedSandbox;
  /** The hook's API key, sent by every event. */
  apiKey: string;
  envs: Record<ContenderName, Record<string, string>>;
  close(): Promise<void>;
}

export interface BenchStackOptions {
  dynamoEndpoint: string;
  /** Every SalesMania call's timeout, ours and the baseline's alike. */
  salesmaniaTimeoutMs: number;
}

/**
 * What Lambda sets (nothing else of the parent's AWS_, POWERTOOLS_ or SMX_ variables reaches a container).
 * Region and key id as the parent's own clients resolve them against DynamoDB Local (createDynamoClients),
 * which keeps one database per key id and region: the containers must see the tables the parent made.
 */
function lambdaEnv(functionName: string): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_REGION: process.env.AWS_REGION ?? "local",
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const sandbox = await startSandbox();
  const tokens = {
    bearerToken: sandbox.sandbox.issueBearerToken("demo"),
    teamToken: sandbox.sandbox.issueTeamToken(DEMO.databaseId, DEMO.teamId),
  };
  const testEnv = await prepareTestEnv({
    dynamoEndpoint: options.dynamoEndpoint,
    salesmaniaUrl: sandbox.url,
    hooks: [ZAPIER_VISITS_HOOK],
    secrets: { ...SECRETS, "salesmania-demo": JSON.stringify(tokens) },
  });
  const config = JSON.parse(testEnv.env.SMX_CONFIG_JSON!) as { connections: Record<string, unknown>[] };
  for (const connection of config.connections) {
    connection.timeoutMs = options.salesmaniaTimeoutMs;
    // The account-wide limiter stays on (its leases cost their writes), but above any rate the bench
    // reaches: the baseline paces nothing and the sandbox limits nothing here, so at the default 5 req/s
    // ours would be measured waiting for slots (and answering 202 at concurrency 50), not working.
    connection.rateLimitPerSecond = UNPACED_RATE;
  }

  const { client, tableName } = await createTestTable(options.dynamoEndpoint, "smx-bench");
  const tables = { baseline: `${tableName}-baseline`, floor: `${tableName}-floor` };
  for (const table of Object.values(tables)) {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: table });
  }
  client.destroy();

  const handWritten = {
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    SALESMANIA_BASE_URL: sandbox.url,
    SALESMANIA_BEARER_TOKEN: tokens.bearerToken,
    SALESMANIA_TEAM_TOKEN: tokens.teamToken,
    SALESMANIA_TIMEOUT_MS: String(options.salesmaniaTimeoutMs),
  };
  return {
    sandbox,
    apiKey: SECRETS["zapier-key"],
    envs: {
      ours: {
        ...lambdaEnv("smx-webhooks"),
        ...testEnv.env,
        SMX_CONFIG_JSON: JSON.stringify(config),
        // As infra/function.ts deploys it.
        SMX_SERVICE_NAME: "salesmania-hooks",
        POWERTOOLS_SERVICE_NAME: "salesmania-hooks",
        POWERTOOLS_METRICS_NAMESPACE: "SalesmaniaHooks",
      },
      baseline: {
        ...lambdaEnv("visits-baseline"),
        ...handWritten,
        BASELINE_API_KEY: SECRETS["zapier-key"],
        BASELINE_TABLE: tables.baseline,
      },
      floor: {
        ...lambdaEnv("visits-floor"),
        ...handWritten,
        FLOOR_TABLE: tables.floor,
        FLOOR_CUSTOMER_ID: String(DEMO.customerId),
      },
      "bare-hono": lambdaEnv("bare-hono"),
    },
    close: async () => {
      await sandbox.close();
      testEnv.cleanup();
    },
  };
}

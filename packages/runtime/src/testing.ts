// Test helper (not part of the runtime surface): a complete runtime environment against DynamoDB Local and
// a SalesMania sandbox — a fresh table, a local secrets file, and the configuration inline — so function
// tests build the runtime exactly as a deployed function does, from variables.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestTable } from "@smx/aws/testing";

export interface TestEnvOptions {
  dynamoEndpoint: string;
  /** Base URL of the SalesMania sandbox the `demo` connection talks to. */
  salesmaniaUrl: string;
  /** Hook entries of the configuration (input form: defaults are applied by the loader). */
  hooks: unknown[];
  /** Secret ref → value, besides the `demo` connection's credentials. */
  secrets?: Record<string, string>;
  /** More variables (SMX_ADMIN_API_KEY, pipeline settings…). */
  extra?: Record<string, string>;
}

export interface TestEnv {
  env: Record<string, string>;
  tableName: string;
  cleanup(): void;
}

/** The sandbox's demo account (packages/sandbox/seeds/demo.json). */
export const DEMO_CONNECTION_SECRET = {
  username: "demo",
  password: "demo-password",
  databaseId: 2981,
  teamId: 24728,
};

export async function prepareTestEnv(options: TestEnvOptions): Promise<TestEnv> {
  const { tableName } = await createTestTable(options.dynamoEndpoint, "smx-fn");
  const dir = mkdtempSync(join(tmpdir(), "smx-runtime-"));
  const secretsFile = join(dir, "secrets.json");
  writeFileSync(
    secretsFile,
    JSON.stringify({ "salesmania-demo": JSON.stringify(DEMO_CONNECTION_SECRET), ...options.secrets }),
  );
  const config = {
    connections: [{ id: "demo", secret: "salesmania-demo", baseUrl: options.salesmaniaUrl }],
    hooks: options.hooks,
  };
  return {
    env: {
      SMX_TABLE_NAME: tableName,
      SMX_DYNAMODB_ENDPOINT: options.dynamoEndpoint,
      SMX_CONFIG_JSON: JSON.stringify(config),
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: secretsFile,
      ...options.extra,
    },
    tableName,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Replaces every SMX_* variable of `process.env` with `env` (other test files may have set some). */
export function useProcessEnv(env: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith("SMX_")) delete process.env[name];
  Object.assign(process.env, env);
}

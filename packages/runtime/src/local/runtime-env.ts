// The environment the local stack builds its runtime from, exactly as a Lambda does: only the values differ
// — DynamoDB Local, local secrets, and the default connection pointed at the sandbox or at the real account
// given in SMX_SALESMANIA_*. The CLI builds the same environment from `.local/stack.json`.
import { localSecretEnvName } from "@smx/aws";
import { loadConfig, type SmxConfig } from "@smx/sources";
import type { RealSalesmania } from "./settings.ts";

export interface LocalRuntimeInput {
  configFile: string;
  secretsFile: string;
  tableName: string;
  dynamoEndpoint: string;
  /** The sandbox's base URL, when it stands in for SalesMania. */
  sandboxUrl?: string;
  salesmania?: RealSalesmania;
  /** Where the local token rotation keeps the tokens secrets' versions (`.local/secret-versions.json`). */
  versionsFile?: string;
}

/** The configuration's first connection: the one the sandbox or SMX_SALESMANIA_* stand in for. */
export function defaultConnection(config: SmxConfig): SmxConfig["connections"][number] | undefined {
  return config.connections[0];
}

export function localRuntimeEnv(
  input: LocalRuntimeInput,
  baseEnv: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const config = loadConfig(input.configFile, {});
  const target = defaultConnection(config);
  const baseUrl = input.salesmania?.baseUrl ?? input.sandboxUrl;
  const connections = config.connections.map((connection) =>
    connection === target && baseUrl !== undefined ? { ...connection, baseUrl } : connection,
  );
  // The real account's credentials reach the secrets provider as SMX_SECRET_<ref> (the login secret's ref
  // of a split connection), which it reads before the file, so they are never written to disk.
  const secretOverride =
    target !== undefined && input.salesmania !== undefined
      ? {
          [localSecretEnvName(target.loginSecret ?? target.secret)]: JSON.stringify(
            credentials(input.salesmania),
          ),
        }
      : {};
  const { SMX_CONFIG: _file, ...rest } = baseEnv;
  return {
    ...rest,
    ...secretOverride,
    SMX_TABLE_NAME: input.tableName,
    SMX_DYNAMODB_ENDPOINT: input.dynamoEndpoint,
    SMX_CONFIG_JSON: JSON.stringify({ ...config, connections }),
    SMX_SECRETS: "local",
    SMX_SECRETS_FILE: input.secretsFile,
    ...(input.versionsFile === undefined ? {} : { SMX_SECRETS_VERSIONS_FILE: input.versionsFile }),
  };
}

function credentials(account: RealSalesmania) {
  return {
    username: account.username,
    password: account.password,
    databaseId: account.databaseId,
    ...(account.teamId === undefined ? {} : { teamId: account.teamId }),
  };
}

// Which ledger the CLI works on, as the variables @smx/runtime reads — the same composition root the
// functions use, so a replay from the CLI delivers exactly as the redrive Lambda would.
//   1. --table <name>  (DynamoDB Local too when SMX_DYNAMODB_ENDPOINT is set)
//   2. --stage <stage> (the deployed table of that SST stage, found by name in the account/region)
//   3. SMX_TABLE_NAME  (the environment as a function would see it)
//   4. the running local stack (.local/stack.json)
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClients } from "@smx/aws";
import { localRuntimeEnv, readLocalSettings, readStackState } from "@smx/local";
import { NoTargetError, StageTableError } from "./errors.ts";
import type { CliIo } from "./io.ts";

export interface TargetOptions {
  stage?: string;
  table?: string;
}

/** SST names the `Ledger` table `<app>-<stage>-LedgerTable-<suffix>` (app: sst.config.ts). */
export const SST_APP_NAME = "salesmania-hooks";

export async function targetEnv(
  options: TargetOptions,
  io: CliIo,
): Promise<Record<string, string | undefined>> {
  if (options.table !== undefined) return deployedEnv(io.env, options.table);
  if (options.stage !== undefined) return deployedEnv(io.env, await stageTable(options.stage, io.env));
  if (io.env.SMX_TABLE_NAME?.trim()) return withConfig(io.env);
  const stack = readStackState(io.stackStateFile);
  if (stack === undefined) throw new NoTargetError(io.stackStateFile);
  const settings = readLocalSettings(io.env);
  return localRuntimeEnv(
    {
      configFile: stack.configFile,
      secretsFile: stack.secretsFile,
      tableName: stack.tableName,
      dynamoEndpoint: stack.dynamoEndpoint,
      ...(stack.sandboxUrl === undefined ? {} : { sandboxUrl: stack.sandboxUrl }),
      ...(settings.salesmania === undefined ? {} : { salesmania: settings.salesmania }),
    },
    io.env,
  );
}

function deployedEnv(env: Record<string, string | undefined>, tableName: string) {
  return withConfig({ ...env, SMX_TABLE_NAME: tableName });
}

/** The functions ship smx.config.json; the CLI reads the same file the deploy read (docs/deploy.md). */
function withConfig(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.SMX_CONFIG?.trim() || env.SMX_CONFIG_JSON?.trim()) return env;
  return { ...env, SMX_CONFIG: readLocalSettings(env).configFile };
}

async function stageTable(stage: string, env: Record<string, string | undefined>): Promise<string> {
  const endpoint = env.SMX_DYNAMODB_ENDPOINT?.trim();
  const { client } = createDynamoClients(endpoint ? { endpoint } : {});
  const prefix = `${SST_APP_NAME}-${stage}-LedgerTable`;
  const found: string[] = [];
  try {
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      found.push(...(page.TableNames ?? []).filter((name) => name.startsWith(prefix)));
      start = page.LastEvaluatedTableName;
    } while (start !== undefined);
  } finally {
    client.destroy();
  }
  if (found.length !== 1) throw new StageTableError(stage, prefix, found);
  return found[0]!;
}

// Which ledger the CLI works on, as the variables @smx/runtime reads — the same composition root the
// functions use, so a replay from the CLI delivers exactly as the redrive Lambda would.
//   1. --table <name>  (DynamoDB Local too when SMX_DYNAMODB_ENDPOINT is set)
//   2. --stage <stage> (the deployed table of that SST stage, found by name in the account/region)
//   3. SMX_TABLE_NAME  (the environment as a function would see it)
//   4. the running local stack (.local/stack.json)
import { dirname } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClients } from "@smx/aws";
import {
  localRuntimeEnv,
  readLocalSettings,
  readStackState,
  type StackState,
  secretVersionsFile,
} from "@smx/runtime/local";
import { AwsRegionError, NoTargetError, StageTableError, StaleStackError } from "./errors.ts";
import type { CliIo } from "./io.ts";

export interface TargetOptions {
  stage?: string;
  table?: string;
  /** The configuration file chosen by `chooseConfig` (config-choice.ts); else the target's own. */
  configFile?: string;
}

/** SST names the `Ledger` table `<app>-<stage>-LedgerTable-<suffix>` (app: sst.config.ts). */
export const SST_APP_NAME = "salesmania-hooks";

export async function targetEnv(
  options: TargetOptions,
  io: CliIo,
): Promise<Record<string, string | undefined>> {
  if (options.table !== undefined) {
    await requireRegion(io.env, `--table ${options.table} is a DynamoDB table in AWS`);
    return deployedEnv(io.env, options.table, options.configFile);
  }
  if (options.stage !== undefined) {
    await requireRegion(io.env, `--stage ${options.stage} is looked up in AWS`);
    return deployedEnv(io.env, await stageTable(options.stage, io.env), options.configFile);
  }
  const tableName = io.env.SMX_TABLE_NAME?.trim();
  if (tableName) {
    await requireRegion(io.env, `SMX_TABLE_NAME=${tableName} is a DynamoDB table in AWS`);
    return withConfig(io.env, options.configFile);
  }
  const stack = runningStack(io.stackStateFile);
  if (stack === undefined) throw new NoTargetError(io.stackStateFile);
  const settings = readLocalSettings(io.env);
  return localRuntimeEnv(
    {
      configFile: options.configFile ?? stack.configFile,
      secretsFile: stack.secretsFile,
      tableName: stack.tableName,
      dynamoEndpoint: stack.dynamoEndpoint,
      ...(stack.sandboxUrl === undefined ? {} : { sandboxUrl: stack.sandboxUrl }),
      ...(settings.salesmania === undefined ? {} : { salesmania: settings.salesmania }),
      versionsFile: secretVersionsFile(dirname(io.stackStateFile)),
    },
    io.env,
  );
}

/**
 * For the commands that never touch the ledger (`connection check`, `hooks list`, `hooks test`): the chosen
 * target when there is one, else the local configuration and secrets as `npm run dev` would load them (with
 * SMX_SALESMANIA_*), so a new user can check a login before any stack runs (docs/local.md).
 */
export async function configTargetEnv(
  options: TargetOptions,
  io: CliIo,
): Promise<Record<string, string | undefined>> {
  try {
    return await targetEnv(options, io);
  } catch (error) {
    if (!(error instanceof NoTargetError)) throw error;
  }
  const settings = readLocalSettings(io.env);
  return localRuntimeEnv(
    {
      configFile: options.configFile ?? settings.configFile,
      secretsFile: settings.secretsFile,
      // Never contacted: these commands read no table (the runtime connects on first use).
      tableName: settings.tableName,
      dynamoEndpoint: settings.dynamoEndpoint ?? `http://127.0.0.1:${settings.ports.dynamodb}`,
      ...(settings.salesmania === undefined ? {} : { salesmania: settings.salesmania }),
      versionsFile: secretVersionsFile(dirname(io.stackStateFile)),
    },
    io.env,
  );
}

/** The local stack recorded in `stateFile`, if any; a record whose process is gone is an error, not a target. */
export function runningStack(stateFile: string): StackState | undefined {
  const stack = readStackState(stateFile);
  if (stack !== undefined && !isRunning(stack.pid)) throw new StaleStackError(stateFile, stack.pid);
  return stack;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Outside DynamoDB Local the SDK needs a region; its own error ("Region is missing") says neither which
 * target needed one nor where to set it. Resolved the way the SDK will (environment, then the profile).
 */
async function requireRegion(env: Record<string, string | undefined>, target: string): Promise<void> {
  if (env.SMX_DYNAMODB_ENDPOINT?.trim()) return;
  const client = new DynamoDBClient({});
  try {
    await client.config.region();
  } catch {
    throw new AwsRegionError(target);
  } finally {
    client.destroy();
  }
}

function deployedEnv(env: Record<string, string | undefined>, tableName: string, configFile?: string) {
  return withConfig({ ...env, SMX_TABLE_NAME: tableName }, configFile);
}

/** The functions ship smx.config.json; the CLI reads the same file the deploy read (docs/deploy.md). */
function withConfig(
  env: Record<string, string | undefined>,
  configFile?: string,
): Record<string, string | undefined> {
  if (configFile !== undefined) return { ...env, SMX_CONFIG: configFile };
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

// The composition root: everything a function needs, built from the environment. Construction does no I/O
// (clients connect, secrets and tokens load on first use), so a container builds it once at start.
import {
  AWS_DEADLINES,
  createDynamoClients,
  createLogger,
  createMetrics,
  type Deadlines,
  DynamoApiKeyStore,
  DynamoDirectory,
  DynamoJobStore,
  DynamoLedger,
  DynamoRateLimitStore,
  type FlushingMetrics,
  LOCAL_DEADLINES,
  LocalSecretsProvider,
  SecretsManagerProvider,
} from "@smx/aws";
import {
  ApiKeys,
  type ConnectionConfig,
  type ConnectionProvider,
  createConnectionProvider,
  type DirectoryStore,
  EventOperations,
  EventPipeline,
  type JobStore,
  type Ledger,
  type Logger,
  type PipelineSettingsInput,
  type SecretsProvider,
} from "@smx/core";
import { type HookConfig, longestResendWindow, type SmxConfig } from "@smx/sources";
import { readRuntimeConfig } from "./config.ts";
import { parseRuntimeEnv, type RuntimeEnv } from "./env.ts";
import { RuntimeEnvError } from "./errors.ts";
import { rebuilder } from "./rebuild.ts";

export interface Runtime {
  env: RuntimeEnv;
  config: SmxConfig;
  /** Hooks by id (the `/hooks/{id}` segment). */
  hooks: ReadonlyMap<string, HookConfig>;
  /** The zone a hook's payload dates are read in: its own `timeZone`, else its connection's. */
  timeZoneOf(hook: HookConfig): string;
  ledger: Ledger;
  directory: DirectoryStore;
  secrets: SecretsProvider;
  connections: ConnectionProvider;
  pipeline: EventPipeline;
  /** Operator actions (replay, rerun, dismiss, resolve), shared by the admin API and the CLI. */
  operations: EventOperations;
  /** Leases, checkpoints and run records of the scheduled jobs (`@smx/runtime/jobs` builds the rest). */
  jobStore: JobStore;
  logger: Logger;
  /** Counters written out by `flush()`: on Lambda nothing runs after the answer, so callers flush. */
  metrics: FlushingMetrics;
  /** The actions API's per-integration keys (hashed in the ledger table). */
  apiKeys: ApiKeys;
}

/** Parts a caller may supply instead of the ones built from the environment (tests, the local stack). */
export interface RuntimeOverrides {
  logger?: Logger;
  metrics?: FlushingMetrics;
  secrets?: SecretsProvider;
}

export function createRuntime(
  env: Record<string, string | undefined> = process.env,
  overrides: RuntimeOverrides = {},
): Runtime {
  const settings = parseRuntimeEnv(env);
  const config = readRuntimeConfig(settings);
  const logger = overrides.logger ?? createLogger({ serviceName: settings.SMX_SERVICE_NAME });
  const metrics = overrides.metrics ?? createMetrics({ serviceName: settings.SMX_SERVICE_NAME });
  const secrets = overrides.secrets ?? secretsFrom(settings, env);
  const endpoint = settings.SMX_DYNAMODB_ENDPOINT;
  const { doc } = createDynamoClients({
    ...(endpoint === undefined ? {} : { endpoint }),
    deadlines: deadlinesFrom(settings, endpoint === undefined ? AWS_DEADLINES : LOCAL_DEADLINES),
  });
  const ledger = new DynamoLedger({ doc, tableName: settings.SMX_TABLE_NAME });
  const directory = new DynamoDirectory({ doc, tableName: settings.SMX_TABLE_NAME });
  // Every container of a connection paces its SalesMania requests by one schedule in the table.
  const connections = createConnectionProvider({
    connections: config.connections,
    secrets,
    rateLimits: new DynamoRateLimitStore({ doc, tableName: settings.SMX_TABLE_NAME }),
    logger,
    metrics,
  });
  const pipeline = new EventPipeline({
    ledger,
    directory,
    connections,
    logger,
    metrics,
    settings: pipelineSettings(settings),
  });

  checkRetentionCoversResends(config, pipeline.settings.retentionDays);

  const hooks = new Map(config.hooks.map((hook) => [hook.id, hook]));
  const zones = new Map<string, string>(
    config.connections.map((connection: ConnectionConfig) => [connection.id, connection.timeZone]),
  );
  const timeZoneOf = (hook: HookConfig) => hook.timeZone ?? zones.get(hook.connection) ?? DEFAULT_TIME_ZONE;
  const operations = new EventOperations({
    pipeline,
    ledger,
    connections,
    directory,
    logger,
    rebuild: rebuilder(hooks, timeZoneOf),
  });
  const apiKeys = new ApiKeys(new DynamoApiKeyStore({ doc, tableName: settings.SMX_TABLE_NAME }), {
    cacheMs: settings.SMX_API_KEY_CACHE_SECONDS * 1000,
  });
  return {
    env: settings,
    config,
    hooks,
    timeZoneOf,
    ledger,
    directory,
    secrets,
    connections,
    pipeline,
    operations,
    jobStore: new DynamoJobStore({ doc, tableName: settings.SMX_TABLE_NAME }),
    logger,
    metrics,
    apiKeys,
  };
}

// SalesMania's accounts are Indonesian; the connection schema defaults to the same zone.
const DEFAULT_TIME_ZONE = "Asia/Jakarta";

function secretsFrom(settings: RuntimeEnv, env: Record<string, string | undefined>): SecretsProvider {
  if (settings.SMX_SECRETS === "local") {
    return new LocalSecretsProvider({
      env,
      ...(settings.SMX_SECRETS_FILE === undefined ? {} : { file: settings.SMX_SECRETS_FILE }),
      ...(settings.SMX_SECRETS_VERSIONS_FILE === undefined
        ? {}
        : { versionsFile: settings.SMX_SECRETS_VERSIONS_FILE }),
    });
  }
  return new SecretsManagerProvider({
    ttlMs: settings.SMX_SECRETS_CACHE_SECONDS * 1000,
    deadlines: deadlinesFrom(settings, AWS_DEADLINES),
  });
}

/**
 * A sender that signs no timestamp is recognised on a resend only by the ledger's record, so records must
 * outlive the longest resend window of any configured hook (docs/http-api.md#replays).
 */
function checkRetentionCoversResends(config: SmxConfig, retentionDays: number): void {
  const longest = longestResendWindow(config.hooks);
  if (longest === undefined || retentionDays * 24 >= longest.hours) return;
  throw new RuntimeEnvError(
    "SMX_RETENTION_DAYS",
    `is ${retentionDays}, but hook "${longest.hookId}" (${longest.source}) may be resent for ${longest.hours} h; keep records at least ${Math.ceil(longest.hours / 24)} days`,
  );
}

/** SMX_AWS_TIMEOUT_MS / SMX_AWS_MAX_ATTEMPTS over the defaults for where the calls go. */
export function deadlinesFrom(settings: RuntimeEnv, defaults: Deadlines): Deadlines {
  return {
    timeoutMs: settings.SMX_AWS_TIMEOUT_MS ?? defaults.timeoutMs,
    maxAttempts: settings.SMX_AWS_MAX_ATTEMPTS ?? defaults.maxAttempts,
  };
}

function pipelineSettings(settings: RuntimeEnv): PipelineSettingsInput {
  const chosen: PipelineSettingsInput = {};
  if (settings.SMX_REDRIVE_BUDGET_MS !== undefined) chosen.redriveBudgetMs = settings.SMX_REDRIVE_BUDGET_MS;
  if (settings.SMX_REDRIVE_BATCH !== undefined) chosen.redriveBatchSize = settings.SMX_REDRIVE_BATCH;
  if (settings.SMX_MAX_ATTEMPTS !== undefined) chosen.maxAttempts = settings.SMX_MAX_ATTEMPTS;
  if (settings.SMX_RETENTION_DAYS !== undefined) chosen.retentionDays = settings.SMX_RETENTION_DAYS;
  if (settings.SMX_BACKOFF_BASE_MS !== undefined) chosen.backoffBaseMs = settings.SMX_BACKOFF_BASE_MS;
  if (settings.SMX_BACKOFF_CAP_MS !== undefined) chosen.backoffCapMs = settings.SMX_BACKOFF_CAP_MS;
  return chosen;
}

let shared: Runtime | undefined;

/** The container's runtime, built from `process.env` on first use and kept for every later invocation. */
export function sharedRuntime(): Runtime {
  shared ??= createRuntime(process.env);
  return shared;
}

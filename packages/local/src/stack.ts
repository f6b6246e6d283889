// The one-command local stack: DynamoDB Local, the ledger table, the SalesMania sandbox (unless a real
// account is configured), the webhooks app on Node and the scheduled jobs on timers. Everything is built
// through @smx/runtime from variables, as on Lambda; only the adapters' endpoints differ.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDynamoClients, createLedgerTable, createLogger, createMetrics } from "@smx/aws";
import type { Logger } from "@smx/core";
import {
  createRuntime,
  type Runtime,
  reportSecretProblems,
  rotateAllTokens,
  type SecretCheck,
} from "@smx/runtime";
import { jobsOf } from "@smx/runtime/jobs";
import {
  type LocalSettings,
  localRuntimeEnv,
  REPO_ROOT,
  readLocalSettings,
  removeStackState,
  secretVersionsFile,
  stackStateFile,
  writeStackState,
} from "@smx/runtime/local";
import { demoSeed, type StartedSandbox, startSandbox } from "@smx/sandbox";
import { hookUrl } from "@smx/sources";
import { startWebhooksServer } from "@smx/webhooks";
import { startRecordedDynamo } from "./dynamo-process.ts";
import { type ScheduledJob, scheduledJobs, startScheduler } from "./jobs.ts";
import { type ConfigReload, watchConfig } from "./reload.ts";

export interface LocalStackOptions {
  /** Variables to read (docs/local.md); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Where `examples/` and the default config/secrets files are; default the repository root. */
  rootDir?: string;
  /** Where DynamoDB data, the sandbox state and stack.json go; default `<root>/.local`. */
  stateDir?: string;
  /** Ports instead of the environment's (0 picks a free one). */
  ports?: Partial<LocalSettings["ports"]>;
  /** A running DynamoDB (Local) to use instead of starting one. */
  dynamoEndpoint?: string;
  /** Default: the redrive, the configuration's jobs and the token rotation (scheduledJobs). */
  jobs?: readonly ScheduledJob[];
  logger?: Logger;
}

export interface LocalStack {
  urls: {
    webhooks: string;
    /** Hook id → its URL. */
    hooks: Record<string, string>;
    dynamodb: string;
    /** Absent when a real SalesMania account is configured. */
    sandbox?: string;
  };
  adminApiKey: string;
  settings: LocalSettings;
  /** The runtime of the configuration in force: replaced when `smx.config.json` changes (reload.ts). */
  readonly runtime: Runtime;
  /** Called after each look at a changed configuration file; returns a function that unsubscribes. */
  onConfigReload(listener: (reload: ConfigReload) => void): () => void;
  /** Secrets the configuration refers to that are missing or malformed (checked at start). */
  secretProblems: SecretCheck[];
  sandbox?: StartedSandbox;
  /** Stops the jobs, the server, the sandbox and DynamoDB Local (its JVM included). Safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const base = readLocalSettings(options.env ?? process.env, options.rootDir ?? REPO_ROOT);
  const settings: LocalSettings = {
    ...base,
    stateDir: options.stateDir ?? base.stateDir,
    ports: { ...base.ports, ...options.ports },
    ...(options.dynamoEndpoint === undefined ? {} : { dynamoEndpoint: options.dynamoEndpoint }),
  };
  const logger = options.logger ?? createLogger({ serviceName: "smx-local" });
  mkdirSync(settings.stateDir, { recursive: true });

  // Each started part registers how to stop it; a failure half-way stops what already runs.
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const dynamoEndpoint = await startDynamo(settings, stops, logger);
    await ensureTable(dynamoEndpoint, settings.tableName);

    let sandbox: StartedSandbox | undefined;
    if (settings.salesmania === undefined) {
      sandbox = await startSandbox({
        port: settings.ports.sandbox,
        seed: demoSeed,
        stateFile: join(settings.stateDir, "sandbox.json"),
      });
      stops.push(() => sandbox!.close());
    }

    const buildRuntime = () =>
      createRuntime(
        localRuntimeEnv(
          {
            configFile: settings.configFile,
            secretsFile: settings.secretsFile,
            tableName: settings.tableName,
            dynamoEndpoint,
            ...(sandbox === undefined ? {} : { sandboxUrl: sandbox.url }),
            ...(settings.salesmania === undefined ? {} : { salesmania: settings.salesmania }),
            versionsFile: secretVersionsFile(settings.stateDir),
          },
          options.env ?? process.env,
        ),
        // EMF metric lines only mean something to CloudWatch; locally they would bury the log.
        { logger, metrics: createMetrics({ write: () => {} }) },
      );
    const runtime = buildRuntime();
    // Split connections get fresh tokens before the first event, by the rotation a deployed stage runs.
    await rotateAllTokens(runtime);
    // Reported now, not on a hook's first request; the stack runs on (a broken hook answers 503 alone).
    const secretChecks = await reportSecretProblems(runtime, 10_000);
    const reloader = watchConfig({
      file: settings.configFile,
      initial: runtime,
      build: buildRuntime,
      // As at start: a connection the new file splits (or adds split) gets its tokens before it is checked.
      afterReload: (next) => void rotateAllTokens(next).finally(() => reportSecretProblems(next, 10_000)),
      logger,
    });
    stops.push(async () => reloader.stop());

    const server = await startWebhooksServer({
      runtime: reloader.current,
      port: settings.ports.webhooks,
      adminApiKey: settings.adminApiKey,
      budgetMs: runtime.env.SMX_INLINE_BUDGET_MS,
    });
    stops.push(() => server.close());

    // The jobs are the configuration's at start (a reload changes what they run against, not their schedule).
    const scheduler = startScheduler(
      reloader.current,
      options.jobs ?? scheduledJobs(jobsOf(reloader.current()).catalog.entries),
      logger,
    );
    stops.push(() => scheduler.stop());

    const stateFile = stackStateFile(settings.stateDir);
    writeStackState(stateFile, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      webhooksUrl: server.url,
      dynamoEndpoint,
      tableName: settings.tableName,
      configFile: settings.configFile,
      secretsFile: settings.secretsFile,
      ...(sandbox === undefined ? {} : { sandboxUrl: sandbox.url }),
    });
    stops.push(async () => removeStackState(stateFile));

    return {
      urls: {
        webhooks: server.url,
        get hooks() {
          return Object.fromEntries(
            reloader.current().config.hooks.map((hook) => [hook.id, hookUrl(server.url, hook.id)]),
          );
        },
        dynamodb: dynamoEndpoint,
        ...(sandbox === undefined ? {} : { sandbox: sandbox.url }),
      },
      adminApiKey: settings.adminApiKey,
      settings,
      get runtime() {
        return reloader.current();
      },
      onConfigReload: reloader.onReload,
      secretProblems: (secretChecks ?? []).filter((check) => check.problem !== undefined),
      ...(sandbox === undefined ? {} : { sandbox }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startDynamo(
  settings: LocalSettings,
  stops: (() => Promise<void>)[],
  logger: Logger,
): Promise<string> {
  if (settings.dynamoEndpoint !== undefined) return settings.dynamoEndpoint;
  const dynamo = await startRecordedDynamo(settings.stateDir, settings.ports.dynamodb, logger);
  stops.push(() => dynamo.stop());
  return dynamo.endpoint;
}

/** Idempotent: an existing table (data kept from the last run) is used as it is. */
async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const { client } = createDynamoClients({ endpoint });
  try {
    await createLedgerTable(client, tableName);
  } finally {
    client.destroy();
  }
}

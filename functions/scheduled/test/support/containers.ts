// Containers as a burst scales them out, for the token tests and the cold-start bench: each has its own
// secrets cache and connection (it reads the tokens secret once) and shares the ledger table with the rest.
import {
  createLogger,
  createMetrics,
  type DynamoClients,
  DynamoDirectory,
  DynamoLedger,
  DynamoRateLimitStore,
  LocalSecretsProvider,
} from "@smx/aws";
import {
  type Clock,
  Command,
  createConnectionProvider,
  EventPipeline,
  type ProcessInput,
  parseConnections,
} from "@smx/core";
import { SalesmaniaClient } from "@smx/salesmania";
import * as v from "valibot";

const DAY = 24 * 3_600_000;
export const LOGIN = JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 });

/** One connection to the sandbox, split (`demo-tokens` + `demo-login`) or not (`demo-login` alone). */
export function connectionConfig(url: string, split: boolean) {
  const connection = split
    ? { id: "demo", secret: "demo-tokens", loginSecret: "demo-login" }
    : { id: "demo", secret: "demo-login" };
  return { connections: parseConnections([{ ...connection, baseUrl: url, rateLimitPerSecond: 1000 }]) };
}

/** Secrets as a container reads them: the login in its environment, tokens in the local versions file. */
export function containerSecrets(versionsFile: string): LocalSecretsProvider {
  return new LocalSecretsProvider({
    env: { SMX_SECRET_DEMO_LOGIN: LOGIN },
    file: "/nonexistent",
    versionsFile,
  });
}

export interface ContainerOptions {
  /** The ledger table and the client the ledger and directory use. */
  table: Pick<DynamoClients, "doc"> & { tableName: string };
  sandboxUrl: string;
  split: boolean;
  versionsFile: string;
  clock?: Clock;
  /** The rate limiter's own client (counted apart from the ledger's); default the table's. */
  rateLimits?: Pick<DynamoClients, "doc">;
}

export function coldContainer(options: ContainerOptions): EventPipeline {
  const { doc, tableName } = options.table;
  return new EventPipeline({
    ledger: new DynamoLedger({ doc, tableName }),
    directory: new DynamoDirectory({ doc, tableName }),
    connections: createConnectionProvider({
      connections: connectionConfig(options.sandboxUrl, options.split).connections,
      secrets: containerSecrets(options.versionsFile),
      rateLimits: new DynamoRateLimitStore({ doc: (options.rateLimits ?? options.table).doc, tableName }),
      createApi: (clientOptions) => new SalesmaniaClient({ ...clientOptions, retry: { maxAttempts: 1 } }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }),
    logger: createLogger({ level: "SILENT" }),
    metrics: createMetrics({ write: () => {} }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
}

/** A distinct visit per index (customer and day vary), under its own dedup key. */
export function visit(index: number, prefix = "burst", budgetMs = 5_000): ProcessInput {
  return {
    hookId: prefix,
    connectionId: "demo",
    source: "generic",
    event: {
      command: v.parse(Command, {
        kind: "CreateVisit",
        customer: { id: 100001 + (index % 5) },
        date: new Date(Date.UTC(2027, 0, 1) + Math.floor(index / 5) * DAY).toISOString().slice(0, 10),
      }),
      dedupKey: `${prefix}-${index}`,
      dedupKeySource: "idempotency-key",
      nativeIds: {},
    },
    budgetMs,
  };
}

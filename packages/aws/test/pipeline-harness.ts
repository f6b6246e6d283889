// The event pipeline wired to real parts for the integration tests: DynamoDB Local (a fresh table per
// file), the in-process SalesMania sandbox over real HTTP, and the real SalesmaniaClient.
import { randomUUID } from "node:crypto";
import {
  type ClaimResult,
  Command,
  type ConnectionProvider,
  createConnectionProvider,
  EventPipeline,
  eventIdFor,
  fingerprint,
  type LogFields,
  type Logger,
  type Metrics,
  type PipelineDeps,
  type PipelineSettingsInput,
  type ProcessInput,
} from "@smx/core";
import { SalesmaniaClient } from "@smx/salesmania";
import { type SandboxOptions, type StartedSandbox, startSandbox } from "@smx/sandbox";
import * as v from "valibot";
import { inject } from "vitest";
import {
  countRequests,
  createDynamoClients,
  DynamoDirectory,
  DynamoLedger,
  DynamoRateLimitStore,
  LocalSecretsProvider,
  type RequestCounter,
} from "../src/index.ts";
import { createTestTable } from "../src/testing/index.ts";

export const HOOK = "hook-visits";
export const CONNECTION = "main";

/** A clock the test moves: lease expiry and due retries without waiting. */
export class TestClock {
  constructor(private t = Date.now()) {}
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface LogLine {
  level: string;
  message: string;
  fields: LogFields;
}

/** The Logger port, keeping every line (with its child fields) for assertions. */
export class RecordingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly base: LogFields = {},
  ) {}
  private write(level: string, message: string, fields: LogFields = {}) {
    this.lines.push({ level, message, fields: { ...this.base, ...fields } });
  }
  debug = (message: string, fields?: LogFields) => this.write("debug", message, fields);
  info = (message: string, fields?: LogFields) => this.write("info", message, fields);
  warn = (message: string, fields?: LogFields) => this.write("warn", message, fields);
  error = (message: string, fields?: LogFields) => this.write("error", message, fields);
  child(fields: LogFields): Logger {
    return new RecordingLogger(this.lines, { ...this.base, ...fields });
  }
}

export class CountingMetrics implements Metrics {
  readonly counts: Record<string, number> = {};
  count(name: string, value = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }
}

export interface HarnessOptions {
  settings?: PipelineSettingsInput;
  sandbox?: SandboxOptions;
  /** The client's own attempts per call (default 1, so every fault reaches the pipeline). */
  clientAttempts?: number;
  timeoutMs?: number;
  /** The connection's account-wide rate (default 1000/s: the limiter runs, but does not slow the tests). */
  rateLimitPerSecond?: number;
}

export interface Harness {
  pipeline: EventPipeline;
  ledger: DynamoLedger;
  directory: DynamoDirectory;
  /** The real connections, for a test that wraps them in a second pipeline. */
  connections: ConnectionProvider;
  sandbox: StartedSandbox["sandbox"];
  /** The ledger's and directory's DynamoDB requests. */
  requests: RequestCounter;
  /** The rate limiter's DynamoDB requests: its own client on the same table, counted apart. */
  limiterRequests: RequestCounter;
  /** The shared rate-limit schedules, for a test that plays a second container. */
  rateLimits: DynamoRateLimitStore;
  clock: TestClock;
  logger: RecordingLogger;
  metrics: CountingMetrics;
  /** An inbound event for `command` (parsed with the Command schema) on the test hook. */
  input(command: v.InferInput<typeof Command>, dedupKey?: string, budgetMs?: number): ProcessInput;
  /**
   * Another container on the same table and SalesMania: its own pipeline, directory cache, SalesMania client
   * and tokens (the clock is shared, so leases compare).
   */
  container(): EventPipeline;
  /** A worker claims the event under `dedupKey` with a 30 s lease and dies before completing it. */
  claimByWorkerThatDies(dedupKey: string, command: Command): Promise<ClaimResult>;
  close(): Promise<void>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const table = await createTestTable(inject("dynamoEndpoint"), "smx-pipeline");
  const requests = countRequests(table.client);
  const limiterClients = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
  const limiterRequests = countRequests(limiterClients.client);
  const rateLimits = new DynamoRateLimitStore({ doc: limiterClients.doc, tableName: table.tableName });
  const ledger = new DynamoLedger({ doc: table.doc, tableName: table.tableName });
  // No in-memory cache: every lookup reaches DynamoDB, as in a cold container.
  const directory = new DynamoDirectory({ doc: table.doc, tableName: table.tableName, cache: false });
  const started = await startSandbox(options.sandbox);
  const secret = JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 });
  // Each container has its own connections (clients, limiters); all of them share the schedule in the table.
  const connectionsOfAContainer = () =>
    createConnectionProvider({
      connections: [
        {
          id: CONNECTION,
          secret: "smx/main",
          baseUrl: started.url,
          timeoutMs: options.timeoutMs ?? 1_000,
          rateLimitPerSecond: options.rateLimitPerSecond ?? 1_000,
        },
      ],
      rateLimits,
      secrets: new LocalSecretsProvider({
        env: { SMX_SECRET_SMX_MAIN: secret },
        file: "/nonexistent/secrets.json",
      }),
      createApi: (clientOptions) =>
        new SalesmaniaClient({ ...clientOptions, retry: { maxAttempts: options.clientAttempts ?? 1 } }),
    });
  const connections = connectionsOfAContainer();
  const clock = new TestClock();
  const logger = new RecordingLogger();
  const metrics = new CountingMetrics();
  const pipelineWith = (parts: Pick<PipelineDeps, "directory" | "connections">) =>
    new EventPipeline({
      ledger,
      ...parts,
      logger,
      metrics,
      clock,
      random: () => 0.5,
      ...(options.settings ? { settings: options.settings } : {}),
    });
  const pipeline = pipelineWith({ directory, connections });
  return {
    pipeline,
    ledger,
    directory,
    connections,
    sandbox: started.sandbox,
    requests,
    limiterRequests,
    rateLimits,
    clock,
    logger,
    metrics,
    input: (command, dedupKey = randomUUID(), budgetMs = 5_000) => ({
      hookId: HOOK,
      connectionId: CONNECTION,
      source: "generic",
      event: {
        command: v.parse(Command, command),
        dedupKey,
        dedupKeySource: "idempotency-key",
        nativeIds: {},
      },
      budgetMs,
    }),
    container: () =>
      pipelineWith({
        directory: new DynamoDirectory({ doc: table.doc, tableName: table.tableName }),
        connections: connectionsOfAContainer(),
      }),
    claimByWorkerThatDies: (dedupKey, command) =>
      ledger.claim({
        eventId: eventIdFor(HOOK, dedupKey),
        hookId: HOOK,
        dedupKey,
        connectionId: CONNECTION,
        source: "generic",
        command,
        fingerprint: fingerprint(command),
        nativeIds: {},
        now: clock.now(),
        leaseMs: 30_000,
        // Real time: DynamoDB Local deletes items whose TTL has passed.
        expiresAt: Math.floor(Date.now() / 1000) + 86_400,
        trigger: "inbound",
      }),
    close: async () => {
      await started.close();
      table.client.destroy();
      limiterClients.client.destroy();
    },
  };
}

/** Visits in the sandbox for one customer on one date. */
export function visitsOf(harness: Harness, customerId: number, date: string) {
  return harness.sandbox
    .state()
    .visits.filter((visit) => visit.customer_id === customerId && visit.date === date);
}

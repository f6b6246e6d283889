// The event pipeline wired to real parts for tests: the in-process SalesMania sandbox over real HTTP and the
// real SalesmaniaClient, on the stores a test gives — the memory ones here (no JVM), the DynamoDB ones in
// @smx/aws's tests (which add their request counters).
import { randomUUID } from "node:crypto";
import { SalesmaniaClient } from "@smx/salesmania";
import { type SandboxOptions, type StartedSandbox, startSandbox } from "@smx/sandbox";
import * as v from "valibot";
import { Command } from "../commands.ts";
import { createConnectionProvider } from "../connections.ts";
import { eventIdFor, fingerprint } from "../ids.ts";
import type { ClaimResult, EventIdentity, Ledger } from "../ledger.ts";
import { EventPipeline, type PipelineDeps, type ProcessInput } from "../pipeline/pipeline.ts";
import type { PipelineSettingsInput } from "../pipeline/settings.ts";
import type { ConnectionProvider, DirectoryStore, SecretsProvider } from "../ports.ts";
import { SecretNotFoundError } from "../ports.ts";
import type { RateLimitStore } from "../rate-schedule.ts";
import { InMemoryRateLimitStore } from "../rate-schedule.ts";
import { MemoryDirectory } from "./memory-directory.ts";
import { MemoryLedger } from "./memory-ledger.ts";
import { CountingMetrics, RecordingLogger, TestClock } from "./recording.ts";

export const HOOK = "hook-visits";
export const CONNECTION = "main";

export interface HarnessStores {
  ledger: Ledger;
  /** The directory of the first container; `container()` asks for another container's (own cache). */
  directory: DirectoryStore;
  containerDirectory(): DirectoryStore;
  rateLimits: RateLimitStore;
}

/** The memory stores: one process, nothing to start. */
export function memoryStores(): HarnessStores {
  const directory = new MemoryDirectory();
  return {
    ledger: new MemoryLedger(),
    directory,
    containerDirectory: () => directory,
    rateLimits: new InMemoryRateLimitStore(),
  };
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

export interface PipelineHarness<S extends HarnessStores = HarnessStores> {
  pipeline: EventPipeline;
  ledger: S["ledger"];
  /** The first container's directory. */
  directory: S["directory"];
  /** The shared rate-limit schedules, for a test that plays a second container. */
  rateLimits: S["rateLimits"];
  /** The real connections, for a test that wraps them in a second pipeline. */
  connections: ConnectionProvider;
  sandbox: StartedSandbox["sandbox"];
  clock: TestClock;
  logger: RecordingLogger;
  metrics: CountingMetrics;
  /** An inbound event for `command` (parsed with the Command schema) on the test hook. */
  input(command: v.InferInput<typeof Command>, dedupKey?: string, budgetMs?: number): ProcessInput;
  /**
   * Another container on the same stores and SalesMania: its own pipeline, directory, SalesMania client and
   * tokens (the clock is shared, so leases compare).
   */
  container(): EventPipeline;
  /** The identity of the test hook's event under `dedupKey` for `command`, as a claim or rejection has it. */
  identity(dedupKey: string, command: Command): EventIdentity;
  /** A worker claims the event under `dedupKey` with a 30 s lease and dies before completing it. */
  claimByWorkerThatDies(dedupKey: string, command: Command): Promise<ClaimResult>;
  close(): Promise<void>;
}

const SECRET = JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 });
const secrets: SecretsProvider = {
  getSecret: async (ref) => {
    if (ref !== "smx/main") throw new SecretNotFoundError(ref);
    return SECRET;
  },
};

/** A harness on `stores` (the memory ones by default). */
export async function createPipelineHarness<S extends HarnessStores = HarnessStores>(
  stores: S = memoryStores() as S,
  options: HarnessOptions = {},
): Promise<PipelineHarness<S>> {
  const started = await startSandbox(options.sandbox);
  const metrics = new CountingMetrics();
  // Each container has its own connections (clients, limiters); all of them share the schedule store.
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
      rateLimits: stores.rateLimits,
      secrets,
      metrics,
      createApi: (clientOptions) =>
        new SalesmaniaClient({ ...clientOptions, retry: { maxAttempts: options.clientAttempts ?? 1 } }),
    });
  const connections = connectionsOfAContainer();
  const clock = new TestClock();
  const logger = new RecordingLogger();
  const identity = (dedupKey: string, command: Command): EventIdentity => ({
    eventId: eventIdFor(HOOK, dedupKey),
    hookId: HOOK,
    dedupKey,
    connectionId: CONNECTION,
    source: "generic",
    fingerprint: fingerprint(command),
    nativeIds: {},
  });
  const pipelineWith = (parts: Pick<PipelineDeps, "directory" | "connections">) =>
    new EventPipeline({
      ledger: stores.ledger,
      ...parts,
      logger,
      metrics,
      clock,
      random: () => 0.5,
      ...(options.settings ? { settings: options.settings } : {}),
    });
  return {
    ledger: stores.ledger,
    directory: stores.directory,
    rateLimits: stores.rateLimits,
    pipeline: pipelineWith({ directory: stores.directory, connections }),
    connections,
    sandbox: started.sandbox,
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
      pipelineWith({ directory: stores.containerDirectory(), connections: connectionsOfAContainer() }),
    identity,
    claimByWorkerThatDies: (dedupKey, command) =>
      stores.ledger.claim({
        ...identity(dedupKey, command),
        command,
        now: clock.now(),
        leaseMs: 30_000,
        // Real time: DynamoDB Local deletes items whose TTL has passed.
        expiresAt: Math.floor(Date.now() / 1000) + 86_400,
      }),
    close: () => started.close(),
  };
}

/** Visits in the sandbox for one customer on one date. */
export function visitsOf(harness: Pick<PipelineHarness, "sandbox">, customerId: number, date: string) {
  return harness.sandbox
    .state()
    .visits.filter((visit) => visit.customer_id === customerId && visit.date === date);
}

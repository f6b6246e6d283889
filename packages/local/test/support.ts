// A local stack for tests: the run's DynamoDB Local (one table per stack), ports 0, a temporary state
// folder, no scheduled jobs unless asked, and a silent logger.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, type Logger } from "@smx/core";
import { REPO_ROOT } from "@smx/runtime/local";
import * as v from "valibot";
import { inject } from "vitest";
import { type LocalStack, type LocalStackOptions, startLocalStack } from "../src/stack.ts";

export const EXAMPLE_CONFIG = join(REPO_ROOT, "examples", "smx.config.json");
export const EXAMPLE_SECRETS = join(REPO_ROOT, "examples", "secrets.local.example.json");

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

export interface TestStack extends LocalStack {
  stateDir: string;
  /** Stops the stack and removes its state folder. */
  close(): Promise<void>;
}

export async function startTestStack(
  options: { env?: Record<string, string>; config?: unknown } & Pick<
    LocalStackOptions,
    "jobs" | "logger"
  > = {},
): Promise<TestStack> {
  const stateDir = mkdtempSync(join(tmpdir(), "smx-local-test-"));
  let configFile = EXAMPLE_CONFIG;
  if (options.config !== undefined) {
    configFile = join(stateDir, "smx.config.json");
    writeFileSync(configFile, JSON.stringify(options.config));
  }
  const stack = await startLocalStack({
    env: {
      SMX_TABLE_NAME: `smx-local-${randomUUID().slice(0, 8)}`,
      SMX_CONFIG: configFile,
      SMX_SECRETS_FILE: EXAMPLE_SECRETS,
      ...options.env,
    },
    stateDir,
    ports: { webhooks: 0, sandbox: 0 },
    dynamoEndpoint: inject("dynamoEndpoint"),
    jobs: options.jobs ?? [],
    logger: options.logger ?? silentLogger,
  });
  // Assigned onto the stack itself: a copy would freeze its `runtime`, which a config reload replaces.
  return Object.assign(stack, {
    stateDir,
    close: async () => {
      await stack.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  });
}

/**
 * An order parked as `unknown_outcome` through `hookId` (a zapier hook of the `demo` connection): the
 * sandbox answers its create 500 — after committing it when `committed` — so its outcome is not known.
 * Returns the event id; the pipeline's result kind is checked by the caller's own expectation.
 */
export async function parkUnknownOrder(
  stack: LocalStack,
  options: { hookId: string; extOrderNo: string; committed: boolean; date?: string },
): Promise<{ kind: string; eventId: string }> {
  stack.sandbox!.sandbox.faults.add({
    route: "POST /extapi/v1.0/orders",
    ...(options.committed ? { kind: "commit-then-fail" } : {}),
    status: 500,
  });
  const command = v.parse(Command, {
    kind: "CreateOrder",
    customer: { id: 100003 },
    date: options.date ?? "2026-04-02",
    extOrderNo: options.extOrderNo,
    lines: [{ product: { extProductCode: "P-001" }, qty: 2 }],
  });
  const result = await stack.runtime.pipeline.process({
    hookId: options.hookId,
    connectionId: "demo",
    source: "zapier",
    event: {
      command,
      dedupKey: `test-${options.extOrderNo}`,
      dedupKeySource: "idempotency-key",
      nativeIds: {},
    },
    budgetMs: 5_000,
  });
  return { kind: result.kind, eventId: result.record.eventId };
}

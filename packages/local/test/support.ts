// A local stack for tests: the run's DynamoDB Local (one table per stack), ports 0, a temporary state
// folder, no scheduled jobs unless asked, and a silent logger.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@smx/core";
import { REPO_ROOT } from "@smx/runtime/local";
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

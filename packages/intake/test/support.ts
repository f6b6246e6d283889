// The intake's tests share one set-up: the SalesMania sandbox over HTTP, DynamoDB Local (the integration
// project's), the runtime built from variables as on Lambda, and metrics that only record the counted names.
import { createRuntime, type Runtime, type RuntimeOverrides } from "@smx/runtime";
import { prepareTestEnv, type TestEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { inject } from "vitest";
import { Intake } from "../src/index.ts";

export interface IntakeTestStack {
  sandbox: StartedSandbox;
  testEnv: TestEnv;
  runtime: Runtime;
  intake: Intake;
  /** The metric names counted so far, in order. */
  counted: string[];
  close(): Promise<void>;
}

export async function startIntakeTestStack(options: {
  hooks: unknown[];
  secrets: Record<string, string>;
  /** More overrides, given the runtime the variables alone build (e.g. a secrets provider wrapping its own). */
  overrides?: (plain: Runtime) => RuntimeOverrides;
}): Promise<IntakeTestStack> {
  const sandbox = await startSandbox();
  const testEnv = await prepareTestEnv({
    dynamoEndpoint: inject("dynamoEndpoint"),
    salesmaniaUrl: sandbox.url,
    hooks: options.hooks,
    secrets: options.secrets,
  });
  const counted: string[] = [];
  const runtime = createRuntime(testEnv.env, {
    ...options.overrides?.(createRuntime(testEnv.env)),
    metrics: { count: (name: string) => void counted.push(name), measure: () => {}, flush: async () => {} },
  });
  return {
    sandbox,
    testEnv,
    runtime,
    intake: new Intake(runtime),
    counted,
    close: async () => {
      await sandbox.close();
      testEnv.cleanup();
    },
  };
}

// A full stack for function tests: DynamoDB Local (one table per file), the SalesMania sandbox on real
// HTTP, the runtime built from variables exactly as on Lambda, and the Lambda handler itself.

import { createRuntime } from "@smx/runtime";
import { prepareTestEnv, type TestEnv, useProcessEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { inject } from "vitest";
import { createApp } from "../../src/app.ts";
import { apiGatewayV2Event, type HttpRequestSpec, type LambdaAnswer, readLambdaResult } from "./apigw.ts";
import { lambdaContext } from "./lambda-context.ts";

export const ADMIN_KEY = "test-admin-key-3f9a1c";

export type WebhooksApp = ReturnType<typeof createApp>;

export interface Stack {
  started: StartedSandbox;
  testEnv: TestEnv;
  lambda: typeof import("../../src/lambda.ts");
  /** Sends one request through the Lambda handler as API Gateway would. */
  invoke(spec: HttpRequestSpec): Promise<LambdaAnswer>;
  /**
   * The app as deployed with other hooks (a corrected configuration): same table, sandbox, secrets and
   * admin key, its own runtime. Reached with `app.request(…)`.
   */
  appWith(hooks: unknown[]): WebhooksApp;
  close(): Promise<void>;
}

export async function startStack(options: {
  hooks: unknown[];
  secrets?: Record<string, string>;
  extra?: Record<string, string>;
}): Promise<Stack> {
  const started = await startSandbox();
  const testEnv = await prepareTestEnv({
    dynamoEndpoint: inject("dynamoEndpoint"),
    salesmaniaUrl: started.url,
    hooks: options.hooks,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    extra: { SMX_ADMIN_API_KEY: ADMIN_KEY, ...options.extra },
  });
  useProcessEnv(testEnv.env);
  // Imported only now: the module builds its runtime from process.env at load, as on a cold start.
  const lambda = await import("../../src/lambda.ts");
  return {
    started,
    testEnv,
    lambda,
    invoke: async (spec) => readLambdaResult(await lambda.handler(apiGatewayV2Event(spec), lambdaContext())),
    appWith: (hooks) => {
      const config = JSON.parse(testEnv.env.SMX_CONFIG_JSON ?? "{}");
      const env = { ...testEnv.env, SMX_CONFIG_JSON: JSON.stringify({ ...config, hooks }) };
      return createApp(createRuntime(env), { adminApiKey: ADMIN_KEY });
    },
    close: async () => {
      await started.close();
      testEnv.cleanup();
    },
  };
}

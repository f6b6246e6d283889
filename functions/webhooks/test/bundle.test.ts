// What SST deploys is not this source tree but an esbuild bundle of each handler (ESM, platform node). This
// bundles both handlers the same way and runs the bundles — not the sources — against DynamoDB Local and the
// sandbox, so an import that only works unbundled (a TS-only path, a CommonJS edge, a missing dependency)
// fails here instead of on the first deploy.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { prepareTestEnv, type TestEnv, useProcessEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiGatewayV2Event, readLambdaResult } from "./support/apigw.ts";
import { bundleHandlers } from "./support/bundle.ts";
import { ALL_CASES, SECRETS } from "./support/cases.ts";
import { lambdaContext } from "./support/lambda-context.ts";

const root = join(import.meta.dirname, "../../..");
const HANDLERS = {
  webhooks: "functions/webhooks/src/lambda.ts",
  redrive: "functions/scheduled/src/redrive.ts",
};

let outdir: string;
let sandbox: StartedSandbox;
let testEnv: TestEnv;
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "smx-bundle-"));
  await bundleHandlers(
    Object.fromEntries(Object.entries(HANDLERS).map(([name, file]) => [name, join(root, file)])),
    outdir,
  );
  sandbox = await startSandbox();
  const zapier = ALL_CASES.find((c) => c.source === "zapier")!;
  testEnv = await prepareTestEnv({
    dynamoEndpoint: inject("dynamoEndpoint"),
    salesmaniaUrl: sandbox.url,
    hooks: [zapier.hook],
    secrets: SECRETS,
  });
  useProcessEnv(testEnv.env);
});
afterAll(async () => {
  await sandbox?.close();
  testEnv?.cleanup();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

async function load<T>(name: keyof typeof HANDLERS): Promise<T> {
  return import(pathToFileURL(join(outdir, `${name}.mjs`)).href) as Promise<T>;
}

describe("the bundled handlers", () => {
  it("the webhooks bundle answers /health and delivers a Zapier visit end to end", async () => {
    const { handler } = await load<typeof import("../src/lambda.ts")>("webhooks");
    const health = readLambdaResult(
      await handler(apiGatewayV2Event({ method: "GET", url: "/health" }), lambdaContext()),
    );
    expect(health.status).toBe(200);

    const zapier = ALL_CASES.find((c) => c.source === "zapier")!;
    const answer = readLambdaResult(
      await handler(apiGatewayV2Event(zapier.request(Date.now())), lambdaContext()),
    );
    expect(answer.status, answer.text).toBe(zapier.status);
    expect(zapier.effect(sandbox.sandbox.state())).toBe(1);
    // The console's pages are JSX: the bundle must render them with hono's runtime.
    const login = readLambdaResult(
      await handler(apiGatewayV2Event({ method: "GET", url: "/console/login" }), lambdaContext()),
    );
    expect(login.status, login.text).toBe(503);
    expect(login.text).toContain("<h1>Console disabled</h1>");
  });

  it("the redrive bundle runs through the job runner and reports its run record", async () => {
    const { handler } = await load<typeof import("../../scheduled/src/redrive.ts")>("redrive");
    expect(await handler()).toMatchObject({
      jobId: "redrive",
      status: "completed",
      counts: { created: 0 },
      extra: { examined: 0 },
    });
  });
});

// `smx connection rotate-secret`: on AWS it asks Secrets Manager to rotate (here the fake, over the real SDK,
// which runs the four steps as the service would run the deployed function); locally it rotates itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeSecretsManager } from "@smx/aws/testing";
import { AWSCURRENT, parseTokensSecret } from "@smx/core";
import { createRuntime, runtimeRotation } from "@smx/runtime";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRotateSecret, rotateConnectionSecret } from "../src/rotate-secret.ts";

const LOGIN = JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 });
let sandbox: StartedSandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), "smx-rotate-secret-"));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = () =>
  JSON.stringify({
    connections: [
      { id: "demo", secret: "demo-tokens", loginSecret: "demo-login", baseUrl: sandbox.url },
      { id: "plain", secret: "demo-login", baseUrl: sandbox.url },
    ],
    hooks: [],
  });

describe("connection rotate-secret", () => {
  it("rotates against the local stack's versions file and says until when the tokens hold", async () => {
    const runtime = createRuntime({
      SMX_TABLE_NAME: "smx-rotate-secret",
      SMX_CONFIG_JSON: config(),
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: join(dir, "none.json"),
      SMX_SECRETS_VERSIONS_FILE: join(dir, "versions.json"),
      SMX_SECRET_DEMO_LOGIN: LOGIN,
    });
    const result = await rotateConnectionSecret(runtime, "demo");
    expect(result).toMatchObject({ connection: "demo", ref: "demo-tokens", outcome: "rotated" });
    const tokens = parseTokensSecret("demo-tokens", await runtime.secrets.getSecret("demo-tokens"));
    expect(result.expiresAt).toBe(tokens.expiresAt);
    expect(formatRotateSecret(result)).toMatch(/^rotated demo-tokens: new tokens are AWSCURRENT until 20/);
    await expect(rotateConnectionSecret(runtime, "plain")).rejects.toThrow(/has no loginSecret/);
    await expect(rotateConnectionSecret(runtime, "nope")).rejects.toThrow(/no connection "nope"/);
  });

  it("asks Secrets Manager to rotate on AWS, which runs the rotation's four steps", async () => {
    const env = {
      SMX_TABLE_NAME: "smx-rotate-secret",
      SMX_CONFIG_JSON: config(),
      SMX_SECRETS: "aws",
      SMX_AWS_MAX_ATTEMPTS: "1",
    };
    const fake = await FakeSecretsManager.start({
      // As the deployed function: a runtime from its own environment.
      onRotate: async (secretId, versionId) => {
        const rotation = runtimeRotation(createRuntime(env));
        for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const)
          await rotation.step(step, secretId, versionId);
      },
    });
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = fake.client.endpoint;
    try {
      fake.create("demo-login", LOGIN);
      fake.create("demo-tokens");
      const result = await rotateConnectionSecret(createRuntime(env), "demo");
      expect(result).toMatchObject({ outcome: "started", ref: "demo-tokens", versionId: expect.any(String) });
      expect(fake.versions.find("demo-tokens", { stage: AWSCURRENT })?.stages).toEqual([AWSCURRENT]);
      expect(formatRotateSecret(result)).toMatch(/^rotation of demo-tokens started/);
      expect(fake.calls.map((call) => call.operation)).toContain("RotateSecret");
    } finally {
      delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      await fake.close();
    }
  });
});

// The rotation as the local stack runs it (at start and on its timer): the runtime's own secrets and the
// local versions file, against the sandbox. The secrets provider then reads the tokens by stage.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AWSPREVIOUS, type LogFields, parseTokensSecret } from "@smx/core";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateAllTokens } from "../src/rotation.ts";
import { createRuntime } from "../src/runtime.ts";
import { checkSecrets } from "../src/secret-check.ts";

let sandbox: StartedSandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), "smx-local-rotation-"));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

function localRuntime(password: string, errors: LogFields[] = []) {
  const versionsFile = join(dir, "secret-versions.json");
  const quiet = () => {};
  const logger = {
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: (_: string, fields: LogFields = {}) => errors.push(fields),
    child: () => logger,
  };
  const runtime = createRuntime(
    {
      SMX_TABLE_NAME: "smx-local-rotation",
      SMX_CONFIG_JSON: JSON.stringify({
        connections: [
          { id: "demo", secret: "demo-tokens", loginSecret: "demo-login", baseUrl: sandbox.url },
          { id: "plain", secret: "demo-login", baseUrl: sandbox.url },
        ],
        hooks: [],
      }),
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: join(dir, "none.json"),
      SMX_SECRETS_VERSIONS_FILE: versionsFile,
      SMX_SECRET_DEMO_LOGIN: JSON.stringify({ username: "demo", password, databaseId: 2981 }),
    },
    { logger },
  );
  return { runtime, versionsFile };
}

describe("rotateAllTokens (the local stack's rotation)", () => {
  it("fills the tokens secret of each split connection, and keeps the tokens before as AWSPREVIOUS", async () => {
    const { runtime, versionsFile } = localRuntime("demo-password");
    expect(await rotateAllTokens(runtime)).toEqual({ rotated: ["demo"], failed: [] });
    const first = parseTokensSecret("demo-tokens", await runtime.secrets.getSecret("demo-tokens"));
    expect(Date.parse(first.expiresAt!)).toBeGreaterThan(Date.now());
    expect((await checkSecrets(runtime)).map((check) => check.problem)).toEqual([undefined, undefined]);

    await rotateAllTokens(runtime);
    const previous = await runtime.secrets.getSecret("demo-tokens", {
      forceRefresh: true,
      versionStage: AWSPREVIOUS,
    });
    expect(parseTokensSecret("demo-tokens", previous)).toEqual(first);
    expect(await runtime.secrets.getSecret("demo-tokens", { forceRefresh: true })).not.toBe(previous);
    // The file holds tokens: only its owner may read it.
    expect(statSync(versionsFile).mode & 0o077).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(versionsFile, "utf8")))).toEqual(["demo-tokens"]);
  });

  it("logs a failed login as an error and leaves the current tokens in place", async () => {
    const { runtime: good } = localRuntime("demo-password");
    await rotateAllTokens(good);
    const before = await good.secrets.getSecret("demo-tokens", { forceRefresh: true });
    const errors: LogFields[] = [];
    const { runtime: bad } = localRuntime("wrong-password", errors);
    expect(await rotateAllTokens(bad)).toEqual({ rotated: [], failed: ["demo"] });
    expect(errors).toEqual([
      expect.objectContaining({
        connectionId: "demo",
        error: expect.objectContaining({
          name: "TokenRotationError",
          message: expect.stringMatching(/createSecret/),
        }),
      }),
    ]);
    expect(JSON.stringify(errors)).not.toContain("wrong-password");
    expect(await bad.secrets.getSecret("demo-tokens", { forceRefresh: true })).toBe(before);
  });
});

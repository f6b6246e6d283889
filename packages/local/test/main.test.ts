// `npm run dev` end to end: the real entry point in a child process, its own DynamoDB Local JVM, and a
// Ctrl-C (SIGINT) that must stop everything and exit 0.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, readStackState, stackStateFile } from "@smx/runtime/local";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_CONFIG, EXAMPLE_SECRETS } from "./support.ts";

const stateDir = mkdtempSync(join(tmpdir(), "smx-local-main-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe("packages/local/src/main.ts", () => {
  it("starts DynamoDB Local, the sandbox and the app, prints the banner, and stops all of it on SIGINT", async () => {
    // As scripts/dev.mjs starts it: one Node process with tsx as a loader, so SIGINT reaches the stack itself.
    const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/main.ts"], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SMX_PORT: "0",
        SMX_SANDBOX_PORT: "0",
        SMX_DYNAMODB_PORT: "0",
        SMX_LOCAL_DIR: stateDir,
        SMX_CONFIG: EXAMPLE_CONFIG,
        SMX_SECRETS_FILE: EXAMPLE_SECRETS,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ctrl-C stops everything.")) resolve();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      exited.then((code) => reject(new Error(`exited with ${code} before the banner:\n${output}`)));
    });

    const state = readStackState(stackStateFile(stateDir))!;
    expect(output).toContain(`${state.webhooksUrl}/hooks/zapier-visits`);
    expect((await fetch(`${state.webhooksUrl}/health`)).status).toBe(200);
    // DynamoDB Local answers any request (400 to a bare GET) while its JVM runs.
    expect((await fetch(state.dynamoEndpoint)).status).toBe(400);

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(readStackState(stackStateFile(stateDir))).toBeUndefined();
    await expect(fetch(state.dynamoEndpoint)).rejects.toThrow();
    await expect(fetch(`${state.webhooksUrl}/health`)).rejects.toThrow();
  }, 300_000);
});

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "./helpers.ts";

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts the CLI; `listening` resolves with its URL once the whole banner is out. */
function run(args: string[]) {
  const child = spawn(tsx, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/\S+)[\s\S]*try: /);
      if (match) resolve(match[1]!);
    });
    exited.then((code) => reject(new Error(`cli exited with ${code}: ${output}`)));
  });
  return { child, listening, exited, output: () => output };
}

describe("salesmania-sandbox CLI", () => {
  it("serves the demo seed with a state file, prints credentials, and closes cleanly on Ctrl-C", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "smx-cli-")), "state.json");
    const cliRun = run([
      "--port",
      "0",
      "--state-file",
      stateFile,
      "--rate-limit",
      "50",
      "--bearer-ttl",
      "120",
    ]);
    const url = await cliRun.listening;
    expect(cliRun.output()).toContain("user: demo / demo-password");
    const client = new Client(url);
    const token = await client.send("GET", "/extapi/v1.0/token", {
      headers: { authorization: `Basic ${Buffer.from("demo:demo-password").toString("base64")}` },
    });
    expect(token.body.expires_in).toBe(120);
    cliRun.child.kill("SIGINT");
    expect(await cliRun.exited).toBe(0);
    expect(cliRun.output()).toContain("sandbox closed");
  });

  it("loads a seed file", async () => {
    const seedFile = join(mkdtempSync(join(tmpdir(), "smx-cli-")), "seed.json");
    const seed = {
      users: [{ username: "ops", password: "ops-pw", databaseIds: [9] }],
      databases: [{ id: 9, name: "PT Sembilan", teams: [{ id: 90, name: "Tim" }] }],
    };
    writeFileSync(seedFile, JSON.stringify(seed));
    const cliRun = run(["--port", "0", "--seed", seedFile]);
    const url = await cliRun.listening;
    expect(cliRun.output()).toContain("user: ops / ops-pw");
    const client = await new Client(url).login("ops", "ops-pw", 9);
    expect((await client.data("GET", "/extapi/v1.0/teams")).body).toEqual({
      data: [{ id: 90, name: "Tim" }],
    });
    cliRun.child.kill("SIGINT");
    expect(await cliRun.exited).toBe(0);
  });

  it("refuses a bad flag value with a message naming the flag", async () => {
    const cliRun = run(["--port", "abc"]);
    await expect(cliRun.listening).rejects.toThrow(/--port: expected a non-negative integer, got "abc"/);
  });
});

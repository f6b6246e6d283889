// DynamoDB Local recorded by pid in the state folder (issue 9, item 7): a JVM left by a stack killed with -9
// is reclaimed by the next start, a folder another running stack uses is refused, and a recorded pid that
// now belongs to some other program is never stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDynamoDbLocal } from "@smx/aws/testing";
import { LocalStackStateError } from "@smx/runtime/local";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { dynamoRecordFile, startRecordedDynamo } from "../src/dynamo-process.ts";
import { silentLogger } from "./support.ts";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "smx-local-dynamo-"));
  dirs.push(dir);
  return dir;
}

/** A process that stays alive until the test ends. */
function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  return child;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function record(dir: string, pid: number, stackPid: number) {
  const entry = {
    pid,
    stackPid,
    port: 1,
    dataPath: join(dir, "dynamodb"),
    startedAt: new Date().toISOString(),
  };
  writeFileSync(dynamoRecordFile(dir), JSON.stringify(entry));
}

describe("DynamoDB Local recorded by pid", () => {
  it("refuses to start on a folder whose recording stack still runs, naming what to do", async () => {
    const dir = stateDir();
    const other = sleeper();
    record(dir, other.pid!, other.pid!);
    const error = await startRecordedDynamo(dir, 0, silentLogger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalStackStateError);
    expect((error as Error).message).toMatch(
      /another local stack \(pid \d+\) runs on this folder.*SMX_LOCAL_DIR/,
    );
    expect(alive(other.pid!)).toBe(true);
  });

  it("reclaims the JVM a stack killed with -9 left behind, and records its own", async () => {
    const dir = stateDir();
    mkdirSync(join(dir, "dynamodb"));
    const orphan = await startDynamoDbLocal({ dataPath: join(dir, "dynamodb") });
    record(dir, orphan.pid, await deadPid());
    const dynamo = await startRecordedDynamo(dir, 0, silentLogger);
    try {
      expect(alive(orphan.pid)).toBe(false);
      expect((await fetch(dynamo.endpoint)).status).toBe(400);
      const written = JSON.parse(readFileSync(dynamoRecordFile(dir), "utf8")) as {
        pid: number;
        stackPid: number;
      };
      expect(written.stackPid).toBe(process.pid);
      expect(written.pid).not.toBe(orphan.pid);
    } finally {
      await dynamo.stop();
      await orphan.stop();
    }
    expect(() => readFileSync(dynamoRecordFile(dir))).toThrow(/ENOENT/);
  }, 300_000);

  it("never stops a recorded pid that now belongs to another program", async () => {
    const dir = stateDir();
    const stranger = sleeper();
    record(dir, stranger.pid!, await deadPid());
    const dynamo = await startRecordedDynamo(dir, 0, silentLogger);
    await dynamo.stop();
    expect(alive(stranger.pid!)).toBe(true);
  }, 300_000);
});

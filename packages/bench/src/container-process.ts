// The parent's handle on one container: spawn `node container.mjs` for a contender's bundle, time spawn →
// first answer (the cold start), then send batches and read the results.
import { type ChildProcess, fork } from "node:child_process";
import type { VisitEvent } from "./events.ts";
import type { BatchResult, Command, FirstAnswer, MemoryResult, Reply } from "./protocol.ts";

/** A container failed to start or to answer: its numbers would lie, so the run stops. */
export class ContainerError extends Error {
  override name = "ContainerError";
}

export interface ContainerSpec {
  name: string;
  /** The container driver's bundle and the contender's bundle. */
  driver: string;
  handler: string;
  env: Record<string, string>;
  apiKey: string;
}

export class Container {
  readonly name: string;
  /** Spawn → answer to the first event, in ms. */
  readonly coldStartMs: number;
  readonly firstStatus: number;
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #nextId = 0;

  private constructor(name: string, child: ChildProcess, coldStartMs: number, firstStatus: number) {
    this.name = name;
    this.#child = child;
    this.coldStartMs = coldStartMs;
    this.firstStatus = firstStatus;
    child.on("message", (message) => {
      const reply = message as Reply;
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.result);
      else waiting?.reject(new ContainerError(`${name}: ${reply.error}`));
    });
    child.once("exit", (code) => {
      for (const { reject } of this.#pending.values())
        reject(new ContainerError(`${name} exited with code ${code}`));
      this.#pending.clear();
    });
  }

  static async start(spec: ContainerSpec, first: VisitEvent): Promise<Container> {
    const started = performance.now();
    // Plain node, as on Lambda: no tsx loader or NODE_OPTIONS from the parent, and none of its AWS_,
    // POWERTOOLS_ or SMX_ variables (the contender's environment says everything it gets).
    const parentEnv = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(NODE_OPTIONS$|AWS_|POWERTOOLS_|SMX_)/.test(name)),
    );
    // SMX_BENCH_CPU_PROF=<dir>: each container writes a V8 CPU profile there when it exits (the method of
    // docs/performance.md: open it in Chrome DevTools, or sum it by package).
    const profileDir = process.env.SMX_BENCH_CPU_PROF;
    const child = fork(spec.driver, [], {
      // --expose-gc only lets the memory command collect before it reads the live heap.
      execArgv: ["--expose-gc", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
      env: {
        ...parentEnv,
        ...spec.env,
        SMX_BENCH_HANDLER: spec.handler,
        SMX_BENCH_API_KEY: spec.apiKey,
        SMX_BENCH_FIRST_EVENT: JSON.stringify(first),
      },
      // Log and metric lines go nowhere, as cheaply for every contender; the end of stderr is kept for a
      // failure's message (a crash, or a contender's ERROR lines).
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-2000);
    });
    const answer = await new Promise<FirstAnswer>((resolve, reject) => {
      child.once("message", (message) => resolve(message as FirstAnswer));
      child.once("error", reject);
      child.once("exit", (code) =>
        reject(
          new ContainerError(`${spec.name} exited with code ${code} before its first answer: ${stderr}`),
        ),
      );
    });
    return new Container(spec.name, child, performance.now() - started, answer.status);
  }

  #send<T>(command: Command): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, command });
    });
  }

  batch(events: VisitEvent[], options: { concurrency?: number; copies?: number } = {}): Promise<BatchResult> {
    return this.#send({
      type: "batch",
      events,
      concurrency: options.concurrency ?? 1,
      copies: options.copies ?? 1,
    });
  }

  memory(): Promise<MemoryResult> {
    return this.#send({ type: "memory" });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.send({ id: -1, command: { type: "exit" } });
    await exited;
  }
}

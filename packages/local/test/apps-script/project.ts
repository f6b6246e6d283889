// An Apps Script project for tests: the script runs in a worker thread (worker.mjs) and every Google service
// call it makes is answered here by `services`, which may be asynchronous (a real HTTP POST for UrlFetchApp).
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** The fakes' implementation of each forwarded call, by its name in worker.mjs (e.g. "Calendar.Events.list"). */
export type ServiceCalls = Record<string, (...args: never[]) => unknown>;

/** Room for one answer (a page of events is a few KB; this leaves a wide margin). */
const ANSWER_BYTES = 8 * 1024 * 1024;

export class ScriptRunError extends Error {
  override name = "ScriptRunError";
}

export class AppsScriptProject {
  private readonly worker: Worker;
  private readonly flag: Int32Array;
  private readonly answer: Uint8Array;
  private pending: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(file: string, services: ServiceCalls) {
    const shared = new SharedArrayBuffer(8 + ANSWER_BYTES);
    this.flag = new Int32Array(shared, 0, 2);
    this.answer = new Uint8Array(shared, 8);
    this.worker = new Worker(new URL("./worker.mjs", import.meta.url), {
      workerData: { code: readFileSync(file, "utf8"), filename: file, shared },
    });
    this.worker.on("message", (message: WorkerMessage) => {
      if (message.kind === "call") void this.answerCall(services, message);
      else this.settle(message.kind === "done" ? undefined : new ScriptRunError(message.error));
    });
    this.worker.on("error", (error) => this.settle(error));
  }

  /** Runs one of the script's functions, as a trigger or the editor's Run button does. */
  run(fn: string, ...args: unknown[]): Promise<void> {
    if (this.pending !== undefined) throw new ScriptRunError("one execution at a time in this harness");
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ kind: "run", fn, args });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private settle(error: Error | undefined) {
    const pending = this.pending;
    this.pending = undefined;
    if (error === undefined) pending?.resolve();
    else pending?.reject(error);
  }

  private async answerCall(services: ServiceCalls, message: CallMessage) {
    let reply: { value: unknown } | { error: string };
    try {
      const implementation = services[message.method];
      if (implementation === undefined) throw new Error(`the fake has no ${message.method}`);
      reply = { value: await implementation(...(message.args as never[])) };
    } catch (error) {
      reply = { error: error instanceof Error ? error.message : String(error) };
    }
    let bytes = new TextEncoder().encode(JSON.stringify(reply));
    if (bytes.length > ANSWER_BYTES)
      bytes = new TextEncoder().encode(
        JSON.stringify({ error: `answer of ${bytes.length} bytes is too large` }),
      );
    this.answer.set(bytes);
    Atomics.store(this.flag, 1, bytes.length);
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }
}

interface CallMessage {
  kind: "call";
  method: string;
  args: unknown[];
}
type WorkerMessage = CallMessage | { kind: "done" } | { kind: "failed"; error: string };

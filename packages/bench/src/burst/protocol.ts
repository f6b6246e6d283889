// Messages between burst.bench.ts and its processes (src/burst/container.ts).
/** Requests are built against this origin; only the path reaches the intake. */
export const HOOK_ORIGIN = "https://hooks.bench.invalid";

/** One sender's HTTP request (the body as text: IPC carries it as it is). */
export interface BurstRequest {
  method: string;
  /** The path, `/hooks/{id}`. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type BurstParentMessage = { type: "run"; requests: BurstRequest[] } | { type: "stop" };

export type BurstChildMessage =
  | { type: "ready" }
  /** Once every request of the process has its answer: counts by outcome (`processed: delivered`, …). */
  | { type: "answered"; answers: Record<string, number> }
  /** Events the process's redrive delivered, until it was stopped. */
  | { type: "stopped"; redriven: number };

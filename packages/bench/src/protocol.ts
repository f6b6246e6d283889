// What the parent and a container (child process) say to each other over IPC.
import type { VisitEvent } from "./events.ts";

/** Run `events` through the handler: `copies` invocations of each (1 = once), `concurrency` at a time. */
export interface BatchCommand {
  type: "batch";
  events: VisitEvent[];
  concurrency: number;
  copies: number;
}

export type Command = BatchCommand | { type: "memory" } | { type: "exit" };

export interface BatchResult {
  /** process.cpuUsage() user + system over the handler calls only, in µs (every thread of the process). */
  cpuUs: number;
  wallMs: number;
  invocations: number;
  /** HTTP status → count; a handler that throws counts as 500 (what API Gateway answers then). */
  statuses: Record<string, number>;
  /** DynamoDB requests sent during the batch, by operation (from the X-Amz-Target header). */
  dynamo: Record<string, number>;
}

export interface MemoryResult {
  rssMb: number;
  heapUsedMb: number;
  /** Heap used right after a full GC (`--expose-gc`): what the container retains. */
  heapAfterGcMb: number;
}

export type Reply = { id: number } & ({ ok: true; result: unknown } | { ok: false; error: string });

/** The first message a container sends: its answer to the event it was started with. */
export interface FirstAnswer {
  type: "first";
  status: number;
}

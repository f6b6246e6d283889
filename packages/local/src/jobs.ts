// The scheduled Lambdas, run on timers instead of EventBridge. Adding a job is one line in SCHEDULED_JOBS.
import type { Logger } from "@smx/core";
import { type Runtime, rotateAllTokens } from "@smx/runtime";
import { runRedrive } from "@smx/scheduled";

export interface ScheduledJob {
  name: string;
  /** Pause between the end of one run and the start of the next (runs never overlap). */
  everyMs: number;
  run(runtime: Runtime): Promise<unknown>;
}

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  { name: "redrive", everyMs: 30_000, run: runRedrive },
  // As deployed: every 12 hours, for the sandbox's 24-hour tokens (docs/local.md#token-rotation).
  { name: "token-rotation", everyMs: 12 * 3_600_000, run: rotateAllTokens },
];

export interface Scheduler {
  /** Cancels the timers and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

/** `runtime` may be a function giving the current one: each run uses the runtime in force when it starts. */
export function startScheduler(
  runtime: Runtime | (() => Runtime),
  jobs: readonly ScheduledJob[],
  logger: Logger,
): Scheduler {
  const current = typeof runtime === "function" ? runtime : () => runtime;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const schedule = (job: ScheduledJob) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = job
        .run(current())
        // A failed run is logged and the job keeps its schedule, as a failed Lambda invocation would.
        .then(
          () => undefined,
          (error: unknown) =>
            logger.error("scheduled job failed", {
              job: job.name,
              error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
            }),
        )
        .finally(() => {
          running.delete(run);
          schedule(job);
        });
      running.add(run);
    }, job.everyMs);
    timers.add(timer);
  };

  for (const job of jobs) schedule(job);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(running);
    },
  };
}

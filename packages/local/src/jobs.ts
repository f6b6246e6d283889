// The scheduled Lambdas, run on timers instead of EventBridge: the redrive every 30 seconds, and every job of
// the configuration at its cron schedule in its zone, through the same runner (lease, record) as on AWS; and
// the token rotation Secrets Manager schedules on AWS, every 12 hours.
import type { Logger } from "@smx/core";
import { type JobDescription, nextRunAfter, REDRIVE_JOB_ID } from "@smx/jobs";
import { type Runtime, rotateAllTokens } from "@smx/runtime";
import { runScheduledJob } from "@smx/runtime/jobs";

export interface ScheduledJob {
  name: string;
  /** Pause between the end of one run and the start of the next (runs never overlap)… */
  everyMs?: number;
  /** …or a five-field cron read in `timeZone`. */
  cron?: { expression: string; timeZone: string };
  run(runtime: Runtime): Promise<unknown>;
}

/** As deployed: every 12 hours, for the sandbox's 24-hour tokens (docs/local.md#token-rotation). */
export const TOKEN_ROTATION_JOB: ScheduledJob = {
  name: "token-rotation",
  everyMs: 12 * 3_600_000,
  run: rotateAllTokens,
};

/**
 * The redrive and every enabled job of the configuration (`jobsOf(runtime).catalog.entries`), then the token
 * rotation (the stack also rotates once at start, before the first event).
 */
export function scheduledJobs(entries: readonly JobDescription[]): ScheduledJob[] {
  const jobs: ScheduledJob[] = entries
    .filter((entry) => !entry.disabled)
    .map((entry) => ({
      name: entry.id,
      ...(entry.id === REDRIVE_JOB_ID
        ? { everyMs: 30_000 }
        : { cron: { expression: entry.schedule, timeZone: entry.timeZone } }),
      run: (runtime: Runtime) => runScheduledJob(runtime, entry.id, { trigger: "local-timer" }),
    }));
  return [...jobs, TOKEN_ROTATION_JOB];
}

/** Milliseconds until the job's next run (at least 1 s for a cron, so a run never repeats in its minute). */
function delayOf(job: ScheduledJob, now: Date): number {
  if (job.cron === undefined) return job.everyMs ?? 60_000;
  const next = nextRunAfter(job.cron.expression, job.cron.timeZone, new Date(now.getTime() + 1_000));
  return next === undefined ? 2 ** 31 - 1 : Math.min(next.getTime() - now.getTime(), 2 ** 31 - 1);
}

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
    const timer = setTimeout(
      () => {
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
      },
      delayOf(job, new Date()),
    );
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

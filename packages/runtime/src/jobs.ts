// One scheduled job run through the runtime's runner (lease, checkpoint, record): what every scheduled
// Lambda (functions/scheduled), the local stack's timers and `smx jobs run` share. Metrics are flushed before returning, since
// nothing runs on Lambda after the handler's answer.
import type { JobRunRecord, JobTrigger } from "@smx/core";
import type { FeedJobOptions } from "@smx/jobs";
import type { Runtime } from "./runtime.ts";

export interface RunJobOptions extends FeedJobOptions {
  trigger: JobTrigger;
  dryRun?: boolean;
}

/** Runs job `jobId` once; a disabled job is not run (logged) and gives undefined. */
export async function runScheduledJob(
  runtime: Pick<Runtime, "jobs" | "jobRunner" | "logger" | "metrics">,
  jobId: string,
  options: RunJobOptions,
): Promise<JobRunRecord | undefined> {
  try {
    const entry = runtime.jobs.get(jobId);
    if (entry.disabled && options.trigger !== "operator") {
      runtime.logger.info("job is disabled in the configuration; not run", { jobId });
      return undefined;
    }
    const job = entry.build(options.refetch ? { refetch: true } : {});
    return await runtime.jobRunner.run(job, {
      trigger: options.trigger,
      ...(options.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await runtime.metrics.flush();
  }
}

// The scheduled side of the runtime (`@smx/runtime/jobs`): the configuration's feeds, plans and jobs,
// validated, the job catalog and the runner with its DynamoDB store. A subpath of its own so the webhooks
// function, which imports `@smx/runtime`, never loads the calendar libraries (ical.js, date-holidays). Used by
// the scheduled functions, the local stack's timers and the CLI, each through `runScheduledJob`.
import type { JobRunRecord, JobTrigger } from "@smx/core";
import { JobRunner } from "@smx/core";
import { type FeedJobOptions, JobCatalog, parseScheduledSections, type ScheduledSections } from "@smx/jobs";
import type { Runtime } from "./runtime.ts";

export interface JobsRuntime {
  sections: ScheduledSections;
  catalog: JobCatalog;
  runner: JobRunner;
}

const built = new WeakMap<Runtime, JobsRuntime>();

/** The runtime's jobs, built once per runtime; throws ScheduledConfigError (with key paths) for a bad config. */
export function jobsOf(runtime: Runtime): JobsRuntime {
  let jobs = built.get(runtime);
  if (jobs === undefined) {
    const sections = parseScheduledSections(runtime.config);
    const { pipeline, directory, connections, secrets, logger, metrics } = runtime;
    jobs = {
      sections,
      catalog: new JobCatalog(
        { connections: runtime.config.connections, ...sections },
        { pipeline, directory, connections, secrets },
      ),
      runner: new JobRunner({
        store: runtime.jobStore,
        logger,
        metrics,
        retentionDays: pipeline.settings.retentionDays,
      }),
    };
    built.set(runtime, jobs);
  }
  return jobs;
}

export interface RunJobOptions extends FeedJobOptions {
  trigger: JobTrigger;
  dryRun?: boolean;
}

/**
 * Runs job `jobId` once through the runner (lease, checkpoint, record); a disabled job runs only when an
 * operator asks, otherwise it is logged and gives undefined. Metrics are flushed before returning, since
 * nothing runs on Lambda after the handler's answer.
 */
export async function runScheduledJob(
  runtime: Runtime,
  jobId: string,
  options: RunJobOptions,
): Promise<JobRunRecord | undefined> {
  try {
    const { catalog, runner } = jobsOf(runtime);
    const entry = catalog.get(jobId);
    if (entry.disabled && options.trigger !== "operator") {
      runtime.logger.info("job is disabled in the configuration; not run", { jobId });
      return undefined;
    }
    const job = entry.build(options.refetch ? { refetch: true } : {});
    return await runner.run(job, { trigger: options.trigger, ...(options.dryRun ? { dryRun: true } : {}) });
  } finally {
    await runtime.metrics.flush();
  }
}

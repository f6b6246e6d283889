// The redrive (due retries, dead workers' events) as a job: the runner gives it the same lease, summary and
// history as every other job, so two overlapping invocations never redrive the same batch.
import type { EventPipeline, Job } from "@smx/core";
import { REDRIVE_JOB_ID } from "./config.ts";

export function redriveJob(pipeline: Pick<EventPipeline, "redrive" | "settings">): Job {
  return {
    id: REDRIVE_JOB_ID,
    kind: "redrive",
    // A crashed redrive must not block the next minutes' runs for long: its budget plus a margin.
    leaseMs: pipeline.settings.redriveBudgetMs + 60_000,
    async run(context) {
      if (context.dryRun) {
        context.logger.info("a dry run of the redrive lists nothing: use `smx events list --status retry`");
        return;
      }
      const summary = await pipeline.redrive();
      const { tally } = context;
      tally.counts.created += summary.delivered;
      tally.counts.failed += summary.dead + summary.unknownOutcome;
      tally.bump("examined", summary.examined);
      tally.bump("retried", summary.retried);
      tally.bump("dead", summary.dead);
      tally.bump("unknownOutcome", summary.unknownOutcome);
      tally.bump("skipped", summary.skipped);
    },
  };
}

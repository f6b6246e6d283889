// Every configured job's scheduled Lambda (infra/cron.ts): the job id comes from the schedule's payload or,
// as SST wires it, the function's SMX_JOB_ID.
import type { JobRunRecord } from "@smx/core";
import { sharedRuntime } from "@smx/runtime";
import { runScheduledJob } from "@smx/runtime/jobs";
import { MissingJobIdError } from "./errors.ts";

export async function handler(event?: { jobId?: string }): Promise<JobRunRecord | undefined> {
  const jobId = event?.jobId ?? process.env.SMX_JOB_ID;
  if (!jobId) throw new MissingJobIdError();
  return runScheduledJob(sharedRuntime(), jobId, { trigger: "schedule" });
}

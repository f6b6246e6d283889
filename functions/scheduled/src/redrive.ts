// Scheduled redrive (EventBridge, every minute): delivers due `retry` records and takes over in-progress
// ones whose worker died — as a job, so overlapping invocations skip and every run leaves a record.
import type { JobRunRecord } from "@smx/core";
import { REDRIVE_JOB_ID } from "@smx/jobs";
import { runScheduledJob, sharedRuntime } from "@smx/runtime";

export async function handler(): Promise<JobRunRecord | undefined> {
  return runScheduledJob(sharedRuntime(), REDRIVE_JOB_ID, { trigger: "schedule" });
}

// Scheduled redrive (EventBridge, every minute): delivers due `retry` records and takes over in-progress
// ones whose worker died — as a job, so overlapping invocations skip and every run leaves a record.
import type { JobRunRecord } from "@smx/core";
import { REDRIVE_JOB_ID } from "@smx/jobs";
import { sharedRuntime } from "@smx/runtime";
import { runScheduledJob } from "@smx/runtime/jobs";

export async function handler(): Promise<JobRunRecord | undefined> {
  return runScheduledJob(sharedRuntime(), REDRIVE_JOB_ID, { trigger: "schedule" });
}

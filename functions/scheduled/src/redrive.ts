// Scheduled redrive (EventBridge, every few minutes): delivers due `retry` records and takes over
// in-progress ones whose worker died. The summary is logged and returned (visible in the invocation log).
import type { RedriveSummary } from "@smx/core";
import { type Runtime, sharedRuntime } from "@smx/runtime";

export async function runRedrive(runtime: Runtime): Promise<RedriveSummary> {
  try {
    const summary = await runtime.pipeline.redrive();
    runtime.logger.info("scheduled redrive done", { ...summary });
    return summary;
  } finally {
    await runtime.metrics.flush();
  }
}

export async function handler(): Promise<RedriveSummary> {
  return runRedrive(sharedRuntime());
}

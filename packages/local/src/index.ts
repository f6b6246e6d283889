export { demoHook, describeStack } from "./banner.ts";
export { curlCommand } from "./curl.ts";
export { SCHEDULED_JOBS, type ScheduledJob, type Scheduler, startScheduler } from "./jobs.ts";
export { type LocalStack, type LocalStackOptions, startLocalStack } from "./stack.ts";

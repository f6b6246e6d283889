export { demoHook, describeStack } from "./banner.ts";
export { curlCommand } from "./curl.ts";
export { type ScheduledJob, type Scheduler, scheduledJobs, startScheduler } from "./jobs.ts";
export { type LocalStack, type LocalStackOptions, startLocalStack } from "./stack.ts";

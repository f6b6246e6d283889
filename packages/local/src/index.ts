export { demoHook, describeStack } from "./banner.ts";
export * from "./errors.ts";
export { SCHEDULED_JOBS, type ScheduledJob, type Scheduler, startScheduler } from "./jobs.ts";
export { curlCommand, type HookRequest, type HookRequestOptions, hookRequest, hookUrl } from "./requests.ts";
export { defaultConnection, type LocalRuntimeInput, localRuntimeEnv } from "./runtime-env.ts";
export { EXAMPLE_PAYLOADS_DIR, payloadFromFile, type SamplePayload, samplePayload } from "./samples.ts";
export {
  DEFAULT_PORTS,
  DEFAULT_TABLE_NAME,
  DEV_ADMIN_API_KEY,
  type LocalSettings,
  REPO_ROOT,
  type RealSalesmania,
  readLocalSettings,
} from "./settings.ts";
export { type LocalStack, type LocalStackOptions, startLocalStack } from "./stack.ts";
export {
  readStackState,
  removeStackState,
  type StackState,
  stackStateFile,
  writeStackState,
} from "./state.ts";

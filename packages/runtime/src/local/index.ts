// The local target: the environment a local stack runs in, and where a running one is recorded, so the
// local stack and the CLI build the runtime from the same variables. Not imported by the functions: they read
// their environment as deployed (../index.ts).
export * from "./errors.ts";
export { defaultConnection, type LocalRuntimeInput, localRuntimeEnv } from "./runtime-env.ts";
export {
  DEFAULT_PORTS,
  DEFAULT_TABLE_NAME,
  DEV_ADMIN_API_KEY,
  type LocalSettings,
  REPO_ROOT,
  type RealSalesmania,
  readLocalSettings,
} from "./settings.ts";
export {
  readIfExists,
  readStackState,
  removeStackState,
  type StackState,
  secretVersionsFile,
  stackStateFile,
  writeStackState,
} from "./stack-state.ts";

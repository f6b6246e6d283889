export * from "./connection.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./hooks.ts";
export { type CliIo, processIo } from "./io.ts";
export { runCli } from "./program.ts";
export { SST_APP_NAME, type TargetOptions, targetEnv } from "./target.ts";

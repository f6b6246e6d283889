export * from "./adapter.ts";
export * from "./config/hooks.ts";
export * from "./errors.ts";
export { buildCommand, readPath, resolveDedupKey } from "./mapping/index.ts";

export { BASE_PATH_VARIABLE, BasePath, stripBasePath } from "./base-path.ts";
export { ConfigError } from "./errors.ts";
export * from "./hooks.ts";
export { loadConfig, type ParseOptions, parseConfig } from "./load.ts";
export { SmxConfig } from "./schema.ts";
export { longestResendWindow, type SourceTraits, sourceTraits } from "./sources.ts";

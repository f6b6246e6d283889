export * from "./config.ts";
export * from "./env.ts";
export * from "./errors.ts";
export * from "./rotation.ts";
export * from "./runtime.ts";
export * from "./secret-check.ts";

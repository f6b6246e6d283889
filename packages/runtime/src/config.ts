// The hooks/connections configuration, from a file (SMX_CONFIG) or inline JSON (SMX_CONFIG_JSON). The
// loader's ConfigError already names the origin and every bad key, so it is passed on as is.
import { loadConfig, parseConfig, type SmxConfig } from "@smx/sources";
import type { RuntimeEnv } from "./env.ts";

export function readRuntimeConfig(env: RuntimeEnv): SmxConfig {
  if (env.SMX_CONFIG !== undefined) return loadConfig(env.SMX_CONFIG, {});
  return parseConfig(env.SMX_CONFIG_JSON ?? "", "SMX_CONFIG_JSON");
}

// Which hooks configuration the CLI reads, and why — said on request (`--verbose`, `config check`,
// `hooks list`) and always when it differs from the one a running local stack serves, so SMX_CONFIG is
// never silently overridden by the stack's file (or the other way round).
//   1. --config <file>
//   2. SMX_CONFIG (a file), then SMX_CONFIG_JSON (inline, as a deployed function reads it; not with the stack)
//   3. the file the running local stack loaded (when the stack is the target)
//   4. the default: smx.config.json at the repository root, else examples/smx.config.json
import { resolve } from "node:path";
import { REPO_ROOT, readLocalSettings } from "@smx/runtime/local";
import type { CliIo } from "./io.ts";
import { runningStack, type TargetOptions } from "./target.ts";

export interface ConfigChoice {
  /** The file; absent when the configuration is SMX_CONFIG_JSON's inline JSON. */
  file?: string;
  why: string;
  /** The running local stack's file, when the stack is the target and serves another one. */
  stackFile?: string;
}

export function chooseConfig(options: TargetOptions & { config?: string }, io: CliIo): ConfigChoice {
  const targetsStack =
    options.stage === undefined && options.table === undefined && !io.env.SMX_TABLE_NAME?.trim();
  const stackFile = targetsStack ? runningStack(io.stackStateFile)?.configFile : undefined;
  const chosen = explicitChoice(options.config, io.env, targetsStack);
  if (chosen === undefined) {
    if (stackFile !== undefined) return { file: stackFile, why: "the file the running local stack loaded" };
    const file = readLocalSettings(io.env).configFile;
    const why = file.startsWith(resolve(REPO_ROOT, "examples"))
      ? "default: no smx.config.json at the repository root, so the examples"
      : "default: smx.config.json at the repository root";
    return { file, why };
  }
  return stackFile === undefined || stackFile === chosen.file ? chosen : { ...chosen, stackFile };
}

function explicitChoice(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  targetsStack: boolean,
) {
  if (flag !== undefined) return { file: resolve(flag), why: "from --config" };
  const fromEnv = env.SMX_CONFIG?.trim();
  if (fromEnv) return { file: resolve(fromEnv), why: "from SMX_CONFIG" };
  // Inline JSON is how a deployed function reads it; the local stack's target is built from a file.
  if (!targetsStack && env.SMX_CONFIG_JSON?.trim()) return { why: "inline JSON from SMX_CONFIG_JSON" };
  return undefined;
}

export function describeConfigChoice(choice: ConfigChoice): string {
  const line = `config: ${choice.file ?? "SMX_CONFIG_JSON"} (${choice.why})\n`;
  if (choice.stackFile === undefined) return line;
  return `${line}note: the running local stack serves ${choice.stackFile}; this command reads the one above\n`;
}

// What every command needs from the program: the runtime for the chosen target, printing for people or
// scripts, and the exit code.
import type { Runtime } from "@smx/runtime";
import type { Command } from "commander";
import type { CliIo } from "./io.ts";

export interface CommandContext {
  io: CliIo;
  /** `ledger: false`: the command reads only the configuration and secrets, so no stack needs to run. */
  runtimeOf(command: Command, options?: { ledger?: boolean }): Promise<Runtime>;
  /** JSON (`--json`) or the human form. */
  print(json: boolean | undefined, data: unknown, human: () => string): void;
  setExitCode(code: number): void;
  /** A note on stderr when `--hook` names no configured hook. */
  warnUnknownHook(runtime: Runtime, hookId: string | undefined): void;
}

// Where the CLI writes and what it reads from its surroundings; tests pass their own to run commands
// in-process and read what a user would see.
import { stackStateFile } from "@smx/runtime/local";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress bars are drawn only on a terminal. */
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  /** `.local/stack.json` of a running local stack. */
  stackStateFile: string;
}

export function processIo(stateDir: string): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    stackStateFile: stackStateFile(stateDir),
  };
}

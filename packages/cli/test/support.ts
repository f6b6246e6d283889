// Runs the CLI in-process as the `smx` binary would (runCli), capturing what a user would see.
import type { CliIo } from "../src/io.ts";
import { runCli } from "../src/program.ts";

export async function runSmx(argv: string[], env: Record<string, string>, stackStateFile: string) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stderrIsTTY: false,
    env,
    stackStateFile,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

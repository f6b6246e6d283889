// The runtime's logger inside the CLI. Every outcome a command reports is in its own output (failures
// included), so the pipeline's log lines are shown only with --verbose, on stderr: stdout is for results.
import type { LogFields, Logger } from "@smx/core";

export function stderrLogger(
  write: (text: string) => void,
  verbose: boolean,
  fields: LogFields = {},
): Logger {
  const line =
    (level: string) =>
    (message: string, extra: LogFields = {}) => {
      if (!verbose) return;
      const all = { ...fields, ...extra };
      write(`[${level}] ${message}${Object.keys(all).length === 0 ? "" : ` ${JSON.stringify(all)}`}\n`);
    };
  return {
    debug: line("debug"),
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    child: (extra) => stderrLogger(write, verbose, { ...fields, ...extra }),
  };
}

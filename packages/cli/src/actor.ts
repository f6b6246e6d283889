// Who an operator action is recorded as: `--actor <name>`, else the OS user running the CLI.
import { userInfo } from "node:os";

export function cliActor(named: string | undefined): string {
  const name = named?.trim() || osUser();
  return `cli:${name}`;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment's idea of the user, else unknown.
    return process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
}

// Installs the workspace with the pinned pnpm (no global install, no corepack), so each quick-start
// command works on a machine that has only Node 20+, npm and Java 17.
import { spawnSync } from "node:child_process";

export const PNPM = ["-y", "pnpm@10.34.9"];

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function installWorkspace() {
  if (process.env.SMX_SKIP_INSTALL === "1") return;
  const status = run("npx", [...PNPM, "install", "--frozen-lockfile", "--reporter=silent"]);
  if (status !== 0) {
    console.error("pnpm install --frozen-lockfile failed (exit %d)", status);
    process.exit(status);
  }
}

export function requireJava() {
  const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) {
    console.error(
      "Java 17 is needed for DynamoDB Local. Install it, e.g. `sudo apt-get install -y openjdk-17-jre-headless`.",
    );
    process.exit(1);
  }
}

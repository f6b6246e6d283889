// `npm run check`: type-check the workspace, type-check the SST app against SST's real platform types, check
// the dependency rules (docs/architecture.md, "Rules the build checks"), and lint (CI runs it before the tests).
import { installWorkspace, run } from "./bootstrap.mjs";

installWorkspace();
for (const [label, command, args] of [
  ["type-check", "node_modules/.bin/tsc", ["-p", "tsconfig.json"]],
  ["type-check sst.config.ts + infra", "node", ["scripts/check-sst.mjs"]],
  ["dependency rules", "node", ["scripts/check-dependencies.mjs"]],
  ["lint", "node_modules/.bin/biome", ["check", "."]],
]) {
  console.log(`== ${label}`);
  // The workspace is installed above; nested scripts need not install it again.
  const status = run(command, args, { env: { ...process.env, SMX_SKIP_INSTALL: "1" } });
  if (status !== 0) {
    console.error(`${label} failed`);
    process.exit(status);
  }
}

// `npm run check`: type-check and lint the workspace (CI runs it before the tests).
import { installWorkspace, run } from "./bootstrap.mjs";

installWorkspace();
for (const [label, command, args] of [
  ["type-check", "node_modules/.bin/tsc", ["-p", "tsconfig.json"]],
  ["lint", "node_modules/.bin/biome", ["check", "."]],
]) {
  console.log(`== ${label}`);
  const status = run(command, args);
  if (status !== 0) {
    console.error(`${label} failed`);
    process.exit(status);
  }
}

// `npm run dev`: installs the workspace and starts the local stack (see packages/local).
import { installWorkspace, requireJava, run } from "./bootstrap.mjs";

installWorkspace();
requireJava();
process.exit(run("node_modules/.bin/tsx", ["packages/local/src/main.ts", ...process.argv.slice(2)]));

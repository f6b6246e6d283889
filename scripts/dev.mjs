// `npm run dev`: installs the workspace and starts the local stack (see packages/local).
import { installWorkspace, requireJava, run } from "./bootstrap.mjs";

installWorkspace();
requireJava();
// tsx as a loader in one Node process, not the tsx CLI: the CLI relays Ctrl-C to a child and SIGKILLs it when
// the child is slow (30 ms) to acknowledge, which on a busy machine left DynamoDB Local running.
process.exit(
  run(process.execPath, ["--import", "tsx", "packages/local/src/main.ts", ...process.argv.slice(2)]),
);

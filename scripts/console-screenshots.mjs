// `node scripts/console-screenshots.mjs`: the console's screenshots in docs/console/*.png, taken by the
// browser tests themselves (packages/local/test/console.browser.test.ts) against a fresh local stack, so the
// pictures in docs/console.md show the pages exactly as the tests see them. Needs Java and Chromium.
import { join } from "node:path";
import { installWorkspace, requireJava, run } from "./bootstrap.mjs";

installWorkspace();
requireJava();
const status = run("node_modules/.bin/vitest", ["run", "packages/local/test/console.browser.test.ts"], {
  env: { ...process.env, SMX_CONSOLE_SCREENSHOTS: join(process.cwd(), "docs", "console") },
});
process.exit(status);

// `node scripts/check-sst.mjs`: type-checks sst.config.ts and infra/*.ts against SST's real platform types,
// offline. The types are extracted by `sst install` into the git-ignored .sst/ (about 300 MB, 35–65 s), so that
// runs only when they are missing; the env vars keep the SST CLI from fetching Pulumi, Bun and telemetry.
// tsconfig.sst.json omits the root's noUncheckedIndexedAccess and verbatimModuleSyntax because the platform
// ships .ts sources that tsc checks despite skipLibCheck. It does turn on exactOptionalPropertyTypes,
// noUnusedLocals and noUnusedParameters for our files: the platform's sources fail those (about 300
// diagnostics, none ours), so diagnostics inside .sst/ are counted and left out, every other one fails the
// check (a misuse of a platform type is reported at our call site, not in .sst/). It adds the DOM library because the
// deploy imports the app's config validation (@smx/sources), which uses web-standard URL, Headers and
// TextDecoder, and the platform's own Node types disagree with them otherwise.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { installWorkspace, run } from "./bootstrap.mjs";

installWorkspace();

if (!existsSync(".sst/platform/config.d.ts")) {
  console.log("== sst install (platform types)");
  const status = run("node_modules/.bin/sst", ["install"], {
    env: {
      ...process.env,
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_NO_BUN: "1",
      SST_TELEMETRY_DISABLED: "1",
      SST_STAGE: "ci",
    },
  });
  if (status !== 0) {
    console.error("sst install failed (exit %d); .sst/platform/config.d.ts is needed to type-check", status);
    process.exit(status);
  }
}

console.log("== type-check sst.config.ts + infra (tsconfig.sst.json)");
const tsc = spawnSync("node_modules/.bin/tsc", ["-p", "tsconfig.sst.json", "--pretty", "false"], {
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
if (tsc.error) throw tsc.error;
// One diagnostic: a line starting with its file, then indented continuation lines.
const diagnostics = `${tsc.stdout}${tsc.stderr}`.split(/\n(?=\S)/).filter((text) => text.trim() !== "");
const platform = diagnostics.filter((text) => text.startsWith(".sst/"));
const ours = diagnostics.filter((text) => !text.startsWith(".sst/"));
if (platform.length > 0)
  console.log(`(${platform.length} diagnostics in SST's own platform sources left out)`);
for (const text of ours) console.error(text);
if (ours.length > 0 || (tsc.status !== 0 && diagnostics.length === 0)) {
  console.error("sst type-check failed");
  process.exit(tsc.status || 1);
}

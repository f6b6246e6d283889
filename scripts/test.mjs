// `npm test`: installs the workspace, runs every test once (vitest), and ends with the plain summary
// line `N passed, N failed` that CI reads. Extra arguments go to vitest (e.g. a file filter, or
// `--project unit` for the tests that need no Java; see vitest.config.ts).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installWorkspace, requireJava, run } from "./bootstrap.mjs";

installWorkspace();
const args = process.argv.slice(2);
// Only the `integration` project starts DynamoDB Local; a run of other projects alone needs no Java.
if (projectsAsked(args).some((project) => project === "integration" || project.includes("*"))) requireJava();

// One file per run, so runs that overlap (several terminals) do not read each other's results.
const resultsFile = join(tmpdir(), `smx-vitest-${process.pid}.json`);
const status = run("node_modules/.bin/vitest", [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${resultsFile}`,
  ...args,
]);

let summary = "0 passed, 0 failed";
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  // A file that fails to load, or whose setup hook fails (its tests then show as skipped), has no failed
  // test but must still fail the run: it counts as one failure.
  const brokenFiles = results.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  // Vitest also fails a run for an error no test owns (an unhandled rejection); the report has no test for it,
  // so it counts as one failure too.
  const failed = results.numFailedTests + brokenFiles;
  summary = `${results.numPassedTests} passed, ${failed === 0 && status !== 0 ? 1 : failed} failed`;
  if (results.numPendingTests + results.numTodoTests > 0)
    summary += `, ${results.numPendingTests + results.numTodoTests} skipped`;
} else if (status !== 0) {
  summary = "0 passed, 1 failed";
}
rmSync(resultsFile, { force: true });
writeFileSync(".test-summary", `${summary}\n`);
console.log(summary);
process.exit(status);

/** The `--project` values among vitest's arguments; `["*"]` when none is given (every project runs). */
function projectsAsked(argv) {
  const projects = argv.flatMap((arg, i) => {
    if (arg.startsWith("--project=")) return [arg.slice("--project=".length)];
    if (arg === "--project" && argv[i + 1] !== undefined) return [argv[i + 1]];
    return [];
  });
  return projects.length > 0 ? projects : ["*"];
}

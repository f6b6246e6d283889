// `tsx packages/bench/scripts/profile-by-package.ts <profile.cpuprofile> <unminified bundle.mjs> [events]`:
// prints a container's CPU profile as self time by package (and per event when the event count is given).
// See docs/performance.md, "Profiling a contender".
import { selfTimeByPackage } from "../src/profile.ts";

const [profilePath, bundlePath, eventsArg] = process.argv.slice(2);
if (!profilePath || !bundlePath) {
  console.error("usage: profile-by-package.ts <profile.cpuprofile> <bundle.mjs> [events]");
  process.exit(2);
}
const events = eventsArg ? Number(eventsArg) : undefined;
const rows = selfTimeByPackage(profilePath, bundlePath);
const total = rows.reduce((sum, [, us]) => sum + us, 0);
for (const [name, us] of rows.slice(0, 30)) {
  const share = ((100 * us) / total).toFixed(1).padStart(5);
  const perEvent = events ? `  ${(us / events).toFixed(0).padStart(6)} µs/event` : "";
  console.log(`${share} %  ${(us / 1000).toFixed(0).padStart(7)} ms${perEvent}  ${name}`);
}

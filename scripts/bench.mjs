// `pnpm bench`: runs the benchmarks and prints their numbers (targets live here, never in timed tests).
import { existsSync, readdirSync } from "node:fs";
import { installWorkspace, requireJava, run } from "./bootstrap.mjs";

installWorkspace();
requireJava();
const benches = ["packages", "functions"].flatMap((top) =>
  readdirSync(top).flatMap((name) => {
    const dir = `${top}/${name}/bench`;
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".bench.ts"))
          .map((f) => `${dir}/${f}`)
      : [];
  }),
);
let failed = 0;
for (const file of benches) {
  console.log(`== ${file}`);
  failed += run("node_modules/.bin/tsx", [file]) === 0 ? 0 : 1;
}
process.exit(failed ? 1 : 0);

// `node scripts/check-dependencies.mjs [dir]` (part of `npm run check`): the layering of
// docs/architecture.md, checked on every import by dependency-cruiser (.dependency-cruiser.cjs) and on every
// package.json by the same table (scripts/dependency-layers.cjs): a package may declare as a dependency only
// the workspace packages its code may import. Checks `dir` (default: the working directory), so a test can
// run it on a deliberately wrong fixture.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const root = resolve(process.argv[2] ?? ".");
const { DIRS, LAYERS } = createRequire(import.meta.url)("./dependency-layers.cjs");

/** What is cruised: every package's code, tests and benches, and the infrastructure, scripts and root tests. */
function startingPoints() {
  const points = [];
  for (const group of ["packages", "functions"]) {
    if (!existsSync(join(root, group))) continue;
    for (const name of readdirSync(join(root, group))) {
      for (const folder of ["src", "test", "bench", "scripts"]) {
        if (existsSync(join(root, group, name, folder))) points.push(`${group}/${name}/${folder}`);
      }
    }
  }
  for (const other of ["infra", "scripts", "test", "sst.config.ts", "vitest.config.ts"]) {
    if (existsSync(join(root, other))) points.push(other);
  }
  return points;
}

/** Workspace dependencies a package.json declares that its layer does not allow (devDependencies are free). */
function manifestViolations() {
  const byPackageName = new Map();
  for (const [name, dir] of Object.entries(DIRS)) {
    const file = join(root, dir, "package.json");
    if (existsSync(file)) byPackageName.set(JSON.parse(readFileSync(file, "utf8")).name, name);
  }
  const violations = [];
  for (const [name, dir] of Object.entries(DIRS)) {
    const file = join(root, dir, "package.json");
    if (!existsSync(file)) continue;
    const declared = Object.keys(JSON.parse(readFileSync(file, "utf8")).dependencies ?? {});
    for (const dependency of declared) {
      const other = byPackageName.get(dependency);
      if (other === undefined || other === name || LAYERS[name].includes(other)) continue;
      violations.push(
        `  error manifest-${name}: ${dir}/package.json declares ${dependency}; ${name} may depend on ${LAYERS[name].join(", ") || "nothing of the workspace"}`,
      );
    }
  }
  return violations;
}

const cruise = spawnSync(
  join(repo, "node_modules/.bin/depcruise"),
  [
    "--config",
    join(repo, ".dependency-cruiser.cjs"),
    "--validate",
    "--output-type",
    "err",
    ...startingPoints(),
  ],
  { cwd: root, stdio: "inherit" },
);
if (cruise.error) throw cruise.error;

const manifests = manifestViolations();
for (const line of manifests) console.error(line);
if (manifests.length > 0)
  console.error(`x ${manifests.length} package.json dependencies break the layering.`);

process.exit(cruise.status !== 0 || manifests.length > 0 ? 1 : 0);

// `node scripts/check-dependencies.mjs [dir]` (part of `npm run check`): the layering of
// docs/architecture.md, checked on every import by dependency-cruiser (.dependency-cruiser.cjs, rules made
// from scripts/dependency-layers.cjs) and on every package.json by the same table:
// - manifest-<pkg>: a package declares as a dependency only the workspace packages its layer allows;
// - declared-<pkg>: it imports a workspace package only when its package.json declares it (its code in
//   `dependencies`, its tests and benches in either);
// - shipped-<pkg>: a workspace package in `dependencies` is imported by its shipped code (else: devDependencies);
// - one-aws-sdk-version: the lockfile holds one version of each @aws-sdk/* and @smithy/* package.
// Checks `dir` (default: the working directory), so a test can run it on a deliberately wrong fixture.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const root = resolve(process.argv[2] ?? ".");
const { DIRS, LAYERS, BENCH_ONLY } = createRequire(import.meta.url)("./dependency-layers.cjs");
const nothing = "nothing of the workspace";

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

function cruise() {
  const result = spawnSync(
    join(repo, "node_modules/.bin/depcruise"),
    ["--config", join(repo, ".dependency-cruiser.cjs"), "--output-type", "json", ...startingPoints()],
    { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.error) throw result.error;
  if (result.status !== 0 && !result.stdout.startsWith("{")) {
    process.stderr.write(result.stderr);
    process.exit(result.status ?? 1);
  }
  return JSON.parse(result.stdout);
}

/** Each workspace package's manifest, by its short name (the keys of DIRS). */
function manifests() {
  const found = new Map();
  for (const [name, dir] of Object.entries(DIRS)) {
    const file = join(root, dir, "package.json");
    if (existsSync(file)) found.set(name, JSON.parse(readFileSync(file, "utf8")));
  }
  return found;
}

function manifestViolations(byName) {
  const nameOf = new Map([...byName].map(([name, manifest]) => [manifest.name, name]));
  const violations = [];
  for (const [name, manifest] of byName) {
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const other = nameOf.get(dependency);
      if (other === undefined || other === name || LAYERS[name].includes(other)) continue;
      violations.push(
        `manifest-${name}: ${DIRS[name]}/package.json declares ${dependency}; ${name} may depend on ${LAYERS[name].join(", ") || nothing}`,
      );
    }
  }
  return violations;
}

/** The workspace package a repository path belongs to, if any. */
function packageOf(path) {
  return Object.entries(DIRS).find(([, dir]) => path.startsWith(`${dir}/`))?.[0];
}

function undeclaredImports(graph, byName) {
  const violations = new Set();
  /** Workspace packages each package's shipped code imports. */
  const shippedImports = new Map([...byName.keys()].map((name) => [name, new Set()]));
  for (const module of graph.modules) {
    const from = packageOf(module.source);
    const manifest = from && byName.get(from);
    if (!manifest) continue;
    const shipped =
      module.source.startsWith(`${DIRS[from]}/src/`) &&
      !module.source.includes("/src/testing/") &&
      !BENCH_ONLY.includes(from);
    const declared = { ...manifest.dependencies, ...(shipped ? {} : manifest.devDependencies) };
    for (const dependency of module.dependencies) {
      const to = packageOf(dependency.resolved);
      if (!to || to === from || !byName.has(to)) continue;
      if (shipped) shippedImports.get(from).add(byName.get(to).name);
      if (byName.get(to).name in declared) continue;
      const where = shipped ? "dependencies" : "dependencies or devDependencies";
      violations.add(`declared-${from}: ${module.source} → ${byName.get(to).name}, not in its ${where}`);
    }
  }
  const workspaceNames = new Set([...byName.values()].map((manifest) => manifest.name));
  for (const [name, manifest] of byName) {
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (!workspaceNames.has(dependency) || shippedImports.get(name).has(dependency)) continue;
      violations.add(
        `shipped-${name}: ${DIRS[name]}/package.json lists ${dependency} in dependencies, but its shipped code never imports it (a devDependency, or remove it)`,
      );
    }
  }
  return [...violations];
}

/** More than one version of an AWS SDK package in the lockfile: two copies in the bundle, drifting behaviour. */
function sdkVersionViolations() {
  const lockfile = join(root, "pnpm-lock.yaml");
  if (!existsSync(lockfile)) return [];
  const section = readFileSync(lockfile, "utf8").split(/^snapshots:$/m)[0];
  const versions = new Map();
  for (const [, name, version] of section.matchAll(
    /^ {2}'?(@(?:aws-sdk|smithy)\/[\w.-]+)@([\w.+-]+)'?:$/gm,
  )) {
    versions.set(name, [...(versions.get(name) ?? []), version]);
  }
  return [...versions]
    .filter(([, found]) => found.length > 1)
    .map(([name, found]) => `one-aws-sdk-version: pnpm-lock.yaml holds ${name} at ${found.join(", ")}`);
}

const graph = cruise();
const byName = manifests();
const violations = [
  ...graph.summary.violations.map(
    (violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`,
  ),
  ...manifestViolations(byName),
  ...undeclaredImports(graph, byName),
  ...sdkVersionViolations(),
];
for (const violation of violations) console.error(`  error ${violation}`);
if (violations.length > 0) {
  console.error(
    `\nx ${violations.length} dependency rule violations (docs/architecture.md, "Rules the build checks").`,
  );
  process.exit(1);
}
console.log(
  `no dependency violations found (${graph.summary.totalCruised} modules, ${graph.summary.totalDependenciesCruised} dependencies cruised; package.json files and the lockfile checked)`,
);

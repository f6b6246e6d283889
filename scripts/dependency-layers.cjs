// The layering docs/architecture.md draws, as one table and the dependency-cruiser rules made from it.
// `npm run check` enforces both (scripts/check-dependencies.mjs): the rules on every import (through
// .dependency-cruiser.cjs), the table on every package.json. A rule's name is what a failure prints;
// docs/architecture.md ("Rules the build checks") lists them.
//
// Packages are consumed as TypeScript source under their workspace names: `@smx/core` resolves through the
// symlink in node_modules and its package.json "exports" to packages/core/src/index.ts, so every rule below
// speaks in repository paths.

/** Where each workspace package lives. */
const DIRS = {
  salesmania: "packages/salesmania",
  sandbox: "packages/sandbox",
  core: "packages/core",
  sources: "packages/sources",
  aws: "packages/aws",
  calendar: "packages/calendar",
  jobs: "packages/jobs",
  intake: "packages/intake",
  console: "packages/console",
  runtime: "packages/runtime",
  cli: "packages/cli",
  local: "packages/local",
  bench: "packages/bench",
  webhooks: "functions/webhooks",
  scheduled: "functions/scheduled",
};

/** Benchmark-only packages, never deployed: all of their code follows the test rule. */
const BENCH_ONLY = ["bench"];

/**
 * What each package's own code (src/) may import from the workspace, besides itself: functions / local / cli
 * → (intake →) runtime → sources / aws → core → salesmania. The sandbox is a second reading of the contract
 * and the client the first, so neither imports anything of ours; the CLI never loads the dev stack.
 */
const LAYERS = {
  salesmania: [],
  sandbox: [],
  core: ["salesmania"],
  sources: ["core", "salesmania"],
  aws: ["core", "salesmania"],
  calendar: ["core", "salesmania"],
  jobs: ["calendar", "core", "salesmania"],
  intake: ["core", "sources"],
  runtime: ["aws", "calendar", "core", "jobs", "salesmania", "sources"],
  console: ["core", "intake", "runtime", "sources"],
  webhooks: ["aws", "console", "core", "intake", "runtime", "salesmania", "sources"],
  scheduled: ["aws", "core", "jobs", "runtime", "salesmania"],
  cli: ["aws", "core", "intake", "jobs", "runtime", "salesmania", "sources"],
  local: ["aws", "core", "jobs", "runtime", "sandbox", "scheduled", "sources", "webhooks"],
  bench: [],
};

/**
 * What a package's tests and benches may import on top of its layer: the sandbox (SalesMania over real HTTP)
 * everywhere but in the sandbox and the client's own layer-free peers; the composition root and adapters where
 * the tests run the real thing. The bench package is benchmark-only and measures the deployed bundle.
 */
const TEST_EXTRAS = {
  salesmania: ["sandbox"],
  sandbox: [],
  core: ["sandbox"],
  // The JSON Schema generator and its test read the scheduled sections' schemas (never the app's code).
  sources: ["calendar", "jobs", "sandbox"],
  aws: ["sandbox"],
  calendar: ["sandbox"],
  jobs: ["aws", "sandbox"],
  intake: ["runtime", "sandbox"],
  console: [],
  runtime: ["sandbox"],
  webhooks: ["sandbox", "scheduled"],
  scheduled: ["sandbox"],
  cli: ["local", "sandbox"],
  local: [],
  bench: ["aws", "core", "intake", "runtime", "sandbox", "webhooks"],
};

/** Packages whose test support (test/support, exported as `…/testing/*`) others' tests and benches may use. */
const TEST_SUPPORT = ["local", "webhooks"];

/** SDKs and frameworks the core never sees: it defines ports, the adapters and functions bring these. */
const PLATFORM_MODULES = "(^|/node_modules/)(@aws-sdk|@smithy|@aws-lambda-powertools|hono|@hono)(/|$)";

const alternatives = (names) => names.map((name) => DIRS[name]).join("|");
const ownCode = (name) => `^${DIRS[name]}/src/`;
const testCode = (name) => `^${DIRS[name]}/(test|bench|scripts)/`;

function layerRule(name) {
  return {
    name: `layer-${name}`,
    comment: `${DIRS[name]}/src may import only ${LAYERS[name].join(", ") || "nothing of the workspace"}`,
    severity: "error",
    // src/testing is test support shipped with the package (`@smx/x/testing`): it follows the test rule.
    from: { path: ownCode(name), pathNot: `^${DIRS[name]}/src/testing/` },
    to: {
      path: "^(packages|functions)/",
      // Its own package (src, data such as seeds) but not its own tests; the layers below, src only.
      pathNot: `^${DIRS[name]}/(?!test/|bench/)|^(${alternatives(LAYERS[name])})/src/`,
    },
  };
}

function testRule(name) {
  const allowed = [name, ...LAYERS[name], ...TEST_EXTRAS[name]];
  const support = allowed.filter((other) => TEST_SUPPORT.includes(other) && other !== name);
  const supportPaths = support.length > 0 ? `|^(${alternatives(support)})/test/support` : "";
  return {
    name: `tests-${name}`,
    comment: `${DIRS[name]}'s tests and benches may import ${allowed.join(", ")}`,
    severity: "error",
    from: {
      path: BENCH_ONLY.includes(name) ? `^${DIRS[name]}/` : `${testCode(name)}|^${DIRS[name]}/src/testing/`,
    },
    to: {
      path: "^(packages|functions)/",
      pathNot: `^(${DIRS[name]})/|^(${alternatives(allowed)})/src/${supportPaths}`,
    },
  };
}

const names = Object.keys(DIRS);

module.exports = {
  DIRS,
  LAYERS,
  TEST_EXTRAS,
  BENCH_ONLY,
  forbidden: [
    ...names.filter((name) => !BENCH_ONLY.includes(name)).map(layerRule),
    ...names.map(testRule),
    {
      name: "core-no-aws-or-hono",
      comment:
        "core defines ports and rules: no AWS SDK, Powertools or Hono (the adapters and functions bring them)",
      severity: "error",
      from: { path: "^packages/core/" },
      to: { path: PLATFORM_MODULES },
    },
    {
      name: "functions-no-local-target",
      comment: "a deployed function never loads @smx/runtime/local (the local stack's settings)",
      severity: "error",
      from: { path: "^functions/[^/]+/src/" },
      to: { path: "^packages/runtime/src/local/" },
    },
    {
      name: "src-no-dev-dependencies",
      comment: "code that ships imports only its package's dependencies, never its devDependencies",
      severity: "error",
      from: {
        path: "^(packages|functions)/[^/]+/src/",
        pathNot: "^(packages|functions)/[^/]+/src/testing/|^packages/bench/",
      },
      // With the root's package.json combined in, a package both declare counts as both: `npm` wins.
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["npm"] },
    },
    {
      name: "declared-dependencies-only",
      comment: "every imported npm package is declared in the importing package's package.json",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "resolvable",
      comment: "every import resolves (otherwise no rule above could see where it points)",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
};

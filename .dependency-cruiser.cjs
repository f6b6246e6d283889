// dependency-cruiser's configuration: the rules come from scripts/dependency-layers.cjs (the layering as one
// table); the options make it resolve the workspace's packages the way vitest, tsx and esbuild do.
const { forbidden } = require("./scripts/dependency-layers.cjs");

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: "node_modules" },
    // A package.json plus the root one: vitest, tsx and the type packages are declared once at the root.
    combinedDependencies: true,
    exclude: {
      path: "(^|/)node_modules/\\.bin/|^(packages|functions)/[^/]+/node_modules/|(^|/)\\.sst/|^\\.local/",
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".mts", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};

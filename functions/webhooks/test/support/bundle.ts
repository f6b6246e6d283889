// What SST deploys: each handler bundled by esbuild as ESM for Node. One definition of those options for the
// bundle test and for `pnpm bench` (which bundles its contenders the same way and reads the metafile).
import { build, type Metafile } from "esbuild";

/**
 * Bundles `entryPoints` (name → source file) into `outdir` as `<name>.mjs`; returns esbuild's metafile.
 * `minify: false` keeps names and esbuild's per-module comments, so a CPU profile can be read by package.
 */
export async function bundleHandlers(
  entryPoints: Record<string, string>,
  outdir: string,
  options: { minify?: boolean } = {},
): Promise<Metafile> {
  const result = await build({
    entryPoints,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    mainFields: ["module", "main"],
    // SST's `nodejs.minify` defaults to true and infra/ keeps the default.
    minify: options.minify ?? true,
    // As SST does for ESM bundles: CommonJS dependencies may still call require().
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    },
    metafile: true,
    logLevel: "silent",
  });
  return result.metafile;
}

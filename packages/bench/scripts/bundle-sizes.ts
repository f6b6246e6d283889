// `tsx packages/bench/scripts/bundle-sizes.ts`: every contender's bundle size and its largest packages
// (esbuild metafile) in a few seconds, without the side-by-side run. docs/performance.md quotes it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleAll, bundleSize } from "../src/bundles.ts";
import { bundleTable } from "../src/report.ts";

const outdir = mkdtempSync(join(tmpdir(), "smx-bundle-sizes-"));
try {
  const bundles = await bundleAll(outdir);
  console.log(
    bundleTable({
      ours: bundleSize(bundles, "ours", Number(process.env.SMX_BENCH_TOP ?? 10)),
      baseline: bundleSize(bundles, "baseline", 10),
      "bare-hono": bundleSize(bundles, "bare-hono", 10),
    }),
  );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

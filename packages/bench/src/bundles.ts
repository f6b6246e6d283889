// Bundles every contender (and the container driver) with the esbuild options SST uses for our functions,
// and reads the metafile: each bundle's size and its largest packages.
import { statSync } from "node:fs";
import { basename, join } from "node:path";
import { bundleHandlers } from "@smx/webhooks/testing/bundle.ts";
import type { Metafile } from "esbuild";

const root = join(import.meta.dirname, "../../..");
const here = import.meta.dirname;

export const CONTENDERS = {
  ours: join(root, "functions/webhooks/src/lambda.ts"),
  baseline: join(here, "contenders/baseline.ts"),
  floor: join(here, "contenders/floor.ts"),
  "bare-hono": join(here, "contenders/bare-hono.ts"),
} as const;
export type ContenderName = keyof typeof CONTENDERS;

export interface Bundles {
  /** Path of each contender's bundle, and of the container driver. */
  files: Record<ContenderName | "container", string>;
  metafile: Metafile;
}

export async function bundleAll(outdir: string, options: { minify?: boolean } = {}): Promise<Bundles> {
  const entryPoints = { ...CONTENDERS, container: join(here, "container.ts") };
  const metafile = await bundleHandlers(entryPoints, outdir, options);
  const files = Object.fromEntries(
    [...Object.keys(CONTENDERS), "container"].map((name) => [name, join(outdir, `${name}.mjs`)]),
  ) as Bundles["files"];
  return { files, metafile };
}

export interface BundleSize {
  bytes: number;
  /** Largest packages (node_modules name, or the workspace package for our sources) by bytes in the output. */
  largest: { name: string; bytes: number; share: number }[];
}

/** Which package a metafile input belongs to: `@smithy/core`, `libphonenumber-js`, `packages/core`… */
export function packageOf(input: string): string {
  const modules = input.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const parts = input.slice(modules + "node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const local = /(packages|functions)\/[^/]+/.exec(input);
  return local ? local[0] : input;
}

export function bundleSize(bundles: Bundles, name: ContenderName, top = 6): BundleSize {
  const file = bundles.files[name];
  const output = Object.entries(bundles.metafile.outputs).find(([path]) => basename(path) === basename(file));
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.[1].inputs ?? {})) {
    const name = packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const bytes = statSync(file).size;
  const largest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, size]) => ({ name, bytes: size, share: size / bytes }));
  return { bytes, largest };
}

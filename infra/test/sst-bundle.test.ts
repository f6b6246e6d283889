// sst.config.ts as SST runs it: SST bundles the config and everything it imports with esbuild into one ES
// module (only @pulumi/*, @aws-sdk/* and a few tools left external) and prefixes every file outside .sst with
// imports of the provider namespaces. The deploy now imports the app's config validation (@smx/sources, in
// TypeScript) from the workspace, so this builds the program the same way and runs the bundle against the
// recording fakes: the validation must survive bundling, and no imported file may clash with the injected names.
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DeployConfigError } from "../deploy-error.ts";
import { deploy, only, ROOT, refusedDeploy } from "./support/sst-fakes.ts";

/** SST's options for the deploy program (pkg/js/js.go in the SST repository). */
const SST_BUILD: BuildOptions = {
  entryPoints: [join(ROOT, "sst.config.ts")],
  bundle: true,
  format: "esm",
  platform: "node",
  mainFields: ["module", "main"],
  external: [
    "@pulumi/*",
    "undici",
    "@pulumiverse/*",
    "@sst-provider/*",
    "@aws-sdk/*",
    "esbuild",
    "archiver",
    "glob",
    "vite",
  ],
  banner: {
    js: "import { createRequire as topLevelCreateRequire } from 'module';\nconst require = topLevelCreateRequire(import.meta.url);",
  },
  logLevel: "silent",
};

/** SST's InjectGlobals: the provider namespaces imported at the top of every file not under .sst. */
const injectGlobals: Plugin = {
  name: "inject-globals",
  setup(build) {
    build.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, async (args) => ({
      contents: `${args.path.includes(".sst") ? "" : 'import * as aws from "@pulumi/aws";\nimport * as sst from "@pulumi/sst-components";\n'}${await readFile(args.path, "utf8")}`,
      loader: "default",
    }));
  },
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("the deploy program as SST bundles it", () => {
  it("builds with the provider namespaces injected into every imported file", async () => {
    const result = await build({ ...SST_BUILD, plugins: [injectGlobals], write: false, outdir: "out" });
    expect(result.errors).toEqual([]);
  });

  it("runs from the bundle: validates the configuration with the app's loader and deploys a valid one", async () => {
    const program = join(mkdtempSync(join(tmpdir(), "smx-sst-bundle-")), "sst.config.mjs");
    await build({ ...SST_BUILD, outfile: program });
    const { created } = await deploy("prod", { program });
    expect(only(created, "sst.aws.ApiGatewayV2").name).toBe("Api");
    const { error } = await refusedDeploy("prod", {
      program,
      config: join(ROOT, "examples/smx.config.json"),
    });
    expect(error.name).toBe(DeployConfigError.name);
    expect(error.message).toContain(
      "connections[0].baseUrl: http://localhost:3001 points at a local-only host name",
    );
  });
});

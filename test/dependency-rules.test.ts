// The dependency rules of `npm run check` (scripts/check-dependencies.mjs) can fail: a fixture with
// deliberately wrong imports and a wrong package.json is refused, each by the rule it breaks; the real tree
// passes.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));
/** A cruise of the whole tree takes about 10 s alone; on a busy machine several times that. Not a measure. */
const CRUISE_TIMEOUT_MS = 180_000;

function checkDependencies(dir: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(repo, "scripts/check-dependencies.mjs"), dir], {
    cwd: dir,
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function write(root: string, path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const manifest = (name: string, dependencies: Record<string, string> = {}) =>
  JSON.stringify({ name, type: "module", exports: { ".": "./src/index.ts" }, dependencies });

describe("the dependency rules", () => {
  let fixture: string;
  let wrong: { status: number | null; output: string };

  beforeAll(() => {
    fixture = mkdtempSync(join(tmpdir(), "smx-dependency-rules-"));
    cpSync(join(repo, "tsconfig.json"), join(fixture, "tsconfig.json"));
    const writePackage = (dir: string, name: string, index: string, dependencies = {}) => {
      write(fixture, `${dir}/package.json`, manifest(name, dependencies));
      write(fixture, `${dir}/src/index.ts`, index);
    };
    writePackage(
      "packages/core",
      "@smx/core",
      'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nimport { Hono } from "hono";\nexport const wrong = [DynamoDBClient, Hono];\n',
      { "@aws-sdk/client-dynamodb": "1.0.0" },
    );
    writePackage(
      "packages/salesmania",
      "@smx/salesmania",
      'import { wrong } from "../../core/src/index.ts";\nexport const alsoWrong = wrong;\n',
    );
    writePackage("packages/runtime", "@smx/runtime", "export const runtime = 1;\n");
    write(fixture, "packages/runtime/src/local/index.ts", "export const localTarget = 1;\n");
    writePackage(
      "functions/webhooks",
      "@smx/webhooks",
      'import { localTarget } from "../../../packages/runtime/src/local/index.ts";\nexport const handler = localTarget;\n',
    );
    writePackage("packages/local", "@smx/local", "export const stack = 1;\n");
    writePackage("packages/cli", "@smx/cli", "export const cli = 1;\n", { "@smx/local": "workspace:*" });
    write(
      fixture,
      "pnpm-lock.yaml",
      "lockfileVersion: '9.0'\n\npackages:\n\n  '@smithy/core@3.38.0':\n    resolution: {}\n\n  '@smithy/core@3.40.0':\n    resolution: {}\n\nsnapshots:\n",
    );
    wrong = checkDependencies(fixture);
  }, CRUISE_TIMEOUT_MS);

  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it("refuse the fixture's wrong imports and declarations", () => {
    expect(wrong.status).toBe(1);
  });

  it.each([
    [
      "core importing the AWS SDK",
      "core-no-aws-or-hono: packages/core/src/index.ts → @aws-sdk/client-dynamodb",
    ],
    ["core importing Hono", "core-no-aws-or-hono: packages/core/src/index.ts → hono"],
    [
      "salesmania importing core",
      "layer-salesmania: packages/salesmania/src/index.ts → packages/core/src/index.ts",
    ],
    ["a function loading the local target", "functions-no-local-target: functions/webhooks/src/index.ts"],
    ["the CLI declaring the local stack", "manifest-cli: packages/cli/package.json declares @smx/local"],
    ["a dependency only for show", "shipped-cli: packages/cli/package.json lists @smx/local in dependencies"],
    ["an undeclared workspace import", "declared-salesmania: packages/salesmania/src/index.ts → @smx/core"],
    ["two AWS SDK versions", "one-aws-sdk-version: pnpm-lock.yaml holds @smithy/core at 3.38.0, 3.40.0"],
  ])("name the rule for %s", (_, expected) => {
    expect(wrong.output).toContain(expected);
  });

  it("pass the real tree", { timeout: CRUISE_TIMEOUT_MS }, () => {
    const real = checkDependencies(repo);
    expect(real.output).toContain("no dependency violations found");
    expect(real.status).toBe(0);
  });
});

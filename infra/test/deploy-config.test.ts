// The deploy-time reader of the hooks configuration: which file, which secret refs, and errors that name the
// bad key. Real files in a temporary project root.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DeployConfigError, readDeployConfig, secretResourceName } from "../deploy-config.ts";

function project(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), "smx-deploy-config-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const config = (connectionSecret: string, hookSecrets: string[]) => ({
  connections: [{ id: "demo", secret: connectionSecret }],
  hooks: [{ id: "zapier-visits", auth: { scheme: "api-key", secrets: hookSecrets } }],
});

describe("readDeployConfig", () => {
  it("prefers SMX_CONFIG, then smx.config.json, and never falls back to the shipped example", () => {
    const root = project({
      "custom/prod.json": config("prod-demo", ["prod-key"]),
      "smx.config.json": config("own-demo", ["own-key"]),
      "examples/smx.config.json": config("example-demo", ["example-key"]),
    });
    expect(readDeployConfig(root, { SMX_CONFIG: "custom/prod.json" })).toEqual({
      path: "custom/prod.json",
      connectionSecrets: ["prod-demo"],
      signingSecrets: ["prod-key"],
    });
    expect(readDeployConfig(root, { SMX_CONFIG: join(root, "custom/prod.json") }).path).toBe(
      "custom/prod.json",
    );
    expect(readDeployConfig(root, {}).path).toBe("smx.config.json");
    expect(() => readDeployConfig(project({ "examples/smx.config.json": config("d", ["k"]) }), {})).toThrow(
      DeployConfigError,
    );
  });

  it("refuses a missing SMX_CONFIG file instead of falling back, and a project without any config", () => {
    const root = project({ "smx.config.json": config("demo", ["key"]) });
    expect(() => readDeployConfig(root, { SMX_CONFIG: "nope.json" })).toThrow(
      new DeployConfigError('SMX_CONFIG: expected a readable file, got "nope.json" which does not exist'),
    );
    expect(() => readDeployConfig(project({}), {})).toThrow(
      /expected smx\.config\.json at the project root or a file named by SMX_CONFIG/,
    );
  });

  it("lists each secret ref once, signing keys of all hooks together", () => {
    const root = project({
      "smx.config.json": {
        connections: [
          { id: "a", secret: "salesmania-a" },
          { id: "b", secret: "salesmania-a" },
          { id: "c", secret: "arn:aws:secretsmanager:ap-southeast-3:1:secret:x-AbCdEf" },
        ],
        hooks: [
          { auth: { scheme: "api-key", secrets: ["key-1", "key-2"] } },
          { auth: { scheme: "signature", secrets: ["key-2", "tally/signing"] } },
        ],
      },
    });
    expect(readDeployConfig(root, {})).toEqual({
      path: "smx.config.json",
      connectionSecrets: ["salesmania-a", "arn:aws:secretsmanager:ap-southeast-3:1:secret:x-AbCdEf"],
      signingSecrets: ["key-1", "key-2", "tally/signing"],
    });
  });

  it.each([
    ["not json", "{", /^smx\.config\.json: expected JSON, /],
    ["no connections", { hooks: [] }, "smx.config.json: connections: expected an array, got undefined"],
    [
      "a connection without a secret",
      { connections: [{ id: "a" }], hooks: [] },
      "smx.config.json: connections[0].secret: expected a Secrets Manager secret name",
    ],
    [
      "a hook without auth",
      { connections: [], hooks: [{ id: "h" }] },
      "smx.config.json: hooks[0].auth: expected an object, got undefined",
    ],
    [
      "a secret name Secrets Manager refuses",
      { connections: [], hooks: [{ auth: { secrets: ["ok", "has space"] } }] },
      'smx.config.json: hooks[0].auth.secrets[1]: expected a Secrets Manager secret name (1–512 of A–Z a–z 0–9 / _ + = . @ -) or ARN, got "has space"',
    ],
    [
      "two refs that would share one resource name",
      { connections: [{ secret: "zapier-key" }], hooks: [{ auth: { secrets: ["zapier_key"] } }] },
      'secret refs "zapier-key" and "zapier_key" both become resource SecretZapierKey',
    ],
  ])("names the key at fault: %s", (_, content, message) => {
    const root = project({ "smx.config.json": content });
    expect(() => readDeployConfig(root, {})).toThrow(DeployConfigError);
    expect(() => readDeployConfig(root, {})).toThrow(message);
  });

  it("accepts the shipped example configuration", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const example = readDeployConfig(root, { SMX_CONFIG: "examples/smx.config.json" });
    expect(example.path).toBe("examples/smx.config.json");
    expect(example.connectionSecrets).toEqual(["salesmania-demo"]);
    expect(example.signingSecrets.length).toBeGreaterThan(0);
  });

  it("derives resource names from the ref, not its position", () => {
    expect(secretResourceName("salesmania-demo")).toBe("SecretSalesmaniaDemo");
    expect(secretResourceName("typeform/signing.v2")).toBe("SecretTypeformSigningV2");
  });
});

// The deploy-time reader of the hooks configuration: which file, validated by the app's own loader, which
// secret refs, and errors that name the bad key. Real files in a temporary project root.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDeployConfig, secretResourceName } from "../deploy-config.ts";
import { DeployConfigError } from "../deploy-error.ts";
import { EXTERNAL_SECRET, ROOT, testConfig } from "./support/sst-fakes.ts";

function project(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), "smx-deploy-config-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

/** One connection and one hook of the valid test configuration, with these secret refs. */
function config(connectionSecret: string, hookSecrets: string[], connectionId = "demo") {
  const hook = testConfig().hooks[0] as { auth: Record<string, unknown> };
  return {
    connections: [{ id: connectionId, secret: connectionSecret }],
    hooks: [{ ...hook, connection: connectionId, auth: { ...hook.auth, secrets: hookSecrets } }],
  };
}

/** What readDeployConfig refuses, as its message. */
function refusal(files: Record<string, unknown>): string {
  try {
    readDeployConfig(project(files), {});
  } catch (error) {
    expect(error).toBeInstanceOf(DeployConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("readDeployConfig", () => {
  it("prefers SMX_CONFIG, then smx.config.json, and never falls back to the shipped example", () => {
    const root = project({
      "custom/prod.json": config("prod-demo", ["prod-key"]),
      "smx.config.json": config("own-demo", ["own-key"]),
      "examples/smx.config.json": config("example-demo", ["example-key"]),
    });
    expect(readDeployConfig(root, { SMX_CONFIG: "custom/prod.json" })).toMatchObject({
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
      new DeployConfigError("SMX_CONFIG", ['expected a readable file, got "nope.json" which does not exist']),
    );
    expect(() => readDeployConfig(project({}), {})).toThrow(
      /expected smx\.config\.json at the project root or a file named by SMX_CONFIG/,
    );
  });

  it("returns the configuration as the app reads it, with each secret ref listed once", () => {
    const { config: parsed, ...refs } = readDeployConfig(project({ "smx.config.json": testConfig() }), {});
    expect(refs).toEqual({
      path: "smx.config.json",
      connectionSecrets: ["salesmania-demo", EXTERNAL_SECRET],
      rotatedSecrets: [],
      loginSecrets: [],
      signingSecrets: ["zapier-key", "zapier-key-next", "typeform/signing"],
      feedSecrets: [],
      scheduled: { feeds: [], plans: [], jobs: [] },
    });
    // Defaults applied by the app's schema.
    expect(parsed.connections[0]).toMatchObject({
      baseUrl: "https://api.salesmania.id",
      rateLimitPerSecond: 5,
    });
    expect(parsed.hooks.map((hook) => hook.id)).toEqual(["zapier-visits", "make-orders", "typeform-visits"]);
  });

  it("lists a split connection's tokens secret for the functions and its login secret apart", () => {
    const split = testConfig({
      connections: [
        { id: "demo", secret: "demo-tokens", loginSecret: "demo-login" },
        { id: "erp", secret: EXTERNAL_SECRET },
      ],
    });
    const refs = readDeployConfig(project({ "smx.config.json": split }), {});
    expect(refs).toMatchObject({
      connectionSecrets: ["demo-tokens", EXTERNAL_SECRET],
      rotatedSecrets: ["demo-tokens"],
      loginSecrets: ["demo-login"],
    });
    // A login secret the functions would also read defeats the split.
    const shared = testConfig({
      connections: [
        { id: "demo", secret: "demo-tokens", loginSecret: "zapier-key" },
        { id: "erp", secret: EXTERNAL_SECRET },
      ],
    });
    expect(refusal({ "smx.config.json": shared })).toContain(
      'login secret "zapier-key" is also read by the functions',
    );
  });

  it("refuses feeds, plans and jobs the app would refuse, with their key paths", () => {
    const document = {
      ...testConfig(),
      jobs: [
        { id: "weekday", kind: "plan", plan: "missing", schedule: "0 18 * * 1" },
        { id: "nightly", kind: "plan", plan: "missing", schedule: "0 18 * * *" },
      ],
    };
    expect(() => readDeployConfig(project({ "smx.config.json": document }), {})).toThrow(
      /jobs\[0\]\.schedule: day-of-week[\s\S]*jobs\[1\]\.plan: no plan "missing"/,
    );
  });

  it("refuses what the app's own loader refuses, listing every problem by key path", () => {
    const broken = testConfig();
    const hooks = broken.hooks as Record<string, unknown>[];
    hooks[0] = { ...hooks[0], source: "zappier" };
    hooks[1] = { ...hooks[1], connection: "nope" };
    const message = refusal({ "smx.config.json": { ...broken, extra: true } });
    expect(message).toMatch(/^smx\.config\.json: /);
    expect(message).toContain("extra: unknown key");
    const valid = refusal({ "smx.config.json": broken });
    expect(valid).toMatch(/^smx\.config\.json: 2 problems\n/);
    expect(valid).toContain("  - hooks[0].source: ");
    expect(valid).toContain("  - hooks[1].connection: ");
    expect(refusal({ "smx.config.json": "{" })).toMatch(/^smx\.config\.json: line 1, column 2: invalid JSON/);
  });

  it.each([
    [
      "a secret name Secrets Manager refuses",
      config("demo", ["ok", "has space"]),
      'smx.config.json: hooks[0].auth.secrets[1]: expected a Secrets Manager secret name (1–512 of A–Z a–z 0–9 / _ + = . @ -) or ARN, got "has space"',
    ],
    [
      "two refs that would share one resource name",
      config("zapier-key", ["zapier_key"]),
      'smx.config.json: secret refs "zapier-key" and "zapier_key" both become resource SecretZapierKey; expected refs that differ in more than punctuation',
    ],
    [
      "a connection id that cannot name an alarm",
      config("demo", ["key"], "it's"),
      `smx.config.json: connections[0].id: expected 1–64 of A–Z a–z 0–9 _ . - (it names the connection's alarms), got "it's"`,
    ],
  ])("names the key at fault: %s", (_, content, message) => {
    expect(refusal({ "smx.config.json": content })).toBe(message);
  });

  it("accepts the shipped example configuration", () => {
    const example = readDeployConfig(ROOT, { SMX_CONFIG: "examples/smx.config.json" });
    expect(example.path).toBe("examples/smx.config.json");
    expect(example.connectionSecrets).toEqual(["salesmania-demo"]);
    expect(example.signingSecrets.length).toBeGreaterThan(0);
  });

  it("derives resource names from the ref, not its position", () => {
    expect(secretResourceName("salesmania-demo")).toBe("SecretSalesmaniaDemo");
    expect(secretResourceName("typeform/signing.v2")).toBe("SecretTypeformSigningV2");
  });
});

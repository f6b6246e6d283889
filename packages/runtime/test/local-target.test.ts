// The local target (@smx/runtime/local): the local stack's settings from its variables, and the runtime
// environment it (and the CLI pointed at it) builds from them.
import { join } from "node:path";
import { loadConfig } from "@smx/sources";
import { describe, expect, it } from "vitest";
import {
  DEV_ADMIN_API_KEY,
  LocalSettingsError,
  localRuntimeEnv,
  REPO_ROOT,
  readLocalSettings,
} from "../src/local/index.ts";

const EXAMPLE_CONFIG = join(REPO_ROOT, "examples", "smx.config.json");
const EXAMPLE_SECRETS = join(REPO_ROOT, "examples", "secrets.local.example.json");

describe("readLocalSettings", () => {
  it("defaults: ports 3000/4010/8000, table smx-local, the dev admin key, .local under the root", () => {
    const settings = readLocalSettings({}, "/repo");
    expect(settings).toMatchObject({
      ports: { webhooks: 3000, sandbox: 4010, dynamodb: 8000 },
      tableName: "smx-local",
      adminApiKey: DEV_ADMIN_API_KEY,
      stateDir: "/repo/.local",
    });
    expect(settings.salesmania).toBeUndefined();
  });

  it("SMX_PORT wins over PORT; examples are the fallback config and secrets", () => {
    const settings = readLocalSettings({ PORT: "8080", SMX_PORT: "9090" });
    expect(settings.ports.webhooks).toBe(9090);
    expect(readLocalSettings({ PORT: "8080" }).ports.webhooks).toBe(8080);
    expect([join(REPO_ROOT, "smx.config.json"), EXAMPLE_CONFIG]).toContain(settings.configFile);
    expect([join(REPO_ROOT, "secrets.local.json"), EXAMPLE_SECRETS]).toContain(settings.secretsFile);
  });

  it("names the variable and the value for a bad port", () => {
    expect(() => readLocalSettings({ SMX_SANDBOX_PORT: "http" })).toThrow(
      new LocalSettingsError("SMX_SANDBOX_PORT", 'expected a port number from 0 to 65535, got "http"'),
    );
  });

  it("needs the whole real account, names the missing variable and never echoes the password", () => {
    const attempt = () =>
      readLocalSettings({
        SMX_SALESMANIA_BASE_URL: "https://api.example.id",
        SMX_SALESMANIA_PASSWORD: "s3cr3t!",
      });
    expect(attempt).toThrow(LocalSettingsError);
    expect(attempt).toThrow(/SMX_SALESMANIA_USERNAME: is required/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain("s3cr3t!");
    }
    expect(() => readLocalSettings({ SMX_SALESMANIA_DATABASE_ID: "abc" })).toThrow(
      /SMX_SALESMANIA_DATABASE_ID: expected a positive whole number/,
    );
  });
});

describe("localRuntimeEnv", () => {
  it("points the first connection at the sandbox and uses local secrets", () => {
    const env = localRuntimeEnv(
      {
        configFile: EXAMPLE_CONFIG,
        secretsFile: EXAMPLE_SECRETS,
        tableName: "t1",
        dynamoEndpoint: "http://127.0.0.1:1",
        sandboxUrl: "http://127.0.0.1:4010",
      },
      { SMX_CONFIG: EXAMPLE_CONFIG, OTHER: "kept" },
    );
    expect(env).toMatchObject({ SMX_TABLE_NAME: "t1", SMX_SECRETS: "local", OTHER: "kept" });
    expect(env.SMX_CONFIG).toBeUndefined();
    const config = JSON.parse(env.SMX_CONFIG_JSON!);
    expect(config.connections[0].baseUrl).toBe("http://127.0.0.1:4010");
    expect(config.hooks).toHaveLength(loadConfig(EXAMPLE_CONFIG, {}).hooks.length);
  });

  it("passes a real account's credentials as SMX_SECRET_<ref>, not through a file", () => {
    const env = localRuntimeEnv(
      {
        configFile: EXAMPLE_CONFIG,
        secretsFile: EXAMPLE_SECRETS,
        tableName: "t1",
        dynamoEndpoint: "http://127.0.0.1:1",
        salesmania: { baseUrl: "https://real.example.id", username: "u", password: "p", databaseId: 7 },
      },
      {},
    );
    expect(JSON.parse(env.SMX_CONFIG_JSON!).connections[0].baseUrl).toBe("https://real.example.id");
    expect(JSON.parse(env.SMX_SECRET_SALESMANIA_DEMO!)).toEqual({
      username: "u",
      password: "p",
      databaseId: 7,
    });
  });
});

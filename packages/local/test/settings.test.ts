import { join } from "node:path";
import type { Runtime } from "@smx/runtime";
import { loadConfig } from "@smx/sources";
import { afterEach, describe, expect, it } from "vitest";
import { LocalSettingsError, SamplePayloadError, UnsignableHookError } from "../src/errors.ts";
import { type Scheduler, startScheduler } from "../src/jobs.ts";
import { curlCommand, hookRequest } from "../src/requests.ts";
import { localRuntimeEnv } from "../src/runtime-env.ts";
import { samplePayload } from "../src/samples.ts";
import { DEV_ADMIN_API_KEY, REPO_ROOT, readLocalSettings } from "../src/settings.ts";
import { EXAMPLE_CONFIG, EXAMPLE_SECRETS, silentLogger } from "./support.ts";

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

describe("hook requests", () => {
  const hooks = new Map(loadConfig(EXAMPLE_CONFIG, {}).hooks.map((hook) => [hook.id, hook]));
  const base = {
    baseUrl: "http://127.0.0.1:3000/",
    body: new Uint8Array([123, 125]),
    contentType: "application/json",
  };

  it("authenticates each generic scheme as its sender does", () => {
    expect(hookRequest(hooks.get("zapier-visits")!, { ...base, secret: "k" }).headers["x-api-key"]).toBe("k");
    expect(hookRequest(hooks.get("make-orders")!, { ...base, secret: "u:p" }).headers.authorization).toBe(
      `Basic ${Buffer.from("u:p").toString("base64")}`,
    );
    expect(hookRequest(hooks.get("html-form-visits")!, { ...base, secret: "t/1" }).url).toBe(
      "http://127.0.0.1:3000/hooks/html-form-visits?token=t%2F1",
    );
  });

  it("refuses to sign a signature hook whose source has no provider scheme", () => {
    const hook = { ...hooks.get("typeform-visit-request")!, source: "zapier" as const };
    expect(() => hookRequest(hook, { ...base, secret: "s" })).toThrow(UnsignableHookError);
  });

  it("quotes a curl for the shell", () => {
    const curl = curlCommand(
      { url: "http://x/hooks/a", headers: { "x-k": "it's" }, body: base.body },
      "/tmp/b.json",
    );
    expect(curl).toBe(
      `curl -i -X POST 'http://x/hooks/a' \\\n  -H 'x-k: it'\\''s' \\\n  --data-binary @'/tmp/b.json'`,
    );
  });

  it("finds sample payloads with their content type, and names the files it looked for", () => {
    expect(samplePayload("make").contentType).toBe("application/json");
    expect(samplePayload("zapier").contentType).toBe("application/x-www-form-urlencoded");
    expect(samplePayload("jotform").contentType).toMatch(
      /^multipart\/form-data; boundary=-+smxJotformBoundary/,
    );
    expect(() => samplePayload("nope")).toThrow(SamplePayloadError);
    expect(() => samplePayload("nope")).toThrow(/nope\.json or nope\.txt/);
  });
});

describe("the scheduler", () => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
  });

  it("runs each job again after it finishes, keeps a failing job scheduled, and stops", async () => {
    const runtime = {} as Runtime;
    const errors: unknown[] = [];
    const logger = {
      ...silentLogger,
      error: (_message: string, fields?: unknown) => void errors.push(fields),
    };
    let runs = 0;
    let failures = 0;
    let resolveEnough = () => {};
    const enough = new Promise<void>((resolve) => {
      resolveEnough = resolve;
    });
    scheduler = startScheduler(
      runtime,
      [
        {
          name: "probe",
          everyMs: 1,
          run: async (given) => {
            expect(given).toBe(runtime);
            if (++runs === 3) resolveEnough();
          },
        },
        {
          name: "broken",
          everyMs: 1,
          run: async () => {
            failures++;
            throw new Error("boom");
          },
        },
      ],
      logger,
    );
    await enough;
    await scheduler.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(after);
    expect(failures).toBeGreaterThan(0);
    expect(errors[0]).toEqual({ job: "broken", error: { name: "Error", message: "boom" } });
  });
});

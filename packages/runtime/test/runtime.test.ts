import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@smx/sources";
import { describe, expect, it } from "vitest";
import { createRuntime } from "../src/runtime.ts";

const connection = { id: "demo", secret: "salesmania-demo", timeZone: "Asia/Makassar" };
const hook = {
  id: "zapier-visits",
  source: "zapier",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "api-key", secrets: ["zapier-key"] },
};

function env(config: unknown, extra: Record<string, string> = {}) {
  return {
    SMX_TABLE_NAME: "smx-runtime-test",
    SMX_DYNAMODB_ENDPOINT: "http://127.0.0.1:1",
    SMX_CONFIG_JSON: JSON.stringify(config),
    SMX_SECRETS: "local",
    ...extra,
  };
}

describe("createRuntime", () => {
  it("indexes hooks by id and reads dates in the hook's zone, else its connection's", () => {
    const runtime = createRuntime(
      env({
        connections: [connection],
        hooks: [hook, { ...hook, id: "zapier-bali", timeZone: "Asia/Jayapura" }],
      }),
    );
    expect([...runtime.hooks.keys()]).toEqual(["zapier-visits", "zapier-bali"]);
    expect(runtime.timeZoneOf(runtime.hooks.get("zapier-visits")!)).toBe("Asia/Makassar");
    expect(runtime.timeZoneOf(runtime.hooks.get("zapier-bali")!)).toBe("Asia/Jayapura");
  });

  it("resolves local secrets from the variables it was given (SMX_SECRET_<REF>)", async () => {
    const runtime = createRuntime(
      env({ connections: [connection], hooks: [hook] }, { SMX_SECRET_ZAPIER_KEY: "from-variable" }),
    );
    expect(await runtime.secrets.getSecret("zapier-key")).toBe("from-variable");
  });

  it("fails at start with the configuration's bad key named", () => {
    const bad = () =>
      createRuntime(env({ connections: [connection], hooks: [{ ...hook, action: "DeleteVisit" }] }));
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/SMX_CONFIG_JSON[\s\S]*hooks\[0\]\.action/);
  });

  it("reads the configuration from the SMX_CONFIG file, naming a missing one", () => {
    const dir = mkdtempSync(join(tmpdir(), "smx-runtime-test-"));
    const file = join(dir, "smx.config.json");
    writeFileSync(file, JSON.stringify({ connections: [connection], hooks: [hook] }));
    const { SMX_CONFIG_JSON: _inline, ...fromFile } = env({});
    expect(createRuntime({ ...fromFile, SMX_CONFIG: file }).hooks.has("zapier-visits")).toBe(true);
    expect(() => createRuntime({ ...fromFile, SMX_CONFIG: join(dir, "missing.json") })).toThrow(
      /missing\.json/,
    );
  });

  it("refuses a retention shorter than a timestamp-less sender's resend window, naming the variable", () => {
    const tally = {
      ...hook,
      id: "tally-visits",
      source: "tally",
      auth: { scheme: "signature", secrets: ["t"] },
    };
    const config = { connections: [connection], hooks: [hook, tally] };
    expect(() => createRuntime(env(config, { SMX_RETENTION_DAYS: "1" }))).toThrow(
      /SMX_RETENTION_DAYS: is 1, but hook "tally-visits" \(tally\) may be resent for 32 h; keep records at least 2 days/,
    );
    expect(createRuntime(env(config, { SMX_RETENTION_DAYS: "2" })).pipeline.settings.retentionDays).toBe(2);
  });
});

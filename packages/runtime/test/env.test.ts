import { describe, expect, it } from "vitest";
import { parseRuntimeEnv } from "../src/env.ts";
import { RuntimeEnvError } from "../src/errors.ts";

const base = { SMX_TABLE_NAME: "smx-ledger", SMX_CONFIG: "smx.config.json" };

function failure(env: Record<string, string | undefined>): RuntimeEnvError {
  try {
    parseRuntimeEnv(env);
  } catch (error) {
    if (error instanceof RuntimeEnvError) return error;
    throw error;
  }
  throw new Error("expected parseRuntimeEnv to throw a RuntimeEnvError");
}

describe("parseRuntimeEnv", () => {
  it("applies defaults for everything optional", () => {
    expect(parseRuntimeEnv(base)).toEqual({
      SMX_TABLE_NAME: "smx-ledger",
      SMX_CONFIG: "smx.config.json",
      SMX_SECRETS: "aws",
      SMX_SECRETS_CACHE_SECONDS: 300,
      SMX_INLINE_BUDGET_MS: 8000,
      SMX_SERVICE_NAME: "smx",
      SMX_API_KEY_CACHE_SECONDS: 5,
    });
  });

  it("names a missing table name", () => {
    const error = failure({ SMX_CONFIG: "x.json" });
    expect(error.variable).toBe("SMX_TABLE_NAME");
    expect(error.message).toBe("environment variable SMX_TABLE_NAME: is required but not set");
  });

  it("treats an empty variable as unset", () => {
    expect(failure({ ...base, SMX_TABLE_NAME: "  " }).variable).toBe("SMX_TABLE_NAME");
  });

  it("names a bad value and quotes what arrived", () => {
    const error = failure({ ...base, SMX_SECRETS: "vault" });
    expect(error.variable).toBe("SMX_SECRETS");
    expect(error.message).toContain('must be "aws" or "local", got "vault"');
    expect(failure({ ...base, SMX_DYNAMODB_ENDPOINT: "localhost:8000" }).variable).toBe(
      "SMX_DYNAMODB_ENDPOINT",
    );
    expect(failure({ ...base, SMX_INLINE_BUDGET_MS: "8s" }).message).toContain("must be a whole number");
    expect(failure({ ...base, SMX_INLINE_BUDGET_MS: "60000" }).message).toContain("at most 25000");
  });

  it("requires exactly one configuration source", () => {
    expect(failure({ SMX_TABLE_NAME: "smx-ledger" }).message).toContain("SMX_CONFIG_JSON");
    expect(failure({ ...base, SMX_CONFIG_JSON: "{}" }).variable).toBe("SMX_CONFIG_JSON");
    expect(parseRuntimeEnv({ SMX_TABLE_NAME: "t-1", SMX_CONFIG_JSON: "{}" }).SMX_CONFIG_JSON).toBe("{}");
  });

  it("parses numbers and the local secrets file", () => {
    const env = parseRuntimeEnv({
      ...base,
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: ".local/secrets.json",
      SMX_INLINE_BUDGET_MS: "5000",
      SMX_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
    });
    expect(env).toMatchObject({
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: ".local/secrets.json",
      SMX_INLINE_BUDGET_MS: 5000,
      SMX_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
    });
  });
});

// The secrets check behind a cold start, the local stack, `smx config check` and `smx hooks list`: every
// ref resolved and its form checked for its scheme, without a value ever in a message.
import type { LogFields, Logger, SecretsProvider } from "@smx/core";
import { describe, expect, it } from "vitest";
import { createRuntime } from "../src/runtime.ts";
import { checkSecrets, reportSecretProblems } from "../src/secret-check.ts";

const WHSEC = `whsec_${Buffer.from("a-signing-key-of-24-bytes").toString("base64")}`;
const hook = (id: string, source: string, scheme: string, ref: string) => ({
  id,
  source,
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme, secrets: [ref] },
});
const config = {
  connections: [{ id: "demo", secret: "salesmania-demo" }],
  hooks: [
    hook("zapier-ok", "zapier", "api-key", "zapier-key"),
    hook("zapier-empty", "zapier", "api-key", "empty-key"),
    hook("zapier-unset", "zapier", "api-key", "nobody-set-this"),
    hook("make-basic", "make", "basic", "no-colon"),
    hook("erp-ok", "standard-webhooks", "signature", "erp-good"),
    hook("erp-plain", "standard-webhooks", "signature", "erp-plain"),
  ],
};
const secrets = {
  SMX_SECRET_SALESMANIA_DEMO: JSON.stringify({ username: "demo", password: "pw" }),
  SMX_SECRET_ZAPIER_KEY: "a-key",
  SMX_SECRET_EMPTY_KEY: " ",
  SMX_SECRET_NO_COLON: "justapassword",
  SMX_SECRET_ERP_GOOD: WHSEC,
  SMX_SECRET_ERP_PLAIN: "bXlzZWNyZXQ=",
};
const runtimeWith = (values: Record<string, string>) =>
  createRuntime({
    SMX_TABLE_NAME: "smx-secret-check",
    SMX_DYNAMODB_ENDPOINT: "http://127.0.0.1:1",
    SMX_CONFIG_JSON: JSON.stringify(config),
    SMX_SECRETS: "local",
    SMX_SECRETS_FILE: "/nonexistent/secrets.json",
    ...values,
  });

class LinesLogger implements Logger {
  constructor(readonly lines: { level: string; message: string; fields: LogFields }[] = []) {}
  private at =
    (level: string) =>
    (message: string, fields: LogFields = {}) => {
      this.lines.push({ level, message, fields });
    };
  debug = this.at("debug");
  info = this.at("info");
  warn = this.at("warn");
  error = this.at("error");
  child = () => this;
}

describe("checkSecrets", () => {
  it("names each unreadable or malformed secret by owner and ref, never by value", async () => {
    const checks = await checkSecrets(runtimeWith(secrets));
    const problems = Object.fromEntries(checks.map((c) => [`${c.owner} ${c.id}`, c.problem]));
    expect(problems).toEqual({
      "connection demo": undefined,
      "hook zapier-ok": undefined,
      "hook zapier-empty": 'secret "empty-key" is empty',
      "hook zapier-unset": expect.stringContaining('secret "nobody-set-this" was not found'),
      "hook make-basic": 'secret "no-colon" is not "user:password" (Basic auth)',
      "hook erp-ok": undefined,
      "hook erp-plain":
        'secret "erp-plain" is not a Standard Webhooks secret: expected "whsec_" followed by base64',
    });
    expect(JSON.stringify(checks)).not.toContain("justapassword");
  });

  it("parses the connection's secret as credentials or tokens", async () => {
    const checks = await checkSecrets(
      runtimeWith({ ...secrets, SMX_SECRET_SALESMANIA_DEMO: '{"bearerToken":"x"}' }),
    );
    expect(checks.find((c) => c.owner === "connection")?.problem).toMatch(/salesmania-demo.*teamToken/);
  });

  it("warns of a login in a connection's one secret (the form before the split), without failing", async () => {
    const [connection] = await checkSecrets(runtimeWith(secrets));
    expect(connection?.problem).toBeUndefined();
    expect(connection?.warning).toMatch(/^connection "demo" keeps its SalesMania login in its one secret/);
  });

  it("checks a split connection's tokens secret, and its login secret only when asked to", async () => {
    const split = createRuntime({
      SMX_TABLE_NAME: "smx-secret-check",
      SMX_CONFIG_JSON: JSON.stringify({
        connections: [{ id: "demo", secret: "demo-tokens", loginSecret: "demo-login" }],
        hooks: [],
      }),
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: "/nonexistent/secrets.json",
      SMX_SECRET_DEMO_TOKENS: JSON.stringify({ username: "demo", password: "pw" }),
      SMX_SECRET_DEMO_LOGIN: JSON.stringify({ bearerToken: "b", teamToken: "t" }),
    });
    const atStart = await checkSecrets(split);
    expect(atStart.map((check) => [check.ref, check.problem])).toEqual([
      ["demo-tokens", expect.stringMatching(/"demo-tokens": expected tokens .* belongs in loginSecret/)],
    ]);
    const all = await checkSecrets(split, { logins: true });
    expect(all.map((check) => [check.ref, check.problem])).toEqual([
      ["demo-tokens", expect.any(String)],
      ["demo-login", expect.stringMatching(/"demo-login": expected a login/)],
    ]);
    expect(JSON.stringify(all)).not.toMatch(/"pw"|"b"/);
  });
});

describe("reportSecretProblems (the start-up check)", () => {
  it("logs one error per broken hook, naming it and its ref, and a summary", async () => {
    const logger = new LinesLogger();
    const runtime = runtimeWith(secrets);
    await reportSecretProblems({ ...runtime, logger });
    const errors = logger.lines.filter((l) => l.level === "error");
    expect(errors.map((l) => l.fields.hookId)).toEqual([
      "zapier-empty",
      "zapier-unset",
      "make-basic",
      "erp-plain",
    ]);
    expect(errors[0]?.message).toBe(
      'hook "zapier-empty" cannot take requests: its secret is unusable (it answers 503 until fixed)',
    );
    expect(logger.lines.filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
      expect.stringMatching(
        /^connection "demo" keeps its SalesMania login in its one secret.*docs\/upgrade\.md\)$/,
      ),
    ]);
    expect(logger.lines.at(-1)).toMatchObject({
      message: "secrets checked at start",
      fields: { checked: 7, problems: 4 },
    });
  });

  it("checks each feed's address secret for form and logs a broken one as the feed's", async () => {
    const feed = (id: string) => ({
      id,
      connection: "demo",
      urlSecret: `feeds/${id}`,
      match: [{ by: "code" }],
    });
    const runtime = createRuntime({
      SMX_TABLE_NAME: "smx-secret-check",
      SMX_DYNAMODB_ENDPOINT: "http://127.0.0.1:1",
      SMX_CONFIG_JSON: JSON.stringify({
        connections: config.connections,
        hooks: [],
        feeds: [feed("ok"), feed("ftp")],
      }),
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: "/nonexistent/secrets.json",
      SMX_SECRET_SALESMANIA_DEMO: secrets.SMX_SECRET_SALESMANIA_DEMO,
      SMX_SECRET_FEEDS_OK: "webcal://calendar.example.com/secret-token/basic.ics",
      SMX_SECRET_FEEDS_FTP: "ftp://calendar.example.com/secret-token/basic.ics",
    });
    const logger = new LinesLogger();
    const checks = await reportSecretProblems({ ...runtime, logger });
    expect(checks?.filter((check) => check.owner === "feed")).toEqual([
      { owner: "feed", id: "ok", ref: "feeds/ok" },
      {
        owner: "feed",
        id: "ftp",
        ref: "feeds/ftp",
        problem: expect.stringMatching(
          /^secret "feeds\/ftp": .*expected an http\(s\) or webcal URL, got ftp:$/,
        ),
      },
    ]);
    expect(logger.lines.filter((l) => l.level === "error")).toEqual([
      {
        level: "error",
        message: 'feed "ftp" cannot be fetched: its address secret is unusable (its job fails until fixed)',
        fields: { feedId: "ftp", ref: "feeds/ftp", problem: expect.any(String) },
      },
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain("secret-token");
  });

  it("gives up waiting after its bound when the secret store does not answer", async () => {
    const logger = new LinesLogger();
    const hanging: SecretsProvider = { getSecret: () => new Promise(() => {}) };
    const runtime = runtimeWith(secrets);
    expect(await reportSecretProblems({ ...runtime, secrets: hanging, logger }, 50)).toBeUndefined();
    expect(logger.lines).toEqual([expect.objectContaining({ level: "warn", fields: { timeoutMs: 50 } })]);
  });
});

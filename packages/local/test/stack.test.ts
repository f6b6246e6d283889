import { existsSync } from "node:fs";
import { readStackState, stackStateFile } from "@smx/runtime/local";
import { startSandbox } from "@smx/sandbox";
import { hookRequest, samplePayload } from "@smx/sources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHook, describeStack } from "../src/banner.ts";
import { curlCommand } from "../src/curl.ts";
import { startTestStack, type TestStack } from "./support.ts";

async function send(stack: TestStack, hookId: string, idempotencyKey: string) {
  const hook = stack.runtime.hooks.get(hookId)!;
  const sample = samplePayload(hook.source);
  const request = hookRequest(hook, {
    baseUrl: stack.urls.webhooks,
    secret: await stack.runtime.secrets.getSecret(hook.auth.secrets[0]!),
    body: sample.body,
    contentType: sample.contentType,
    idempotencyKey,
  });
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  return { status: response.status, body: (await response.json()) as { eventId: string; status: string } };
}

describe("the local stack (examples/smx.config.json, sandbox)", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("serves the webhooks app and lists every configured hook's URL", async () => {
    const health = await fetch(`${stack.urls.webhooks}/health`);
    expect(await health.json()).toEqual({ ok: true });
    expect(Object.keys(stack.urls.hooks)).toEqual(stack.runtime.config.hooks.map((hook) => hook.id));
    expect(stack.urls.hooks["zapier-visits"]).toBe(`${stack.urls.webhooks}/hooks/zapier-visits`);
    expect(stack.urls.sandbox).toBe(stack.sandbox!.url);
  });

  it("records where it runs in stack.json, without secrets", () => {
    const state = readStackState(stackStateFile(stack.stateDir))!;
    expect(state).toMatchObject({
      webhooksUrl: stack.urls.webhooks,
      dynamoEndpoint: stack.urls.dynamodb,
      tableName: stack.settings.tableName,
      sandboxUrl: stack.urls.sandbox,
    });
    expect(JSON.stringify(state)).not.toContain("demo-password");
  });

  it("turns a Zapier post into a visit in the sandbox, and answers a repeat from the ledger", async () => {
    const first = await send(stack, "zapier-visits", "local-visit-1");
    expect(first.status).toBe(201);
    expect(first.body.status).toBe("delivered");
    const customer = stack.sandbox!.sandbox.state().customers.find((c) => c.ext_cust_no === "C-00123");
    expect(customer?.name).toBe("Toko Sumber Rejeki");
    const visits = stack
      .sandbox!.sandbox.state()
      .visits.filter((visit) => visit.customer_id === customer!.id);
    expect(visits.map((visit) => visit.date)).toEqual(["2026-03-25"]);

    const again = await send(stack, "zapier-visits", "local-visit-1");
    expect(again).toEqual({ status: 200, body: first.body });
    expect(stack.sandbox!.sandbox.state().visits.filter((v) => v.customer_id === customer!.id)).toHaveLength(
      1,
    );
  });

  it("accepts a provider-signed request (Typeform) signed by the sources' signer", async () => {
    const answer = await send(stack, "typeform-visit-request", "ignored-native-id-wins");
    expect(answer.status).toBe(201);
    const record = await stack.runtime.ledger.get(answer.body.eventId);
    expect(record?.dedupKeySource).not.toBe("idempotency-key");
  });

  it("prints a banner whose curl targets the API-key visit hook with an Idempotency-Key, and the admin key", async () => {
    const text = await describeStack(stack, 1_700_000_000_000);
    expect(demoHook(stack.runtime.config.hooks, stack.runtime.timeZoneOf)?.hook.id).toBe("zapier-visits");
    expect(text).toContain(`curl -i -X POST '${stack.urls.webhooks}/hooks/zapier-visits'`);
    expect(text).toContain("-H 'x-api-key: demo-zapier-key'");
    expect(text).toContain("-H 'idempotency-key: demo-1700000000000'");
    expect(text).toContain("examples/payloads/zapier.txt");
    expect(text).toContain(`Admin API key: ${stack.adminApiKey}`);
    expect(text).toContain(`Console: ${stack.urls.webhooks}/console`);
    for (const url of Object.values(stack.urls.hooks)) expect(text).toContain(url);
    // Every secret of the example configuration resolved and had its scheme's form at start.
    expect(stack.secretProblems).toEqual([]);
    expect(text).not.toContain("Secret problems");
  });

  it("answers the admin API with the configured key", async () => {
    const unauthenticated = await fetch(`${stack.urls.webhooks}/admin/events?hook=zapier-visits`);
    expect(unauthenticated.status).toBe(401);
    const listed = await fetch(`${stack.urls.webhooks}/admin/events?hook=zapier-visits`, {
      headers: { authorization: `Bearer ${stack.adminApiKey}` },
    });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });
});

describe("stopping", () => {
  it("closes the server and the sandbox and removes stack.json; a second stop is harmless", async () => {
    const stack = await startTestStack();
    const file = stackStateFile(stack.stateDir);
    expect(existsSync(file)).toBe(true);
    await stack.stop();
    expect(existsSync(file)).toBe(false);
    await expect(fetch(`${stack.urls.webhooks}/health`)).rejects.toThrow();
    await expect(fetch(`${stack.urls.sandbox}/`)).rejects.toThrow();
    await stack.close();
  });
});

describe("with a real SalesMania account configured (SMX_SALESMANIA_*)", () => {
  it("starts no sandbox and delivers to that account with those credentials", async () => {
    const account = await startSandbox();
    const stack = await startTestStack({
      env: {
        SMX_SALESMANIA_BASE_URL: account.url,
        SMX_SALESMANIA_USERNAME: "demo",
        SMX_SALESMANIA_PASSWORD: "demo-password",
        SMX_SALESMANIA_DATABASE_ID: "2981",
        // The file's secret is wrong on purpose: the variables must win.
        SMX_SECRETS_FILE: "/nonexistent/secrets.json",
        SMX_SECRET_HOOKS_ZAPIER_VISITS: "demo-zapier-key",
      },
    });
    try {
      expect(stack.sandbox).toBeUndefined();
      expect(stack.urls.sandbox).toBeUndefined();
      const answer = await send(stack, "zapier-visits", "real-account-1");
      expect(answer.status).toBe(201);
      expect(account.sandbox.state().visits).toHaveLength(1);
      const banner = await describeStack(stack);
      expect(banner).toContain("no sandbox");
      // The other hooks' secrets live in the (missing) file: named at start, the stack runs on.
      expect(stack.secretProblems.map((check) => check.id)).toContain("typeform-visit-request");
      expect(stack.secretProblems.map((check) => check.id)).not.toContain("zapier-visits");
      expect(banner).toContain("Secret problems");
      expect(banner).toMatch(
        /hook typeform-visit-request: secret "hooks\/typeform-visit-request" was not found/,
      );
    } finally {
      await stack.close();
      await account.close();
    }
  });
});

describe("the sample curl", () => {
  it("quotes a curl for the shell", () => {
    const curl = curlCommand(
      { url: "http://x/hooks/a", headers: { "x-k": "it's" }, body: new Uint8Array([123, 125]) },
      "/tmp/b.json",
    );
    expect(curl).toBe(
      `curl -i -X POST 'http://x/hooks/a' \\\n  -H 'x-k: it'\\''s' \\\n  --data-binary @'/tmp/b.json'`,
    );
  });
});

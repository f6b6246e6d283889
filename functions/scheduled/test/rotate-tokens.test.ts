// The rotation function through its Lambda handler, run by a fake Secrets Manager (the real SDK talks to it
// over HTTP) the way the service runs it: RotateSecret registers a pending version and invokes the four
// steps. Tokens come from the sandbox, so they are real tokens that work or fail as SalesMania's would.

import { SecretsManagerVersionedStore } from "@smx/aws";
import { FakeSecretsManager } from "@smx/aws/testing";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, parseTokensSecret } from "@smx/core";
import { useProcessEnv } from "@smx/runtime/testing";
import { SalesmaniaClient } from "@smx/salesmania";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handler } from "../src/rotate-tokens.ts";

const TOKENS = "salesmania-demo-tokens";
const LOGIN = "salesmania-demo-login";
const LOGIN_VALUE = JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 });

let sandbox: StartedSandbox;
let secretsManager: FakeSecretsManager;
let store: SecretsManagerVersionedStore;

beforeAll(async () => {
  sandbox = await startSandbox();
  secretsManager = await FakeSecretsManager.start({
    onRotate: async (secretId, versionId) => {
      for (const Step of ["createSecret", "setSecret", "testSecret", "finishSecret"])
        await handler({ SecretId: secretId, ClientRequestToken: versionId, Step });
    },
  });
  const { endpoint } = secretsManager.client;
  useProcessEnv({
    SMX_TABLE_NAME: "rotation-reads-no-table",
    SMX_SECRETS: "aws",
    SMX_AWS_MAX_ATTEMPTS: "1",
    SMX_CONFIG_JSON: JSON.stringify({
      connections: [{ id: "demo", secret: TOKENS, loginSecret: LOGIN, baseUrl: sandbox.url }],
      hooks: [],
    }),
  });
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint;
  store = new SecretsManagerVersionedStore({ client: secretsManager.sdkClient() });
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  await secretsManager?.close();
  await sandbox?.close();
});
beforeEach(() => {
  secretsManager.versions.data[TOKENS] = { versions: {} };
  secretsManager.create(LOGIN, LOGIN_VALUE);
  sandbox.sandbox.faults.clear();
  sandbox.sandbox.clearJournal();
});

const tokenCalls = () => sandbox.sandbox.journal().filter((entry) => entry.path.endsWith("/token")).length;

async function tokensAt(stage: typeof AWSCURRENT | typeof AWSPREVIOUS) {
  const raw = await store.value(TOKENS, { stage });
  return raw === undefined ? undefined : parseTokensSecret(TOKENS, raw);
}

async function works(tokens: { bearerToken: string; teamToken: string } | undefined): Promise<boolean> {
  if (tokens === undefined) return false;
  const client = new SalesmaniaClient({ baseUrl: sandbox.url, auth: { kind: "tokens", ...tokens } });
  return client.teams.list().then(
    () => true,
    () => false,
  );
}

describe("the rotation function", () => {
  it("fills an empty tokens secret with working tokens and their expiry, logging in once", async () => {
    const versionId = await store.rotateNow(TOKENS);
    const current = await tokensAt(AWSCURRENT);
    expect(await works(current)).toBe(true);
    const lifetime = Date.parse(current!.expiresAt!) - Date.now();
    expect(lifetime).toBeGreaterThan(23 * 3_600_000);
    expect(lifetime).toBeLessThanOrEqual(24 * 3_600_000);
    expect(await store.versions(TOKENS)).toEqual([{ versionId, stages: [AWSCURRENT] }]);
    expect(tokenCalls()).toBe(1);
  });

  it("moves the tokens before to AWSPREVIOUS, and they keep working until they expire", async () => {
    await store.rotateNow(TOKENS);
    const first = await tokensAt(AWSCURRENT);
    await store.rotateNow(TOKENS);
    expect(await tokensAt(AWSPREVIOUS)).toEqual(first);
    expect((await tokensAt(AWSCURRENT))?.bearerToken).not.toBe(first?.bearerToken);
    expect(await works(await tokensAt(AWSCURRENT))).toBe(true);
    expect(await works(first)).toBe(true);
  });

  it("repeats every step without a second login or a second promotion (idempotent)", async () => {
    await store.rotateNow(TOKENS);
    const before = await store.versions(TOKENS);
    const versionId = before[0]!.versionId;
    for (const Step of ["createSecret", "setSecret", "testSecret", "finishSecret"])
      await handler({ SecretId: secretsManager.arnOf(TOKENS), ClientRequestToken: versionId, Step });
    expect(await store.versions(TOKENS)).toEqual(before);
    expect(tokenCalls()).toBe(1);

    // A step repeated before the rotation finished: createSecret twice logs in once.
    secretsManager.versions.reserve(TOKENS, "v-again", AWSPENDING);
    const step = (Step: string) =>
      handler({ SecretId: secretsManager.arnOf(TOKENS), ClientRequestToken: "v-again", Step });
    await step("createSecret");
    await step("createSecret");
    expect(tokenCalls()).toBe(2);
    await step("testSecret");
    await step("finishSecret");
    await step("finishSecret");
    expect((await store.versions(TOKENS)).find((v) => v.versionId === "v-again")?.stages).toEqual([
      AWSCURRENT,
    ]);
  });

  it("leaves AWSCURRENT as it was when the login fails, and the next rotation succeeds", async () => {
    await store.rotateNow(TOKENS);
    const working = await tokensAt(AWSCURRENT);
    sandbox.sandbox.faults.add({ route: "GET /extapi/v1.0/token", kind: "status", status: 401, times: 1 });
    await expect(store.rotateNow(TOKENS)).rejects.toThrow(/createSecret/);
    expect(await tokensAt(AWSCURRENT)).toEqual(working);
    expect(await store.value(TOKENS, { stage: AWSPENDING })).toBeUndefined();

    await store.rotateNow(TOKENS);
    expect(await tokensAt(AWSPREVIOUS)).toEqual(working);
    expect(await works(await tokensAt(AWSCURRENT))).toBe(true);
  });

  it("never promotes tokens its cheap read refused (testSecret)", async () => {
    await store.rotateNow(TOKENS);
    const working = await tokensAt(AWSCURRENT);
    sandbox.sandbox.faults.add({ route: "GET /extapi/v1.0/teams", kind: "status", status: 401, times: 1 });
    await expect(store.rotateNow(TOKENS)).rejects.toThrow(/testSecret/);
    expect(await tokensAt(AWSCURRENT)).toEqual(working);
    // The refused tokens wait as AWSPENDING; a later rotation replaces them.
    expect(await store.value(TOKENS, { stage: AWSPENDING })).toBeDefined();
  });

  it("refuses a version that is neither pending nor current, and a secret no connection rotates", async () => {
    await store.rotateNow(TOKENS);
    await store.rotateNow(TOKENS);
    const previous = (await store.versions(TOKENS)).find((v) => v.stages.includes(AWSPREVIOUS))!;
    await expect(
      handler({
        SecretId: secretsManager.arnOf(TOKENS),
        ClientRequestToken: previous.versionId,
        Step: "createSecret",
      }),
    ).rejects.toThrow(/neither pending nor current/);
    await expect(
      handler({ SecretId: secretsManager.arnOf(LOGIN), ClientRequestToken: "v-x", Step: "createSecret" }),
    ).rejects.toThrow(/is no connection's tokens secret/);
    await expect(handler({ SecretId: TOKENS, Step: "createSecret" })).rejects.toThrow(/ClientRequestToken/);
  });
});

// `smx keys create | list | revoke` against a local stack: the key works on /api/v1 at once, is listed
// without its secret, and answers 401 once revoked. The stack runs with the key cache off, as a container
// whose cache entry has expired; a container's own cache is covered by functions/webhooks/test/api-actions.
import { stackStateFile } from "@smx/runtime/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "../../local/test/support.ts";
import { runSmx } from "./support.ts";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: { SMX_API_KEY_CACHE_SECONDS: "0" } });
});
afterAll(async () => {
  await stack?.close();
});

const smx = (argv: string[]) => runSmx(argv, {}, stackStateFile(stack.stateDir));
const me = (key: string) =>
  fetch(`${stack.urls.webhooks}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });

describe("smx keys", () => {
  it("creates a key for a configured connection, prints it once, lists it without the secret", async () => {
    const created = await smx(["keys", "create", "--name", "zapier-acme", "--connection", "demo", "--json"]);
    expect(created.code).toBe(0);
    const { key, id, hash } = created.json();
    expect(key).toMatch(/^smx_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[a-f0-9]{64}$/);
    expect(hash).not.toContain(key);
    expect((await me(key)).status).toBe(200);

    const listed = await smx(["keys", "list"]);
    expect(listed.stdout).toContain(`${id}  active   demo  zapier-acme`);
    expect(listed.stdout).not.toContain(key.split("_")[2]);

    const revoked = await smx(["keys", "revoke", id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked API key ${id}`);
    const refused = await me(key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: { code: "unauthenticated", header: "authorization" },
    });
    expect((await smx(["keys", "list", "--json"])).json()).toEqual([
      expect.objectContaining({ id, revokedAt: expect.any(String) }),
    ]);
  });

  it("refuses a connection that is not configured, and an unknown key id", async () => {
    const wrong = await smx(["keys", "create", "--name", "x", "--connection", "nowhere"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--connection: no connection "nowhere"');
    const unknown = await smx(["keys", "revoke", "0123456789abcdef"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("UnknownApiKeyError");
  });
});

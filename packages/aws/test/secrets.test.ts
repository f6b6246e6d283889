// Secrets providers: the real SecretsManagerClient against an in-test fake of the AWS JSON 1.1 endpoint,
// and the local env/file provider against a temporary file.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SecretNotFoundError } from "@smx/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LocalSecretsProvider,
  localSecretEnvName,
  SecretFetchError,
  SecretsFileError,
  SecretsManagerProvider,
} from "../src/index.ts";

const stored = new Map<string, string>([["smx/api-key", "s3cr3t-v1"]]);
const reads: string[] = [];
/** When set, the next read takes the stored value at once but answers only when this resolves (a slow read). */
let holdNext: Promise<void> | undefined;
let server: Server;
let endpoint: string;

beforeAll(async () => {
  // Just enough of Secrets Manager's wire protocol: JSON 1.1, the operation in X-Amz-Target.
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const hold = holdNext;
      holdNext = undefined;
      const answer = (status: number, json: object) => {
        const send = () =>
          res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(json));
        if (hold) void hold.then(send);
        else send();
      };
      if (req.headers["x-amz-target"] !== "secretsmanager.GetSecretValue") {
        return answer(400, { __type: "UnknownOperationException" });
      }
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      reads.push(SecretId);
      if (SecretId === "smx/forbidden")
        return answer(400, { __type: "AccessDeniedException", message: "no" });
      const value = stored.get(SecretId);
      if (value === undefined)
        return answer(400, { __type: "ResourceNotFoundException", message: "not found" });
      answer(200, {
        ARN: `arn:aws:secretsmanager:ap-southeast-1:1:secret:${SecretId}`,
        Name: SecretId,
        SecretString: value,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function provider(clock?: { now(): number }) {
  const client = new SecretsManagerClient({
    endpoint,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  return new SecretsManagerProvider({ client, ttlMs: 1_000, ...(clock ? { clock } : {}) });
}

describe("SecretsManagerProvider", () => {
  it("reads a secret once per TTL and re-reads on forceRefresh", async () => {
    const now = { t: 0 };
    const secrets = provider({ now: () => now.t });
    reads.length = 0;
    const first = await Promise.all([1, 2, 3].map(() => secrets.getSecret("smx/api-key")));
    expect(first).toEqual(["s3cr3t-v1", "s3cr3t-v1", "s3cr3t-v1"]);
    expect(await secrets.getSecret("smx/api-key")).toBe("s3cr3t-v1");
    expect(reads).toEqual(["smx/api-key"]);

    stored.set("smx/api-key", "s3cr3t-v2");
    expect(await secrets.getSecret("smx/api-key")).toBe("s3cr3t-v1");
    expect(await secrets.getSecret("smx/api-key", { forceRefresh: true })).toBe("s3cr3t-v2");
    expect(reads).toHaveLength(2);

    stored.set("smx/api-key", "s3cr3t-v3");
    now.t = 1_000;
    expect(await secrets.getSecret("smx/api-key")).toBe("s3cr3t-v3");
    expect(reads).toHaveLength(3);
  });

  it("a slow read that started before a forced re-read does not put the old value back in the cache", async () => {
    const secrets = provider({ now: () => 0 });
    stored.set("smx/rotating", "old-value");
    let release = () => {};
    holdNext = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = secrets.getSecret("smx/rotating");
    // Let the slow read reach the server (and take the old value) before the secret rotates.
    while (reads.at(-1) !== "smx/rotating") await new Promise((resolve) => setTimeout(resolve, 5));
    stored.set("smx/rotating", "new-value");
    expect(await secrets.getSecret("smx/rotating", { forceRefresh: true })).toBe("new-value");
    release();
    expect(await slow).toBe("old-value");
    expect(await secrets.getSecret("smx/rotating")).toBe("new-value");
  });

  it("maps ResourceNotFoundException to SecretNotFoundError and wraps other failures with the ref", async () => {
    const secrets = provider();
    await expect(secrets.getSecret("smx/missing")).rejects.toBeInstanceOf(SecretNotFoundError);
    const error = await secrets.getSecret("smx/forbidden").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretFetchError);
    expect((error as Error).message).toContain('"smx/forbidden"');
    expect((error as Error).message).toContain("AccessDeniedException");
  });

  it("never shows a value in toString, inspect or JSON", async () => {
    const secrets = provider();
    const value = await secrets.getSecret("smx/api-key");
    for (const shown of [
      String(secrets),
      inspect(secrets, { depth: 10, showHidden: true }),
      JSON.stringify(secrets),
    ]) {
      expect(shown).not.toContain(value);
    }
  });
});

describe("LocalSecretsProvider", () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "smx-secrets-"));
    file = join(dir, "secrets.local.json");
    await writeFile(
      file,
      JSON.stringify({
        "hooks/typeform": "tf-secret",
        "connections/acme": { username: "ops", password: "pw", databaseId: 12 },
      }),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prefers the environment variable, then the file; objects come back as JSON text", async () => {
    expect(localSecretEnvName("hooks/typeform")).toBe("SMX_SECRET_HOOKS_TYPEFORM");
    const secrets = new LocalSecretsProvider({ file, env: { SMX_SECRET_HOOKS_TYPEFORM: "from-env" } });
    expect(await secrets.getSecret("hooks/typeform")).toBe("from-env");
    const fileOnly = new LocalSecretsProvider({ file, env: {} });
    expect(await fileOnly.getSecret("hooks/typeform")).toBe("tf-secret");
    expect(JSON.parse(await fileOnly.getSecret("connections/acme"))).toEqual({
      username: "ops",
      password: "pw",
      databaseId: 12,
    });
  });

  it("says where it looked when a secret is missing, and treats a missing file as empty", async () => {
    const error = await new LocalSecretsProvider({ file, env: {} })
      .getSecret("hooks/nope")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretNotFoundError);
    expect((error as Error).message).toContain("SMX_SECRET_HOOKS_NOPE");
    expect((error as Error).message).toContain(file);
    const noFile = new LocalSecretsProvider({ file: join(dir, "absent.json"), env: {} });
    await expect(noFile.getSecret("hooks/typeform")).rejects.toBeInstanceOf(SecretNotFoundError);
  });

  it("re-reads the file on forceRefresh", async () => {
    const changing = join(dir, "changing.json");
    await writeFile(changing, JSON.stringify({ key: "old" }));
    const secrets = new LocalSecretsProvider({ file: changing, env: {} });
    expect(await secrets.getSecret("key")).toBe("old");
    await writeFile(changing, JSON.stringify({ key: "new" }));
    expect(await secrets.getSecret("key")).toBe("old");
    expect(await secrets.getSecret("key", { forceRefresh: true })).toBe("new");
  });

  it("reports a malformed file without quoting its contents", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, '{"key": "hunter2",');
    const error = await new LocalSecretsProvider({ file: broken, env: {} })
      .getSecret("key")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretsFileError);
    expect((error as Error).message).not.toContain("hunter2");
    const wrongShape = join(dir, "shape.json");
    await writeFile(wrongShape, JSON.stringify({ key: 42 }));
    await expect(new LocalSecretsProvider({ file: wrongShape, env: {} }).getSecret("key")).rejects.toThrow(
      /"key" is neither/,
    );
  });
});

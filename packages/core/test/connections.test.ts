import { SalesmaniaAuthError } from "@smx/salesmania";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionConfigError,
  createConnectionProvider,
  createSalesmaniaClient,
  parseConnections,
  parseSalesmaniaSecret,
  SecretFormatError,
  type SecretsProvider,
  UnknownConnectionError,
} from "../src/index.ts";

describe("connection config", () => {
  it("fills the documented defaults", () => {
    expect(parseConnections([{ id: "main", secret: "smx/main" }])).toEqual([
      {
        id: "main",
        secret: "smx/main",
        baseUrl: "https://api.salesmania.id",
        timeZone: "Asia/Jakarta",
        rateLimitPerSecond: 5,
        maxConcurrency: 4,
      },
    ]);
  });

  it("names the entry and key at fault", () => {
    const bad = [
      { id: "a", secret: "s" },
      { id: "b", secret: "s", timeZone: "Asia/Jakart" },
    ];
    expect(() => parseConnections(bad)).toThrow(ConnectionConfigError);
    expect(() => parseConnections(bad)).toThrow(/^connections\[1\]\.timeZone: expected .*IANA/);
    expect(() => parseConnections([{ id: "a", secret: "s", rateLimitPerSecond: 0 }])).toThrow(
      /connections\[0\]\.rateLimitPerSecond/,
    );
    expect(() =>
      parseConnections([
        { id: "a", secret: "s" },
        { id: "a", secret: "t" },
      ]),
    ).toThrow(/connections\[1\]\.id: expected a unique id, "a" repeats/);
  });
});

describe("SalesMania secret", () => {
  it("reads credentials or ready tokens", () => {
    expect(parseSalesmaniaSecret("r", '{"username":"u","password":"p","databaseId":2981}')).toEqual({
      username: "u",
      password: "p",
      databaseId: 2981,
    });
    expect(parseSalesmaniaSecret("r", '{"bearerToken":"b","teamToken":"t"}')).toEqual({
      bearerToken: "b",
      teamToken: "t",
    });
  });

  it("names the bad key and never echoes a value", () => {
    const cases: [string, RegExp][] = [
      ['{"username":"u","password":"hunter2-secret"', /not valid JSON/],
      ['["hunter2-secret"]', /a JSON object, got an array/],
      ['{"username":"u"}', /key "password" expected a value \(missing/],
      ['{"username":"u","password":12345678}', /key "password" expected string, got number/],
      [
        '{"username":"u","password":"hunter2-secret","pasword":"hunter2-secret"}',
        /key "pasword" expected no such key/,
      ],
      [
        '{"bearerToken":"hunter2-secret"}',
        /key "teamToken" expected a value .*\{bearerToken, teamToken, expiresAt\?\}/,
      ],
      ['{"username":"u","password":"p","databaseId":"2981"}', /key "databaseId" expected number, got string/],
    ];
    for (const [raw, message] of cases) {
      const error = (() => {
        try {
          parseSalesmaniaSecret("smx/main", raw);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SecretFormatError);
      expect((error as Error).message).toMatch(/^secret "smx\/main": /);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/hunter2|12345678/);
    }
  });
});

/** The SecretsProvider port over a mutable map, recording each read. */
class MemorySecrets implements SecretsProvider {
  readonly reads: { ref: string; forceRefresh: boolean }[] = [];
  constructor(readonly values: Map<string, string>) {}
  async getSecret(ref: string, options?: { forceRefresh?: boolean }) {
    this.reads.push({ ref, forceRefresh: options?.forceRefresh === true });
    const value = this.values.get(ref);
    if (value === undefined) throw new Error(`test secret ${ref} missing`);
    return value;
  }
}

describe("createConnectionProvider (against the sandbox)", () => {
  let started: StartedSandbox;
  beforeAll(async () => {
    started = await startSandbox();
  });
  afterAll(() => started.close());

  const credentials = (password: string) => JSON.stringify({ username: "demo", password, databaseId: 2981 });

  it("caches one client per connection and refuses unknown ids", async () => {
    const secrets = new MemorySecrets(new Map([["s", credentials("demo-password")]]));
    let built = 0;
    const provider = createConnectionProvider({
      connections: [{ id: "main", secret: "s", baseUrl: started.url, rateLimitPerSecond: 7 }],
      secrets,
      createApi: (options) => {
        built++;
        return createSalesmaniaClient(options);
      },
    });
    const [a, b] = await Promise.all([provider.get("main"), provider.get("main")]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ id: "main", timeZone: "Asia/Jakarta" });
    expect((await a.api.customers.get(100001)).ext_cust_no).toBe("C-001");
    expect(built).toBe(1);
    await expect(provider.get("other")).rejects.toThrow(UnknownConnectionError);
    await expect(provider.get("other")).rejects.toThrow(/"other" is not configured; expected one of: main/);
  });

  it("re-reads a rotated secret once after an auth failure and repeats the call", async () => {
    const values = new Map([["s", credentials("old-password")]]);
    const secrets = new MemorySecrets(values);
    const provider = createConnectionProvider({
      connections: [{ id: "main", secret: "s", baseUrl: started.url }],
      secrets,
    });
    const connection = await provider.get("main");
    values.set("s", credentials("demo-password")); // rotated in the secret store
    const visits: number[] = [];
    for await (const customer of connection.api.customers.iterate({ limit: 2 })) visits.push(customer.id);
    expect(visits).toHaveLength(5);
    expect(secrets.reads).toEqual([
      { ref: "s", forceRefresh: false },
      { ref: "s", forceRefresh: true },
    ]);
    // Later calls use the new client without further reads.
    await connection.api.customers.get(100002);
    expect(secrets.reads).toHaveLength(2);
  });

  it("gives up with the auth error when the secret did not change, without leaking the password, and reads it again at most once per interval", async () => {
    const secrets = new MemorySecrets(new Map([["s", credentials("wrong-password-xyz")]]));
    const provider = createConnectionProvider({
      connections: [{ id: "main", secret: "s", baseUrl: started.url }],
      secrets,
    });
    const connection = await provider.get("main");
    const error = await connection.api.customers.get(100001).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaAuthError);
    expect(String(error)).not.toContain("wrong-password-xyz");
    expect(secrets.reads.map((r) => r.forceRefresh)).toEqual([false, true]);
    // Refusals within the interval read the secret no more: a refusal storm is not a Secrets Manager storm.
    await expect(connection.api.customers.get(100001)).rejects.toBeInstanceOf(SalesmaniaAuthError);
    expect(secrets.reads).toHaveLength(2);
  });

  it("does not cache a connection whose secret is malformed", async () => {
    const values = new Map([["s", "{}"]]);
    const provider = createConnectionProvider({
      connections: [{ id: "main", secret: "s", baseUrl: started.url }],
      secrets: new MemorySecrets(values),
    });
    await expect(provider.get("main")).rejects.toThrow(/secret "s": key "username"/);
    values.set("s", credentials("demo-password"));
    expect((await provider.get("main")).id).toBe("main");
  });
});

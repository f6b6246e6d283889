import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.ts";
import { Client, DB, startForFile, TEAM, TEAM_2 } from "./helpers.ts";

let clock = Date.parse("2026-03-02T08:00:00Z");
const otherDb = {
  users: [{ username: "other", password: "other-password", databaseIds: [3100] }],
  databases: [{ id: 3100, name: "PT Lain", teams: [{ id: 31001, name: "Surabaya" }] }],
};
const { url, sandbox } = await startForFile({ now: () => clock, bearerTtlSeconds: 600 });
sandbox.seed(otherDb);

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
});

describe("GET /extapi/v1.0/token", () => {
  it("answers a random bearer token with the configured expires_in", async () => {
    const client = new Client(url);
    const first = await client.send("GET", "/extapi/v1.0/token", { headers: basic("demo", "demo-password") });
    const second = await client.send("GET", "/extapi/v1.0/token", {
      headers: basic("demo", "demo-password"),
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ token: expect.any(String), expires_in: 600 });
    expect(second.body.token).not.toBe(first.body.token);
  });

  it.each([
    ["wrong password", basic("demo", "nope")],
    ["unknown user", basic("ghost", "demo-password")],
    ["no colon", { authorization: `Basic ${Buffer.from("demo").toString("base64")}` }],
    ["bearer instead of basic", { authorization: "Bearer abc" }],
    ["no header", {}],
  ])("401 {message} for %s", async (_, headers) => {
    const answer = await new Client(url).send("GET", "/extapi/v1.0/token", { headers });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: expect.any(String) });
  });
});

describe("bearer tokens", () => {
  it("lists the user's databases", async () => {
    const client = await new Client(url).login();
    expect((await client.send("GET", "/extapi/v1.0/databases")).body).toEqual({
      data: [{ id: DB, name: "PT Contoh Distribusi" }],
    });
  });

  it("401 when missing or unknown", async () => {
    const client = new Client(url);
    expect((await client.send("GET", "/extapi/v1.0/databases")).status).toBe(401);
    client.bearer = "not-a-token";
    const unknown = await client.send("GET", "/extapi/v1.0/databases");
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toMatch(/unknown/);
  });

  it.each([
    "/extapi/v1.0/teams",
    "/extapi/v1.0/customers",
    "/extapi/v1.0/products/200001",
    "/extapi/v1.0/orders/1",
  ])("401 on data call %s without a bearer, even with a valid team token", async (path) => {
    const client = new Client(url);
    client.teamToken = sandbox.issueTeamToken(DB, TEAM);
    expect((await client.data("GET", path)).status).toBe(401);
  });

  it("expire after expires_in on the injected clock, for data calls too", async () => {
    const client = await new Client(url).login();
    clock += 599_000;
    expect((await client.data("GET", "/extapi/v1.0/customers")).status).toBe(200);
    clock += 1_000;
    const expired = await client.data("GET", "/extapi/v1.0/customers");
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/expired/);
    expect((await client.send("GET", "/extapi/v1.0/databases")).status).toBe(401);
    await client.login();
    expect((await client.data("GET", "/extapi/v1.0/customers")).status).toBe(200);
  });
});

describe("GET /extapi/v1.0/team_token", () => {
  const payloadOf = (token: string) =>
    JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8")) as unknown;

  it("uses the documented payload form and the user's default team", async () => {
    const client = await new Client(url).login();
    expect(payloadOf(client.teamToken!)).toEqual({ db_id: DB, team_id: TEAM });
    expect(client.teamToken).toMatch(/^eyJkYl9pZCI6Mjk4MSwidGVhbV9pZCI6MjQ3Mjh9\.[\w-]+$/);
  });

  it("takes an explicit team_id, and the first team when the user has no default", async () => {
    const demo = await new Client(url).login("demo", "demo-password", DB, TEAM_2);
    expect(payloadOf(demo.teamToken!)).toEqual({ db_id: DB, team_id: TEAM_2 });
    const other = await new Client(url).login("other", "other-password", 3100);
    expect(payloadOf(other.teamToken!)).toEqual({ db_id: 3100, team_id: 31001 });
  });

  it("403 for a database the user cannot access or a team outside it; 422 without db_id", async () => {
    const client = await new Client(url).login();
    expect((await client.send("GET", "/extapi/v1.0/team_token?db_id=3100")).status).toBe(403);
    expect((await client.send("GET", `/extapi/v1.0/team_token?db_id=${DB}&team_id=31001`)).status).toBe(403);
    const missing = await client.send("GET", "/extapi/v1.0/team_token");
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toHaveProperty("db_id");
  });

  it("needs a bearer", async () => {
    expect((await new Client(url).send("GET", `/extapi/v1.0/team_token?db_id=${DB}`)).status).toBe(401);
  });
});

describe("data calls need a valid team token", () => {
  const tamper = (token: string, payload: object) =>
    `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${token.split(".")[1]}`;

  it.each([
    ["missing", () => undefined],
    ["payload changed to another team", (t: string) => tamper(t, { db_id: DB, team_id: TEAM_2 })],
    ["signature changed", (t: string) => `${t.split(".")[0]}.${"A".repeat(43)}`],
    ["no signature", (t: string) => t.split(".")[0]!],
    [
      "the documented example token",
      () => "eyJkYl9pZCI6Mjk4MSwidGVhbV9pZCI6MjQ3Mjh9.LpZ9LEpy123lwzYjzypStjdk123",
    ],
  ])("403 when %s", async (_, change) => {
    const client = await new Client(url).login();
    client.teamToken = change(client.teamToken!);
    const answer = await client.data("GET", "/extapi/v1.0/customers");
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ message: expect.any(String) });
  });

  it("403 for a well-signed token of a database the bearer's user cannot access", async () => {
    const client = await new Client(url).login();
    client.teamToken = sandbox.issueTeamToken(3100, 31001);
    expect((await client.data("GET", "/extapi/v1.0/customers")).status).toBe(403);
  });

  it("403 for a token signed by another sandbox's key; a shared teamTokenSecret makes tokens portable", async () => {
    const a = await startSandbox({ teamTokenSecret: "shared-key" });
    const b = await startSandbox({ teamTokenSecret: "shared-key" });
    try {
      const client = await new Client(a.url).login();
      client.teamToken = b.sandbox.issueTeamToken(DB, TEAM);
      expect((await client.data("GET", "/extapi/v1.0/teams")).status).toBe(200);
      client.teamToken = sandbox.issueTeamToken(DB, TEAM);
      expect((await client.data("GET", "/extapi/v1.0/teams")).status).toBe(403);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("data is scoped to the token's database; teams lists that database's teams", async () => {
    const demo = await new Client(url).login();
    const other = await new Client(url).login("other", "other-password", 3100);
    const created = await other.data("POST", "/extapi/v1.0/customers", { name: "Toko Surabaya" });
    expect((await demo.data("GET", `/extapi/v1.0/customers/${created.body.id}`)).status).toBe(404);
    expect((await other.data("GET", `/extapi/v1.0/customers/${created.body.id}`)).status).toBe(200);
    expect((await other.data("GET", "/extapi/v1.0/teams")).body).toEqual({
      data: [{ id: 31001, name: "Surabaya" }],
    });
    expect((await demo.data("GET", "/extapi/v1.0/teams")).body.data).toHaveLength(2);
  });

  it("issueBearerToken and issueTeamToken give working ready tokens", async () => {
    const client = new Client(url);
    client.bearer = sandbox.issueBearerToken("demo");
    client.teamToken = sandbox.issueTeamToken(DB, TEAM_2);
    expect((await client.data("GET", "/extapi/v1.0/teams")).status).toBe(200);
    expect(() => sandbox.issueBearerToken("ghost")).toThrow(/ghost/);
    expect(() => sandbox.issueTeamToken(DB, 31001)).toThrow(/31001/);
  });
});

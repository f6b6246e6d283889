// Every endpoint of the contract against the sandbox, and the token manager's behaviour.
import { demoSeed } from "@smx/sandbox";
import { describe, expect, it } from "vitest";
import {
  type CredentialsProvider,
  type Customer,
  SalesmaniaAuthError,
  SalesmaniaClient,
} from "../src/index.ts";
import { DEMO, useSandbox } from "./sandbox-helpers.ts";

const start = useSandbox();
const TEH = {
  name: "Teh Botol 350ml",
  qty_on_hand: 40,
  product_units: [{ name: "PCS", price: 4500, ratio: 1 }],
};

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("endpoints", () => {
  it("token, databases, team token and teams", async () => {
    const { client, calls } = await start();
    expect(await client.auth.bearerToken()).toMatch(/.+/);
    expect(await client.databases.list()).toEqual([{ id: DEMO.databaseId, name: "PT Contoh Distribusi" }]);
    const second = await client.teamToken(DEMO.databaseId, 24729);
    expect(second).not.toBe(await client.auth.teamToken());
    expect((await client.teams.list()).map((t) => t.id)).toEqual([...DEMO.teams]);
    // The default team token binds the demo user's default team; reading it costs no request.
    expect(await client.auth.teamId()).toBe(24728);
    expect(calls()).toEqual([
      "GET /extapi/v1.0/token 200",
      "GET /extapi/v1.0/databases 200",
      "GET /extapi/v1.0/team_token 200",
      // The default team token resolves the default database itself: databases.list() is never cached.
      "GET /extapi/v1.0/databases 200",
      "GET /extapi/v1.0/team_token 200",
      "GET /extapi/v1.0/teams 200",
    ]);
  });

  it("customers: list, iterate, create, get, update, delete", async () => {
    const { client, sandbox } = await start();
    const seeded = demoSeed.customers?.length ?? 0;
    const first = await client.customers.list({ page: 1, limit: 2 });
    expect(first.meta).toEqual({ page: 1, limit: 2, total: seeded });
    expect(first.data.map((c) => c.ext_cust_no)).toEqual(["C-001", "C-002"]);

    const created = await client.customers.create({
      name: "Toko Baru",
      phone: "+6281299990000",
      ext_cust_no: "C-900",
      location: { lat: -6.2, lon: 106.8 },
      tags: ["baru"],
    });
    expect(created.id).toBeTypeOf("number");
    const id = created.id!;
    expect(await client.customers.get(id)).toMatchObject<Partial<Customer>>({
      id,
      name: "Toko Baru",
      ext_cust_no: "C-900",
    });
    await client.customers.update(id, { city: "Bekasi", status: false });
    expect(await client.customers.get(id)).toMatchObject({ city: "Bekasi", status: false });

    const all = await collect(client.customers.iterate({ limit: 2 }));
    expect(all).toHaveLength(seeded + 1);
    expect(new Set(all.map((c) => c.id)).size).toBe(seeded + 1);

    await client.customers.delete(id);
    expect(sandbox.state().customers.some((c) => c.id === id)).toBe(false);
    await expect(client.customers.get(id)).rejects.toMatchObject({
      name: "SalesmaniaHttpError",
      status: 404,
    });
  });

  it("products: list, iterate, create, get, update, delete", async () => {
    const { client, sandbox } = await start();
    const seeded = demoSeed.products?.length ?? 0;
    expect((await client.products.list()).meta.total).toBe(seeded);
    const { id } = await client.products.create({ ...TEH, ext_product_code: "P-900", default_disc: "5+2" });
    expect(await client.products.get(id)).toMatchObject({
      id,
      ext_product_code: "P-900",
      default_disc: "5+2",
    });
    await client.products.update(id, { qty_on_hand: 12 });
    expect((await client.products.get(id)).qty_on_hand).toBe(12);
    expect(await collect(client.products.iterate({ limit: 1 }))).toHaveLength(seeded + 1);
    await client.products.delete(id);
    expect(sandbox.state().products.some((p) => p.id === id)).toBe(false);
  });

  it("visits: create (no id), list by date and team, iterate across pages", async () => {
    const { client, calls } = await start();
    const [a, b, c] = (demoSeed.customers ?? []).map((customer) => customer.id!);
    for (const customer_id of [a!, b!, c!]) await client.visits.create({ date: "2026-03-02", customer_id });
    await client.visits.create({ date: "2026-03-02", customer_id: a!, team_id: 24729 });

    const page = await client.visits.list({ date: "2026-03-02", teamId: 24728, limit: 2 });
    expect(page.meta).toEqual({ page: 1, limit: 2, total: 3 });
    const visits = await collect(client.visits.iterate({ date: "2026-03-02", teamId: 24728, limit: 2 }));
    expect(visits.map((v) => [v.customer_id, v.seq])).toEqual([
      [a, 1],
      [b, 2],
      [c, 3],
    ]);
    expect(await collect(client.visits.iterate({ date: "2026-03-02" }))).toHaveLength(4);
    expect(await collect(client.visits.iterate({ date: "2026-03-03" }))).toEqual([]);
    // Two pages of 2 for three visits: the walk stops at page·limit ≥ total, without a third request.
    expect(calls("GET /extapi/v1.1/visits")).toHaveLength(1 + 2 + 1 + 1);
  });

  it("orders: create, get, update", async () => {
    const { client } = await start();
    const customer_id = demoSeed.customers![0]!.id!;
    const product_id = demoSeed.products![0]!.id!;
    const { id } = await client.orders.create({
      date: "2026-03-02",
      customer_id,
      ext_order_no: "SO-1",
      disc_percent: "2",
      ordered_products: [{ product_id, qty: 3, unit: "PCS", price: 10_000, item_disc_percent: "10+5" }],
    });
    expect(await client.orders.get(id)).toMatchObject({
      id,
      ext_order_no: "SO-1",
      status: "Baru",
      customer_id,
    });
    await client.orders.update(id, { status: "Lunas", total_paid: 25_137 });
    expect(await client.orders.get(id)).toMatchObject({ status: "Lunas", total_paid: 25_137 });
  });

  it("a validation error from the API keeps its field errors", async () => {
    const { client } = await start();
    const error = await client.visits
      .create({ date: "2026-03-02", customer_id: 999 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SalesmaniaHttpError", status: 422, outcomeUnknown: false });
    expect(Object.keys((error as { fieldErrors: object }).fieldErrors)).toContain("customer_id");
  });
});

describe("tokens", () => {
  it("20 concurrent calls share one bearer, one database lookup and one team token request", async () => {
    const { client, calls } = await start();
    const id = demoSeed.customers![0]!.id!;
    const results = await Promise.all(Array.from({ length: 20 }, () => client.customers.get(id)));
    expect(results.every((c) => c.id === id)).toBe(true);
    expect(calls("GET /extapi/v1.0/token")).toHaveLength(1);
    expect(calls("GET /extapi/v1.0/databases")).toHaveLength(1);
    expect(calls("GET /extapi/v1.0/team_token")).toHaveLength(1);
    expect(calls(`GET /extapi/v1.0/customers/${id} 200`)).toHaveLength(20);
  });

  it("a bearer the API expired (401) is refreshed once, and the call repeated — once for 12 callers", async () => {
    let now = Date.parse("2026-03-02T01:00:00Z");
    const { client, calls } = await start({ bearerTtlSeconds: 3600, now: () => now });
    await client.teams.list();
    now += 3601_000; // the sandbox's clock moves on; the client's own clock does not, so it learns by a 401
    const lists = await Promise.all(Array.from({ length: 12 }, () => client.teams.list()));
    expect(lists.every((teams) => teams.length === 2)).toBe(true);
    expect(calls("GET /extapi/v1.0/token")).toEqual([
      "GET /extapi/v1.0/token 200",
      "GET /extapi/v1.0/token 200",
    ]);
    expect(calls("GET /extapi/v1.0/teams 200")).toHaveLength(13);
    expect(calls("GET /extapi/v1.0/teams 401").length).toBeGreaterThanOrEqual(1);
  });

  it("the bearer is renewed before expires_in runs out, without a 401", async () => {
    let now = Date.parse("2026-03-02T01:00:00Z");
    const clock = () => now;
    const { client, calls } = await start({ bearerTtlSeconds: 3600, now: clock }, { now: clock });
    await client.teams.list();
    now += 3590_000; // inside the safety margin (10 % of the lifetime, at most 60 s)
    await client.teams.list();
    expect(calls()).toEqual([
      "GET /extapi/v1.0/token 200",
      "GET /extapi/v1.0/databases 200",
      "GET /extapi/v1.0/team_token 200",
      "GET /extapi/v1.0/teams 200",
      "GET /extapi/v1.0/token 200",
      "GET /extapi/v1.0/teams 200",
    ]);
  });

  it("a 401 that persists after the refresh is an auth error", async () => {
    const { client, sandbox, calls } = await start();
    await client.teams.list();
    sandbox.faults.add({ route: "GET /extapi/v1.0/teams", kind: "status", status: 401, times: 2 });
    const error = await client.teams.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaAuthError);
    expect(calls("GET /extapi/v1.0/token")).toHaveLength(2);
    expect(calls("GET /extapi/v1.0/teams 401")).toHaveLength(2);
  });

  it("wrong credentials: SalesmaniaAuthError from the token endpoint", async () => {
    const { client } = await start({}, { auth: { kind: "credentials", username: "demo", password: "nope" } });
    await expect(client.customers.list()).rejects.toMatchObject({
      name: "SalesmaniaAuthError",
      status: 401,
      operation: "GET /extapi/v1.0/token",
    });
  });

  it("a credentials provider is told of a refusal; its newer credentials are used and the call repeated once", async () => {
    let password = "before-rotation";
    const refusals: string[] = [];
    const provider: CredentialsProvider = {
      current: async () => ({ kind: "credentials", username: "demo", password }),
      refused: async (refused) => {
        refusals.push(refused.kind === "credentials" ? refused.password : "tokens");
        if (password === "demo-password") return undefined;
        password = "demo-password"; // rotated in the store
        return { kind: "credentials", username: "demo", password };
      },
    };
    const { client, calls } = await start({}, { auth: provider });
    expect(String(client)).toContain("auth: provided");
    expect((await client.teams.list()).length).toBe(2);
    expect(refusals).toEqual(["before-rotation"]);
    expect(calls("GET /extapi/v1.0/token")).toEqual([
      "GET /extapi/v1.0/token 401",
      "GET /extapi/v1.0/token 200",
    ]);
    expect(String(client)).toContain("auth: credentials");
    expect(String(client)).not.toContain("demo-password");
  });

  it("a refusal the provider has nothing newer for stands: one ask, no repeat", async () => {
    let asked = 0;
    const provider: CredentialsProvider = {
      current: async () => ({ kind: "credentials", username: "demo", password: "nope" }),
      refused: async () => {
        asked++;
        return undefined;
      },
    };
    const { client, calls } = await start({}, { auth: provider });
    await expect(client.customers.get(1)).rejects.toMatchObject({ name: "SalesmaniaAuthError", status: 401 });
    expect(asked).toBe(1);
    expect(calls("GET /extapi/v1.0/token")).toEqual(["GET /extapi/v1.0/token 401"]);
  });

  it("a team the user cannot use: 403 from the team token endpoint is an auth error", async () => {
    const { client } = await start({}, { auth: { kind: "credentials", ...DEMO, teamId: 1 } });
    await expect(client.teams.list()).rejects.toMatchObject({ name: "SalesmaniaAuthError", status: 403 });
  });

  it("a 403 on a data call drops the cached team token: the next call fetches a new one", async () => {
    const { client, sandbox, calls } = await start();
    await client.teams.list();
    sandbox.faults.add({ route: "GET /extapi/v1.0/teams", status: 403 });
    await expect(client.teams.list()).rejects.toMatchObject({ name: "SalesmaniaAuthError", status: 403 });
    expect((await client.teams.list()).length).toBe(2);
    expect(calls("GET /extapi/v1.0/team_token")).toEqual([
      "GET /extapi/v1.0/team_token 200",
      "GET /extapi/v1.0/team_token 200",
    ]);
    expect(calls("GET /extapi/v1.0/token")).toEqual(["GET /extapi/v1.0/token 200"]);
  });

  it("ready-made tokens: no token requests; a rejected token is an auth error at once", async () => {
    const { sandbox, url, calls } = await start();
    const good = new SalesmaniaClient({
      baseUrl: url,
      auth: {
        kind: "tokens",
        bearerToken: sandbox.issueBearerToken("demo"),
        teamToken: sandbox.issueTeamToken(DEMO.databaseId, 24729),
      },
    });
    expect((await good.teams.list()).length).toBe(2);
    await good.visits.create({ date: "2026-03-02", customer_id: demoSeed.customers![0]!.id! });
    expect(sandbox.state().visits.map((v) => v.team_id)).toEqual([24729]);

    const expired = new SalesmaniaClient({
      baseUrl: url,
      auth: {
        kind: "tokens",
        bearerToken: "not-a-token",
        teamToken: sandbox.issueTeamToken(DEMO.databaseId, 24728),
      },
    });
    await expect(expired.teams.list()).rejects.toMatchObject({ name: "SalesmaniaAuthError", status: 401 });
    expect(calls("GET /extapi/v1.0/token")).toEqual([]);
  });
});

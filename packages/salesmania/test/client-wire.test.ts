// The client against answers of the wrong shape, error bodies, bad arguments and refused connections.
import { afterEach, describe, expect, it } from "vitest";
import {
  type RequestInfo,
  SalesmaniaAuthError,
  SalesmaniaClient,
  SalesmaniaHttpError,
  SalesmaniaInputError,
  SalesmaniaNetworkError,
  SalesmaniaResponseShapeError,
} from "../src/index.ts";
import { type Routes, refusedUrl, startFakeServer } from "./fake-server.ts";

const TOKENS = { kind: "tokens", bearerToken: "bearer-secret-1", teamToken: "team-secret-1" } as const;
const CREDENTIALS = { kind: "credentials", username: "demo", password: "pw-secret", databaseId: 7 } as const;
const OK_TOKENS: Routes = {
  "GET /extapi/v1.0/token": { json: { token: "bearer-secret-1", expires_in: 3600 } },
  "GET /extapi/v1.0/team_token": { json: { team_token: "team-secret-1" } },
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function clientFor(
  routes: Routes,
  auth: ConstructorParameters<typeof SalesmaniaClient>[0]["auth"] = TOKENS,
) {
  const server = await startFakeServer(routes);
  close = server.close;
  const client = new SalesmaniaClient({
    baseUrl: server.url,
    auth,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { client, received: server.received };
}

describe("responses of the wrong shape", () => {
  it("names the expected token fields and the keys that arrived", async () => {
    const { client } = await clientFor(
      { "GET /extapi/v1.0/token": { json: { access_token: "x", ttl: 60 } } },
      CREDENTIALS,
    );
    const error = await client.teams.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaResponseShapeError);
    expect((error as Error).message).toContain(
      "GET /extapi/v1.0/token: unexpected response: expected {token, expires_in?}, got keys [access_token, ttl]",
    );
  });

  it("rejects a team token response without team_token", async () => {
    const { client } = await clientFor(
      { ...OK_TOKENS, "GET /extapi/v1.0/team_token": { json: { token: "x" } } },
      CREDENTIALS,
    );
    await expect(client.auth.teamToken()).rejects.toThrow("expected {team_token}, got keys [token]");
  });

  it("rejects a list without meta, and a record with a wrong field type", async () => {
    const { client } = await clientFor({
      "GET /extapi/v1.0/customers": { json: { data: [] } },
      "GET /extapi/v1.0/customers/5": { json: { id: "5", name: "Toko" } },
    });
    await expect(client.customers.list()).rejects.toThrow(
      "expected {data: customer {id, name, …}[], meta: {page, limit, total}}, got keys [data] (meta:",
    );
    const error = await client.customers.get(5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaResponseShapeError);
    expect((error as Error).message).toMatch(/got keys \[id, name\] \(id: .*number/);
  });

  it("a list that ignores `page` (always answers page 1) is a shape error, not an endless walk", async () => {
    const customer = { id: 1, name: "Toko" };
    const { client, received } = await clientFor({
      "GET /extapi/v1.0/customers": { json: { data: [customer], meta: { page: 1, limit: 1, total: 3 } } },
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const row of client.customers.iterate({ limit: 1 })) seen.push(row);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaResponseShapeError);
    expect((error as Error).message).toContain(
      "GET /extapi/v1.0/customers: unexpected response: expected meta.page 2 (the page asked for), got meta.page 1",
    );
    expect(seen).toEqual([customer]);
    expect(received.length).toBe(2);
  });

  it("rejects a non-JSON 2xx body and an array where {} was expected", async () => {
    const { client } = await clientFor({
      "GET /extapi/v1.0/teams": { text: "<html>maintenance</html>" },
      "PATCH /extapi/v1.0/orders/3": { json: [] },
    });
    await expect(client.teams.list()).rejects.toThrow(
      'expected a JSON body, got text "<html>maintenance</html>"',
    );
    await expect(client.orders.update(3, { status: "Lunas" })).rejects.toThrow(
      "expected {}, got an array of 0",
    );
  });

  it("POST /customers may answer {} (id unknown), POST /products must answer {id}", async () => {
    const { client } = await clientFor({
      "POST /extapi/v1.0/customers": { json: {} },
      "POST /extapi/v1.0/products": { json: {} },
    });
    expect(await client.customers.create({ name: "Toko Maju" })).toEqual({});
    await expect(
      client.products.create({
        name: "Teh",
        qty_on_hand: 1,
        product_units: [{ name: "PCS", price: 1, ratio: 1 }],
      }),
    ).rejects.toThrow("expected {id}, got keys [] (id:");
  });

  it("fails clearly when the account has no database", async () => {
    const { client } = await clientFor(
      { ...OK_TOKENS, "GET /extapi/v1.0/databases": { json: { data: [] } } },
      { kind: "credentials", username: "demo", password: "pw-secret" },
    );
    await expect(client.teams.list()).rejects.toThrow(
      "GET /extapi/v1.0/databases: unexpected response: expected at least one database, got an empty list",
    );
  });
});

describe("error answers", () => {
  it("keeps status, message, field errors and the raw body of a 422", async () => {
    const body = { message: "validation failed", errors: { name: "required" } };
    const { client } = await clientFor({ "PATCH /extapi/v1.0/customers/9": { status: 422, json: body } });
    const error = (await client.customers
      .update(9, { city: "Bandung" })
      .catch((e: unknown) => e)) as SalesmaniaHttpError;
    expect(error).toBeInstanceOf(SalesmaniaHttpError);
    expect(error.status).toBe(422);
    expect(error.code).toBe("http_422");
    expect(error.apiMessage).toBe("validation failed");
    expect(error.fieldErrors).toEqual({ name: "required" });
    expect(JSON.parse(error.body)).toEqual(body);
    expect(error.retryable).toBe(false);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toBe("PATCH /extapi/v1.0/customers/9: HTTP 422 validation failed");
  });

  it("keeps a non-JSON error body raw", async () => {
    const { client } = await clientFor({
      "DELETE /extapi/v1.0/products/4": { status: 404, text: "Not here" },
    });
    const error = (await client.products.delete(4).catch((e: unknown) => e)) as SalesmaniaHttpError;
    expect(error.status).toBe(404);
    expect(error.body).toBe("Not here");
    expect(error.fieldErrors).toBeUndefined();
  });

  it("a 401 with ready-made tokens is an auth error at once; a 403 is an auth error", async () => {
    const { client, received } = await clientFor({
      "GET /extapi/v1.0/teams": { status: 401, json: { message: "token expired" } },
      "GET /extapi/v1.0/orders/1": { status: 403, json: { message: "bad team token" } },
    });
    await expect(client.teams.list()).rejects.toBeInstanceOf(SalesmaniaAuthError);
    await expect(client.orders.get(1)).rejects.toThrow("HTTP 403 bad team token");
    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /extapi/v1.0/teams",
      "GET /extapi/v1.0/orders/1",
    ]);
  });

  it("bad credentials: the token endpoint's 401 is an auth error, not retried", async () => {
    const { client, received } = await clientFor(
      { "GET /extapi/v1.0/token": { status: 401, json: { message: "invalid credentials" } } },
      CREDENTIALS,
    );
    const error = await client.customers.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaAuthError);
    expect((error as SalesmaniaAuthError).apiMessage).toBe("invalid credentials");
    expect(received).toHaveLength(1);
    expect(received[0]?.authorization).toBe(`Basic ${Buffer.from("demo:pw-secret").toString("base64")}`);
  });
});

describe("arguments are checked before anything is sent", () => {
  it.each<[string, (client: SalesmaniaClient) => Promise<unknown>, string]>([
    [
      "customer without name",
      (c: SalesmaniaClient) => c.customers.create({ name: "" }),
      "name: name is required",
    ],
    [
      "location out of range",
      (c: SalesmaniaClient) => c.customers.update(1, { location: { lat: 91, lon: 0 } }),
      "location.lat:",
    ],
    ["id not an integer", (c: SalesmaniaClient) => c.orders.get(1.5), "GET /extapi/v1.0/orders/{id}"],
    ["limit over 100", (c: SalesmaniaClient) => c.products.list({ limit: 500 }), "limit:"],
    ["visit date", (c: SalesmaniaClient) => c.visits.create({ date: "01/02/2026", customer_id: 1 }), "date:"],
    [
      "visit customer_id not an integer",
      (c: SalesmaniaClient) => c.visits.create({ date: "2026-03-02", customer_id: 100001.5 }),
      "customer_id:",
    ],
    [
      "order line product_id not an integer",
      (c: SalesmaniaClient) =>
        c.orders.create({
          date: "2026-03-01",
          customer_id: 1,
          team_id: 2.5,
          ordered_products: [{ product_id: 1.5, qty: 1, unit: "PCS", price: 1 }],
        }),
      "ordered_products.0.product_id:",
    ],
    [
      "product without base unit",
      (c: SalesmaniaClient) =>
        c.products.create({
          name: "Teh",
          qty_on_hand: 1,
          product_units: [{ name: "BOX", price: 9, ratio: 12 }],
        }),
      "one product unit must have ratio 1",
    ],
    [
      "order line with both discounts",
      (c: SalesmaniaClient) =>
        c.orders.create({
          date: "2026-03-01",
          customer_id: 1,
          ordered_products: [
            { product_id: 1, qty: 1, unit: "PCS", price: 1, item_disc_percent: "5", item_disc_amount: 1 },
          ],
        }),
      "either item_disc_percent or item_disc_amount",
    ],
    [
      "order status",
      (c: SalesmaniaClient) => c.orders.update(1, { status: "Done" as "Baru" }),
      "status must be one of",
    ],
  ])("%s", async (_name, act, fragment) => {
    const { client, received } = await clientFor({});
    // A rejected promise, not a synchronous throw: callers handle every failure the same way.
    const error = await act(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaInputError);
    expect((error as Error).message).toContain(fragment);
    expect(received).toHaveLength(0);
  });
});

describe("connection refused", () => {
  it("is retried (nothing was sent), then a retryable SalesmaniaNetworkError — for a create too", async () => {
    const attempts: RequestInfo[] = [];
    const client = new SalesmaniaClient({
      baseUrl: await refusedUrl(),
      auth: TOKENS,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      onRequest: (info) => attempts.push(info),
    });
    for (const call of [
      () => client.teams.list(),
      () => client.visits.create({ date: "2026-03-01", customer_id: 1 }),
    ]) {
      attempts.length = 0;
      const error = (await call().catch((e: unknown) => e)) as SalesmaniaNetworkError;
      expect(error).toBeInstanceOf(SalesmaniaNetworkError);
      expect(error.message).toContain("ECONNREFUSED");
      expect(error.retryable).toBe(true);
      expect(error.outcomeUnknown).toBe(false);
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(attempts.every((a) => a.status === undefined && a.error?.includes("ECONNREFUSED"))).toBe(true);
    }
  });
});

// Passwords, bearer tokens and team tokens never show in errors, operations, onRequest info, or the client.
import { inspect } from "node:util";
import { demoSeed } from "@smx/sandbox";
import { describe, expect, it } from "vitest";
import { SalesmaniaClient, SalesmaniaInputError, SalesmaniaResponseShapeError } from "../src/index.ts";
import { startFakeServer } from "./fake-server.ts";
import { DEMO, useSandbox } from "./sandbox-helpers.ts";

const start = useSandbox();

it("no secret appears in errors, onRequest info, String(client) or inspect(client)", async () => {
  const { client, sandbox, requests, url } = await start({}, { timeoutMs: 200 });
  const bearer = await client.auth.bearerToken();
  const teamToken = await client.auth.teamToken();
  const secrets = [DEMO.password, bearer, teamToken, Buffer.from(`demo:${DEMO.password}`).toString("base64")];

  sandbox.faults.add({ route: "GET /extapi/v1.0/customers/:id", status: 403, times: 1 });
  sandbox.faults.add({ route: "POST /extapi/v1.1/visits", kind: "hang" });
  sandbox.faults.add({ route: "POST /extapi/v1.0/orders", kind: "reset" });
  const failures = await Promise.all(
    [
      client.customers.get(demoSeed.customers![0]!.id!),
      client.visits.create({ date: "2026-03-02", customer_id: 1 }),
      client.orders.create({
        date: "2026-03-02",
        customer_id: 1,
        ordered_products: [{ product_id: 1, qty: 1, unit: "PCS", price: 1 }],
      }),
      client.customers.create({ name: "" }),
    ].map((call) =>
      call.then(
        () => undefined,
        (e: unknown) => e,
      ),
    ),
  );
  expect(failures.map((e) => (e as Error).name)).toEqual([
    "SalesmaniaAuthError",
    "SalesmaniaTimeoutError",
    "SalesmaniaNetworkError",
    "SalesmaniaInputError",
  ]);

  const wrongShapes = await startFakeServer({ "GET /extapi/v1.0/teams": { json: { echo: "x" } } });
  const tokensClient = new SalesmaniaClient({
    baseUrl: wrongShapes.url,
    auth: { kind: "tokens", bearerToken: bearer, teamToken },
  });
  failures.push(await tokensClient.teams.list().catch((e: unknown) => e));
  await wrongShapes.close();
  expect((failures.at(-1) as Error).name).toBe("SalesmaniaResponseShapeError");

  const texts = [
    ...failures.flatMap((e) => [
      String(e),
      inspect(e, { depth: 10 }),
      JSON.stringify(e),
      (e as { operation: string }).operation,
    ]),
    JSON.stringify(requests),
    String(client),
    inspect(client, { depth: 10, showHidden: true }),
    JSON.stringify(client),
    String(tokensClient),
    inspect(tokensClient, { depth: 10, showHidden: true }),
  ];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  expect(requests.every((r) => !r.path.includes("?"))).toBe(true);
  expect(String(client)).toBe(`SalesmaniaClient(${url}, auth: credentials)`);
});

describe("a token answer of the wrong shape is named without quoting the token", () => {
  const secret = "live-bearer-4f9c2d";
  it.each([
    ["plain text", { text: secret }],
    ["a JSON string", { json: secret }],
    ["a token of the wrong type", { json: { token: 4_195_302_117 } }],
  ])("GET /token answering %s", async (_what, answer) => {
    const server = await startFakeServer({ "GET /extapi/v1.0/token": answer });
    const client = new SalesmaniaClient({
      baseUrl: server.url,
      auth: { kind: "credentials", username: "u", password: "p", databaseId: 1 },
    });
    const error = await client.auth.bearerToken().catch((e: unknown) => e);
    await server.close();
    expect(error).toBeInstanceOf(SalesmaniaResponseShapeError);
    const text = `${String(error)} ${inspect(error, { depth: 10 })}`;
    expect(text).toContain("GET /extapi/v1.0/token: unexpected response: expected ");
    expect(text).not.toContain(secret);
    expect(text).not.toContain("4195302117");
  });

  it("GET /team_token answering plain text", async () => {
    const server = await startFakeServer({
      "GET /extapi/v1.0/token": { json: { token: "b" } },
      "GET /extapi/v1.0/team_token": { text: secret },
    });
    const client = new SalesmaniaClient({
      baseUrl: server.url,
      auth: { kind: "credentials", username: "u", password: "p", databaseId: 1 },
    });
    const error = await client.auth.teamToken().catch((e: unknown) => e);
    await server.close();
    expect(String(error)).toContain("expected a JSON body, got text of 18 characters");
    expect(inspect(error, { depth: 10 })).not.toContain(secret);
  });
});

it("a ready-made token that cannot go in a header: input error naming the header, nothing sent, no token shown", async () => {
  const server = await startFakeServer({});
  const bearerToken = "pasted-token\nsecond-line";
  const client = new SalesmaniaClient({
    baseUrl: server.url,
    auth: { kind: "tokens", bearerToken, teamToken: "t" },
  });
  const error = await client.visits.create({ date: "2026-03-02", customer_id: 1 }).catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SalesmaniaInputError);
  expect((error as SalesmaniaInputError).outcomeUnknown).toBe(false);
  expect(String(error)).toContain("authorization header");
  for (const part of ["pasted-token", "second-line"])
    expect(inspect(error, { depth: 10 })).not.toContain(part);
  expect(server.received).toEqual([]);
});

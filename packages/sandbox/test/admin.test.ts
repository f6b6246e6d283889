import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import demoJson from "../seeds/demo.json" with { type: "json" };
import { demoSeed } from "../src/index.ts";
import { Client, DB, startForFile } from "./helpers.ts";

const { url, sandbox } = await startForFile();
const admin = new Client(url);
const client = new Client(url);
beforeAll(() => client.login());
beforeEach(async () => {
  await admin.send("POST", "/_sandbox/reset");
  await admin.send("DELETE", "/_sandbox/faults");
  await admin.send("DELETE", "/_sandbox/journal");
});

describe("demo seed", () => {
  it("is seeds/demo.json, with the documented demo account", () => {
    expect(demoSeed).toEqual(demoJson);
    expect(demoSeed.users).toEqual([
      expect.objectContaining({ username: "demo", password: "demo-password" }),
    ]);
    expect(demoSeed.databases[0]).toMatchObject({ id: 2981, name: "PT Contoh Distribusi" });
    expect(demoSeed.databases[0]?.teams.map((t) => t.id)).toEqual([24728, 24729]);
    expect(demoSeed.customers?.map((c) => c.ext_cust_no)).toContain("C-001");
    expect(
      demoSeed.products?.every((p) => p.product_units.some((u) => u.name === "PCS" && u.ratio === 1)),
    ).toBe(true);
  });
});

describe("faults over the admin API", () => {
  it("POST → {id}, GET lists (Infinity as a string), DELETE clears; the rule applies", async () => {
    const added = await admin.send("POST", "/_sandbox/faults", {
      body: { route: "GET /extapi/v1.0/teams", status: 503, times: "Infinity" },
    });
    expect(added.body).toEqual({ id: expect.any(String) });
    const listed = await admin.send("GET", "/_sandbox/faults");
    expect(listed.body.data).toEqual([
      { id: added.body.id, route: "GET /extapi/v1.0/teams", status: 503, times: "Infinity" },
    ]);
    expect((await client.data("GET", "/extapi/v1.0/teams")).status).toBe(503);
    expect((await client.data("GET", "/extapi/v1.0/teams")).status).toBe(503);
    await admin.send("DELETE", "/_sandbox/faults");
    expect((await admin.send("GET", "/_sandbox/faults")).body.data).toEqual([]);
    expect((await client.data("GET", "/extapi/v1.0/teams")).status).toBe(200);
  });

  it("422 {message} naming the problem for an invalid rule; 400 for malformed JSON", async () => {
    const bad = await admin.send("POST", "/_sandbox/faults", { body: { route: "*", kind: "explode" } });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/kind/);
    expect((await admin.send("POST", "/_sandbox/faults", { raw: "{" })).status).toBe(400);
  });
});

describe("seed, reset, state", () => {
  it("POST /_sandbox/seed adds data; reset returns to the configured seed", async () => {
    const seeded = await admin.send("POST", "/_sandbox/seed", {
      body: { users: [], databases: [], customers: [{ databaseId: DB, id: 150000, name: "Toko Seed" }] },
    });
    expect(seeded).toMatchObject({ status: 200, body: {} });
    expect((await client.data("GET", "/extapi/v1.0/customers/150000")).body.name).toBe("Toko Seed");
    await client.data("POST", "/extapi/v1.1/visits", { date: "2026-06-01", customer_id: 150000 });
    expect((await admin.send("GET", "/_sandbox/state")).body.visits).toHaveLength(1);
    await admin.send("POST", "/_sandbox/reset");
    const state = (await admin.send("GET", "/_sandbox/state")).body;
    expect(state.customers).toHaveLength(demoSeed.customers!.length);
    expect(state.visits).toEqual([]);
    // The bearer survives a reset of the data.
    expect((await client.data("GET", "/extapi/v1.0/customers/150000")).status).toBe(404);
  });

  it("reset with a body replaces everything with that seed", async () => {
    const seed = {
      users: [{ username: "solo", password: "solo-pw", databaseIds: [7] }],
      databases: [{ id: 7, name: "PT Tujuh", teams: [{ id: 70, name: "Tim" }] }],
    };
    expect((await admin.send("POST", "/_sandbox/reset", { body: seed })).status).toBe(200);
    expect(sandbox.state()).toMatchObject({ users: [{ username: "solo", databaseIds: [7] }], customers: [] });
    expect(JSON.stringify(sandbox.state())).not.toContain("solo-pw");
    expect((await new Client(url).login("solo", "solo-pw", 7)).teamToken).toBeDefined();
  });

  it("422 for invalid seeds, naming the field, and nothing half-applied", async () => {
    const shape = await admin.send("POST", "/_sandbox/seed", {
      body: { users: [{ username: "x" }], databases: [] },
    });
    expect(shape.status).toBe(422);
    expect(shape.body.message).toMatch(/users\.0\.password/);
    const before = sandbox.state();
    const dangling = await admin.send("POST", "/_sandbox/seed", {
      body: {
        users: [],
        databases: [],
        customers: [
          { databaseId: DB, name: "ok" },
          { databaseId: 1, name: "orphan" },
        ],
      },
    });
    expect(dangling.status).toBe(422);
    expect(dangling.body.message).toMatch(/databaseId 1/);
    expect(sandbox.state()).toEqual(before);
  });
});

describe("journal", () => {
  it("records API requests with redacted team_token and the request body; admin calls are left out", async () => {
    await client.data("POST", "/extapi/v1.1/visits?x=1", { date: "2026-06-01", customer_id: 100001 });
    await client.data("GET", "/extapi/v1.0/customers?limit=5");
    const journal = (await admin.send("GET", "/_sandbox/journal")).body.data;
    expect(journal).toEqual([
      {
        at: expect.any(String),
        method: "POST",
        path: "/extapi/v1.1/visits",
        query: { x: "1", team_token: "[redacted]" },
        status: 200,
        requestBody: { date: "2026-06-01", customer_id: 100001 },
      },
      expect.objectContaining({
        method: "GET",
        query: { limit: "5", team_token: "[redacted]" },
        status: 200,
      }),
    ]);
    expect(JSON.stringify(journal)).not.toContain(client.teamToken);
    await admin.send("DELETE", "/_sandbox/journal");
    expect(sandbox.journal()).toEqual([]);
  });
});

it("seed errors never quote a password", async () => {
  const answer = await admin.send("POST", "/_sandbox/seed", {
    body: { users: [{ username: "x", password: 987654321, databaseIds: [] }], databases: [] },
  });
  expect(answer.status).toBe(422);
  expect(answer.body.message).toMatch(/users\.0\.password/);
  expect(answer.body.message).not.toContain("987654321");
});

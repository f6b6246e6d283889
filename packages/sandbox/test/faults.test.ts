import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createSandbox, SimulatedConnectionDrop, startSandbox } from "../src/index.ts";
import { Client, DB, startForFile, TEAM } from "./helpers.ts";

const { url, sandbox } = await startForFile();
const client = new Client(url);
beforeAll(() => client.login());
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearJournal();
});

const VISITS = "/extapi/v1.1/visits";
const visit = { date: "2026-05-05", customer_id: 100001 };
const visitCount = () => sandbox.state().visits.length;
const lastEntry = () => sandbox.journal().at(-1)!;

describe("kind status", () => {
  it("answers the status at once and writes nothing; Retry-After when given", async () => {
    sandbox.faults.add({ route: `POST ${VISITS}`, status: 503, retryAfterSeconds: 7 });
    const before = visitCount();
    const answer = await client.data("POST", VISITS, visit);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.body).toEqual({ message: expect.any(String) });
    expect(visitCount()).toBe(before);
    expect(lastEntry()).toMatchObject({ status: 503, fault: { kind: "status" } });
    // times defaults to 1: the next request goes through.
    expect((await client.data("POST", VISITS, visit)).status).toBe(200);
    expect(lastEntry().fault).toBeUndefined();
  });

  it("429 with Retry-After, `times` requests, path params and before auth", async () => {
    sandbox.faults.add({
      route: "GET /extapi/v1.0/customers/:id",
      kind: "status",
      status: 429,
      retryAfterSeconds: 2,
      times: 2,
    });
    const anonymous = new Client(url);
    expect((await anonymous.data("GET", "/extapi/v1.0/customers/100001")).status).toBe(429);
    expect((await client.data("GET", "/extapi/v1.0/customers/100002")).headers.get("retry-after")).toBe("2");
    expect((await client.data("GET", "/extapi/v1.0/customers/100002")).status).toBe(200);
    expect((await client.data("GET", "/extapi/v1.0/customers")).status).toBe(200);
  });

  it('"*" matches every API request; Infinity keeps the rule', async () => {
    sandbox.faults.add({ route: "*", status: 502, times: Number.POSITIVE_INFINITY });
    expect((await client.send("GET", "/extapi/v1.0/databases")).status).toBe(502);
    expect((await client.data("GET", "/extapi/v1.0/orders/1")).status).toBe(502);
    expect(sandbox.faults.list()).toEqual([
      expect.objectContaining({ route: "*", times: Number.POSITIVE_INFINITY }),
    ]);
  });

  it("rejects rules that cannot work", () => {
    expect(() => sandbox.faults.add({ route: "visits" })).toThrow(/route/);
    expect(() => sandbox.faults.add({ route: "*" })).toThrow(/no effect/);
    expect(() => sandbox.faults.add({ route: "*", kind: "status", after: "reset" })).toThrow(/after/);
    expect(() => sandbox.faults.add({ route: "*", status: 200 })).toThrow(/status/);
  });
});

describe("latency", () => {
  it("delays, then handles the request normally (marked in the journal)", async () => {
    sandbox.faults.add({ route: `POST ${VISITS}`, latencyMs: 50 });
    const before = visitCount();
    expect((await client.data("POST", VISITS, visit)).status).toBe(200);
    expect(visitCount()).toBe(before + 1);
    expect(lastEntry()).toMatchObject({ status: 200, fault: { kind: "latency" } });
  });

  it("combines with a status", async () => {
    sandbox.faults.add({ route: `POST ${VISITS}`, latencyMs: 20, status: 500 });
    expect((await client.data("POST", VISITS, visit)).status).toBe(500);
  });
});

describe("hang", () => {
  it("never answers; the client's abort releases it and nothing is written", async () => {
    sandbox.faults.add({ route: `POST ${VISITS}`, kind: "hang" });
    const before = visitCount();
    const abort = new AbortController();
    const pending = client.data("POST", VISITS, visit, { signal: abort.signal });
    await vi.waitFor(() => expect(sandbox.journal()).toHaveLength(1));
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await vi.waitFor(() =>
      expect(sandbox.journal()[0]).toMatchObject({ status: 0, fault: { kind: "hang" } }),
    );
    expect(visitCount()).toBe(before);
    expect((await client.data("POST", VISITS, visit)).status).toBe(200);
  });

  it("close() releases a hanging request (the client sees a network error)", async () => {
    const own = await startSandbox();
    const ownClient = await new Client(own.url).login();
    own.sandbox.faults.add({ route: "GET /extapi/v1.0/teams", kind: "hang" });
    const pending = ownClient.data("GET", "/extapi/v1.0/teams");
    await vi.waitFor(() => expect(own.sandbox.journal().at(-1)?.path).toBe("/extapi/v1.0/teams"));
    await own.close();
    await expect(pending).rejects.toThrow(TypeError);
  });
});

describe("reset", () => {
  it("destroys the connection without an HTTP answer", async () => {
    sandbox.faults.add({ route: "GET /extapi/v1.0/token", kind: "reset" });
    const error = await new Client(url).send("GET", "/extapi/v1.0/token").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(lastEntry()).toMatchObject({ status: 0, fault: { kind: "reset" } });
    expect((await client.send("GET", "/extapi/v1.0/databases")).status).toBe(200);
  });

  it("in-process, app.fetch rejects with SimulatedConnectionDrop", async () => {
    const local = createSandbox();
    local.faults.add({ route: "GET /extapi/v1.0/token", kind: "reset" });
    await expect(local.app.request("/extapi/v1.0/token")).rejects.toBeInstanceOf(SimulatedConnectionDrop);
    expect(local.journal()[0]).toMatchObject({ status: 0, fault: { kind: "reset" } });
  });
});

describe("commit-then-fail", () => {
  it("writes, then answers 500 by default", async () => {
    sandbox.faults.add({ route: `POST ${VISITS}`, kind: "commit-then-fail" });
    const before = visitCount();
    const answer = await client.data("POST", VISITS, visit);
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ message: expect.any(String) });
    expect(visitCount()).toBe(before + 1);
    expect(lastEntry()).toMatchObject({ status: 500, fault: { kind: "commit-then-fail" } });
  });

  it("writes, then answers the given status with Retry-After", async () => {
    sandbox.faults.add({
      route: "POST /extapi/v1.0/orders",
      kind: "commit-then-fail",
      status: 503,
      retryAfterSeconds: 3,
    });
    const before = sandbox.state().orders.length;
    const answer = await client.data("POST", "/extapi/v1.0/orders", {
      date: "2026-05-05",
      customer_id: 100001,
      ordered_products: [{ product_id: 200001, qty: 1, unit: "PCS", price: 4500 }],
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("3");
    expect(sandbox.state().orders).toHaveLength(before + 1);
  });

  it("commits nothing when the request is refused, so the real refusal (422, 401) is answered", async () => {
    sandbox.faults.add({ route: `POST ${VISITS}`, kind: "commit-then-fail", after: "reset", times: 2 });
    const before = visitCount();
    const invalid = await client.data("POST", VISITS, { ...visit, customer_id: 1 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toHaveProperty("customer_id");
    const anonymous = await new Client(url).send("POST", VISITS, { body: visit });
    expect(anonymous.status).toBe(401);
    expect(visitCount()).toBe(before);
    expect(sandbox.journal().map((e) => e.status)).toEqual([422, 401]);
  });

  it("writes, then resets the connection", async () => {
    sandbox.faults.add({ route: `POST ${VISITS}`, kind: "commit-then-fail", after: "reset" });
    const before = visitCount();
    await expect(client.data("POST", VISITS, visit)).rejects.toBeInstanceOf(TypeError);
    expect(visitCount()).toBe(before + 1);
  });

  it("writes, then hangs until the client gives up", async () => {
    sandbox.faults.add({
      route: "PATCH /extapi/v1.0/customers/:id",
      kind: "commit-then-fail",
      after: "hang",
    });
    const abort = new AbortController();
    const pending = client.data(
      "PATCH",
      "/extapi/v1.0/customers/100002",
      { city: "Bekasi" },
      { signal: abort.signal },
    );
    await vi.waitFor(() =>
      expect(sandbox.state().customers.find((c) => c.id === 100002)?.city).toBe("Bekasi"),
    );
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await vi.waitFor(() =>
      expect(lastEntry()).toMatchObject({ status: 0, fault: { kind: "commit-then-fail" } }),
    );
  });
});

it("fault rules do not touch the admin API", async () => {
  sandbox.faults.add({ route: "*", status: 500, times: Number.POSITIVE_INFINITY });
  expect((await client.send("GET", "/_sandbox/state")).status).toBe(200);
  expect((await client.send("DELETE", "/_sandbox/faults")).status).toBe(200);
  expect((await client.data("GET", "/extapi/v1.0/teams")).body.data).toContainEqual({
    id: TEAM,
    name: "Sales Jakarta 1",
  });
  expect(sandbox.state().databases[0]?.id).toBe(DB);
});

// Each fault kind of the sandbox against the retry and outcome-unknown rules: repeat only what is safe.
import { demoSeed } from "@smx/sandbox";
import { describe, expect, it } from "vitest";
import {
  type OrderInput,
  SalesmaniaHttpError,
  SalesmaniaNetworkError,
  SalesmaniaTimeoutError,
} from "../src/index.ts";
import { useSandbox } from "./sandbox-helpers.ts";

const start = useSandbox();
const CUSTOMER = demoSeed.customers![0]!.id!;
const PRODUCT = demoSeed.products![0]!.id!;
const VISIT = { date: "2026-03-02", customer_id: CUSTOMER };
const order = (ext_order_no: string): OrderInput => ({
  date: "2026-03-02",
  customer_id: CUSTOMER,
  ext_order_no,
  ordered_products: [{ product_id: PRODUCT, qty: 1, unit: "PCS", price: 1000 }],
});

/** A started sandbox whose tokens are already fetched, so the journal holds only the calls under test. */
async function warm(...args: Parameters<typeof start>) {
  const setup = await start(...args);
  await setup.client.auth.teamToken();
  setup.sandbox.clearJournal();
  setup.requests.length = 0;
  return setup;
}

describe("idempotent calls are retried", () => {
  it("500 on a GET: retried until it succeeds (journal shows each attempt)", async () => {
    const { client, sandbox, calls, requests } = await warm();
    sandbox.faults.add({ route: "GET /extapi/v1.0/customers/:id", kind: "status", status: 500, times: 2 });
    expect((await client.customers.get(CUSTOMER)).id).toBe(CUSTOMER);
    expect(calls()).toEqual([
      `GET /extapi/v1.0/customers/${CUSTOMER} 500`,
      `GET /extapi/v1.0/customers/${CUSTOMER} 500`,
      `GET /extapi/v1.0/customers/${CUSTOMER} 200`,
    ]);
    expect(requests.map((r) => [r.attempt, r.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it("500 that persists: SalesmaniaHttpError after maxAttempts, retryable, outcome known", async () => {
    const { client, sandbox, calls } = await warm(
      {},
      { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 } },
    );
    sandbox.faults.add({ route: "GET /extapi/v1.0/teams", status: 502, times: Number.POSITIVE_INFINITY });
    const error = (await client.teams.list().catch((e: unknown) => e)) as SalesmaniaHttpError;
    expect(error).toBeInstanceOf(SalesmaniaHttpError);
    expect(error).toMatchObject({ status: 502, retryable: true, outcomeUnknown: false });
    expect(calls()).toHaveLength(4);
  });

  it("a hanging GET times out and is retried", async () => {
    const { client, sandbox, calls } = await warm({}, { timeoutMs: 200 });
    sandbox.faults.add({ route: "GET /extapi/v1.0/products/:id", kind: "hang" });
    expect((await client.products.get(PRODUCT)).id).toBe(PRODUCT);
    expect(calls()).toEqual([
      `GET /extapi/v1.0/products/${PRODUCT} 0`,
      `GET /extapi/v1.0/products/${PRODUCT} 200`,
    ]);
  });

  it("a reset PATCH (idempotent by id) is retried", async () => {
    const { client, sandbox, calls } = await warm();
    sandbox.faults.add({ route: "PATCH /extapi/v1.0/customers/:id", kind: "reset" });
    await client.customers.update(CUSTOMER, { city: "Depok" });
    expect(sandbox.state().customers.find((c) => c.id === CUSTOMER)?.city).toBe("Depok");
    expect(calls()).toEqual([
      `PATCH /extapi/v1.0/customers/${CUSTOMER} 0`,
      `PATCH /extapi/v1.0/customers/${CUSTOMER} 200`,
    ]);
  });

  it.each([
    ["500", { after: "status" as const }],
    ["a reset", { after: "reset" as const }],
  ])("a DELETE applied before %s: the repeat's 404 means done, not an error", async (_what, fault) => {
    const { client, sandbox, calls } = await warm();
    sandbox.faults.add({ route: "DELETE /extapi/v1.0/customers/:id", kind: "commit-then-fail", ...fault });
    await client.customers.delete(CUSTOMER);
    expect(sandbox.state().customers.some((c) => c.id === CUSTOMER)).toBe(false);
    expect(calls()).toEqual([
      `DELETE /extapi/v1.0/customers/${CUSTOMER} ${fault.after === "status" ? 500 : 0}`,
      `DELETE /extapi/v1.0/customers/${CUSTOMER} 404`,
    ]);
  });

  it("a DELETE answered 404 by its first attempt is still an error", async () => {
    const { client } = await warm();
    const error = await client.customers.delete(999_999).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SalesmaniaHttpError", status: 404 });
  });

  it("the caller's abort stops at once: SalesmaniaTimeoutError, no retry", async () => {
    const { client, sandbox, calls } = await warm({}, { timeoutMs: 10_000 });
    sandbox.faults.add({ route: "GET /extapi/v1.0/teams", kind: "hang", times: 5 });
    const error = await client.teams.list({ signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaTimeoutError);
    expect(calls()).toEqual(["GET /extapi/v1.0/teams 0"]);
  });

  it("a caller already out of budget sends nothing", async () => {
    const { client, calls } = await warm();
    const error = await client.orders
      .create(order("SO-0"), { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SalesmaniaTimeoutError", outcomeUnknown: false });
    expect(calls()).toEqual([]);
  });
});

describe("creates (POST) are repeated only when the API said it did not process them", () => {
  // Retry-After 1 s is within maxDelayMs here, so the client waits it out itself.
  const patient = { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1_000 } };

  it("503 + Retry-After on POST /visits: retried, one visit", async () => {
    const { client, sandbox, calls } = await warm({}, patient);
    sandbox.faults.add({ route: "POST /extapi/v1.1/visits", status: 503, retryAfterSeconds: 1 });
    await client.visits.create(VISIT);
    expect(calls()).toEqual(["POST /extapi/v1.1/visits 503", "POST /extapi/v1.1/visits 200"]);
    expect(sandbox.state().visits).toHaveLength(1);
  });

  it("429 + Retry-After on POST /orders: retried, one order", async () => {
    const { client, sandbox, calls } = await warm({}, patient);
    sandbox.faults.add({ route: "POST /extapi/v1.0/orders", status: 429, retryAfterSeconds: 1, times: 2 });
    const { id } = await client.orders.create(order("SO-429"));
    expect(calls()).toEqual([
      "POST /extapi/v1.0/orders 429",
      "POST /extapi/v1.0/orders 429",
      "POST /extapi/v1.0/orders 200",
    ]);
    expect(sandbox.state().orders.map((o) => o.id)).toEqual([id]);
  });

  it("a Retry-After longer than maxDelayMs is returned at once for the caller to schedule", async () => {
    const { client, sandbox, calls } = await warm({}, patient);
    sandbox.faults.add({ route: "POST /extapi/v1.1/visits", status: 429, retryAfterSeconds: 30 });
    const error = await client.visits.create(VISIT).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SalesmaniaHttpError", status: 429, retryAfterSeconds: 30 });
    expect(calls()).toEqual(["POST /extapi/v1.1/visits 429"]);
  });

  it("a budget that ends while waiting to repeat a 503 reports the 503, not a timeout", async () => {
    const { client, sandbox, calls } = await warm({}, patient);
    sandbox.faults.add({ route: "POST /extapi/v1.1/visits", status: 503, retryAfterSeconds: 1, times: 5 });
    const error = await client.visits
      .create(VISIT, { signal: AbortSignal.timeout(300) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaHttpError);
    expect(error).toMatchObject({ status: 503, outcomeUnknown: false, retryAfterSeconds: 1 });
    expect(calls()).toEqual(["POST /extapi/v1.1/visits 503"]);
  });

  it("a budget that ends while waiting to repeat a reset GET reports the reset, not a timeout", async () => {
    const { client, sandbox } = await warm({}, { retry: { maxAttempts: 3, baseDelayMs: 5_000 } });
    sandbox.faults.add({ route: "GET /extapi/v1.0/teams", kind: "reset" });
    const error = await client.teams.list({ signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaNetworkError);
  });

  it("the sandbox's own rate limit (429) is ridden out", async () => {
    const { client, sandbox } = await warm(
      { rateLimitPerSecond: 3 },
      { retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 1000 } },
    );
    const visits = Array.from({ length: 5 }, (_, i) =>
      client.visits.create({ ...VISIT, customer_id: demoSeed.customers![i]!.id! }),
    );
    await Promise.all(visits);
    expect(sandbox.state().visits).toHaveLength(5);
  });

  it("hang on POST: SalesmaniaTimeoutError with outcomeUnknown, sent exactly once", async () => {
    const { client, sandbox, calls } = await warm({}, { timeoutMs: 200 });
    sandbox.faults.add({ route: "POST /extapi/v1.1/visits", kind: "hang" });
    const error = await client.visits.create(VISIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaTimeoutError);
    expect(error).toMatchObject({
      outcomeUnknown: true,
      retryable: true,
      operation: "POST /extapi/v1.1/visits",
    });
    expect(calls()).toEqual(["POST /extapi/v1.1/visits 0"]);
  });

  it("reset on POST: SalesmaniaNetworkError with outcomeUnknown, sent exactly once", async () => {
    const { client, sandbox, calls } = await warm();
    sandbox.faults.add({ route: "POST /extapi/v1.0/orders", kind: "reset" });
    const error = await client.orders.create(order("SO-reset")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(calls()).toEqual(["POST /extapi/v1.0/orders 0"]);
  });

  it("commit-then-fail (500) on POST /orders: outcomeUnknown, exactly one order exists", async () => {
    const { client, sandbox, calls } = await warm();
    sandbox.faults.add({ route: "POST /extapi/v1.0/orders", kind: "commit-then-fail", status: 500 });
    const error = await client.orders.create(order("SO-ctf")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaHttpError);
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    expect(calls()).toEqual(["POST /extapi/v1.0/orders 500"]);
    expect(sandbox.state().orders.filter((o) => o.ext_order_no === "SO-ctf")).toHaveLength(1);
  });

  it("commit-then-fail then reset on POST /customers: outcomeUnknown, exactly one customer created", async () => {
    const { client, sandbox, calls } = await warm();
    const before = sandbox.state().customers.length;
    sandbox.faults.add({ route: "POST /extapi/v1.0/customers", kind: "commit-then-fail", after: "reset" });
    const error = await client.customers
      .create({ name: "Toko Ragu", ext_cust_no: "C-777" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SalesmaniaNetworkError", outcomeUnknown: true });
    expect(calls()).toHaveLength(1);
    expect(sandbox.state().customers).toHaveLength(before + 1);
  });

  it("500 on POST is not repeated", async () => {
    const { client, sandbox, calls } = await warm();
    sandbox.faults.add({ route: "POST /extapi/v1.1/visits", status: 500 });
    await expect(client.visits.create(VISIT)).rejects.toMatchObject({ status: 500, outcomeUnknown: true });
    expect(calls()).toEqual(["POST /extapi/v1.1/visits 500"]);
  });
});

// Acceptance tests: a new customer named by many events at once is created exactly once — within one
// container, across containers, and after a create whose answer was lost — and every event still gets
// its visit. The sandbox's journal counts the POST /customers that reached SalesMania.
import type { ProcessResult } from "@smx/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./pipeline-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ timeoutMs: 1_000 });
});
afterAll(() => h.close());

const CUSTOMERS_POST = "POST /extapi/v1.0/customers";
const customerPosts = () => h.sandbox.journal().filter((e) => `${e.method} ${e.path}` === CUSTOMERS_POST);
const customersNamed = (name: string) => h.sandbox.state().customers.filter((c) => c.name === name);
const visitsOf = (customerId: number | undefined) =>
  h.sandbox.state().visits.filter((visit) => visit.customer_id === customerId);
/** Twenty different days, so each event is its own visit. */
const day = (i: number) => `2027-02-${String(i + 1).padStart(2, "0")}`;

function visitFor(customer: Record<string, unknown>, date: string, dedupKey: string) {
  return h.input(
    { kind: "CreateVisit", customer: { ...customer, createIfMissing: true }, date },
    dedupKey,
    8_000,
  );
}

function expectAllDelivered(results: ProcessResult[]) {
  expect(results.map((r) => [r.kind, r.record.lastError?.code])).toEqual(
    results.map(() => ["delivered", undefined]),
  );
}

describe("a new customer named by many events at once", () => {
  it("is created once for 20 concurrent first-time events (same phone), and all 20 visits are made", async () => {
    h.sandbox.clearJournal();
    // As a public HTML form posts them (the mapping has normalized the phone): phone, name and address.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.pipeline.process(
          visitFor(
            { phone: "+6281377770001", name: "Toko Serentak", address: "Jl. Kembar 2" },
            day(i),
            `burst-${i}`,
          ),
        ),
      ),
    );
    expectAllDelivered(results);
    expect(customerPosts()).toHaveLength(1);
    const [customer, ...others] = customersNamed("Toko Serentak");
    expect(others).toEqual([]);
    expect(
      visitsOf(customer?.id)
        .map((v) => v.date)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => day(i)));
    expect(new Set(results.map((r) => r.record.result?.customer?.id))).toEqual(new Set([customer?.id]));
  });

  it("is created once when two containers race with ten events each", async () => {
    h.sandbox.clearJournal();
    const other = h.container();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? h.pipeline : other).process(
          visitFor({ extCustNo: "C-RACE", name: "Toko Dua Kontainer" }, day(i), `race-${i}`),
        ),
      ),
    );
    expectAllDelivered(results);
    expect(customerPosts()).toHaveLength(1);
    expect(customersNamed("Toko Dua Kontainer")).toHaveLength(1);
    expect(visitsOf(customersNamed("Toko Dua Kontainer")[0]?.id)).toHaveLength(20);
  });

  it("is created once by concurrent upserts of one new ext code; each upsert's fields are applied", async () => {
    h.sandbox.clearJournal();
    const cities = ["Bogor", "Depok", "Bekasi", "Tangerang", "Cibinong"];
    const results = await Promise.all(
      cities.map((city, i) =>
        h.pipeline.process(
          h.input(
            { kind: "UpsertCustomer", extCustNo: "C-UPSERT-RACE", name: "Toko Upsert", city },
            `up-${i}`,
          ),
        ),
      ),
    );
    expectAllDelivered(results);
    expect(customerPosts()).toHaveLength(1);
    expect(results.filter((r) => r.record.result?.customer?.how === "created")).toHaveLength(1);
    const [customer, ...others] = h.sandbox
      .state()
      .customers.filter((c) => c.ext_cust_no === "C-UPSERT-RACE");
    expect(others).toEqual([]);
    expect(cities).toContain(customer?.city);
  });
});

describe("a customer create whose answer was lost", () => {
  it("holds off other events until it is found, and is never created a second time", async () => {
    // Another container listed the customers a moment ago (for another event): it will not list them
    // again within the refresh interval.
    const other = h.container();
    await other.process(
      h.input({ kind: "CreateVisit", customer: { extCustNo: "C-NONE" }, date: "2027-03-02" }),
    );
    h.sandbox.clearJournal();
    h.sandbox.faults.add({ route: CUSTOMERS_POST, kind: "commit-then-fail", status: 500 });
    const customer = { phone: "+6281377770009", name: "Toko Jawaban Hilang" };
    const first = await h.pipeline.process(visitFor(customer, "2027-03-01", "lost-1"));
    expect(first).toMatchObject({ kind: "retry", record: { lastError: { code: "http_500" } } });
    expect(customersNamed("Toko Jawaban Hilang")).toHaveLength(1);

    // Its event for the same new customer finds the first one's claim: it waits, finds nothing indexed
    // (the answer was lost), and retries later instead of creating.
    const second = await other.process(visitFor(customer, "2027-03-02", "lost-2"));
    expect(second).toMatchObject({ kind: "retry", record: { lastError: { code: "customer_pending" } } });
    expect(customerPosts()).toHaveLength(1);

    // Both come back after the claim's lease: the customer is listed from SalesMania, not created again.
    h.clock.advance(2 * 3_600_000);
    expect(await other.redrive()).toMatchObject({ examined: 2, delivered: 2 });
    expect(customerPosts()).toHaveLength(1);
    const [made, ...others] = customersNamed("Toko Jawaban Hilang");
    expect(others).toEqual([]);
    expect(
      visitsOf(made?.id)
        .map((v) => v.date)
        .sort(),
    ).toEqual(["2027-03-01", "2027-03-02"]);
  });
});

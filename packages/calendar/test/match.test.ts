// Matching occurrences to customers through the DirectoryStore port, on the memory directory (the DynamoDB
// one passes the same directory contract).
import type { CustomerKey, DirectoryStore } from "@smx/core";
import { MemoryDirectory } from "@smx/core/testing";
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { MatchRule, type Occurrence, OccurrenceMatcher } from "../src/index.ts";

const CONNECTION = "demo";
const directory = new MemoryDirectory();

beforeAll(async () => {
  await directory.putCustomer(CONNECTION, {
    id: 1001,
    extCustNo: "C-1001",
    name: "Toko Maju",
    phone: "+6281234567890",
  });
  await directory.putCustomer(CONNECTION, {
    id: 1002,
    extCustNo: "C-1002",
    name: "Warung Sari",
    email: "sari@warung.example",
  });
  await directory.putCustomer(CONNECTION, { id: 1003, extCustNo: "C-1003", name: "Apotek Sehat" });
});

function occurrence(fields: Partial<Occurrence>): Occurrence {
  return {
    key: "uid-1",
    uid: "uid-1",
    start: "2026-03-02T02:00:00.000Z",
    end: "2026-03-02T03:00:00.000Z",
    allDay: false,
    date: "2026-03-02",
    summary: "",
    location: "",
    description: "",
    attendees: [],
    status: "confirmed",
    ...fields,
  };
}

const rules = (input: unknown[]) => v.parse(v.array(MatchRule), input);
const matcher = (input: unknown[]) =>
  new OccurrenceMatcher(rules(input), { directory, connectionId: CONNECTION });

describe("OccurrenceMatcher", () => {
  let standard: OccurrenceMatcher;
  beforeAll(() => {
    standard = matcher([
      { by: "code", pattern: "[{code}]" },
      { by: "phone" },
      { by: "attendee-email", ignore: ["@acme.example"] },
      {
        by: "table",
        entries: [
          { text: "Apotek  Sehat", customer: { extCustNo: "C-1003" } },
          { text: "HQ", customer: { id: 9 } },
        ],
      },
    ]);
  });

  it("matches a customer code found by the pattern", async () => {
    expect(await standard.match(occurrence({ summary: "Kunjungan [C-1001]" }))).toEqual({
      matched: true,
      customerId: 1001,
      rule: 0,
      by: "code",
      value: "C-1001",
    });
  });

  it("matches a phone number in the description, however it is written", async () => {
    const result = await standard.match(occurrence({ description: "Hubungi 0812-3456-7890 sebelum datang" }));
    expect(result).toMatchObject({ matched: true, customerId: 1001, by: "phone", value: "0812-3456-7890" });
    const stray = await standard.match(occurrence({ location: "Lantai 2 0812 3456 7890" }));
    expect(stray).toMatchObject({ matched: true, customerId: 1001, by: "phone" });
  });

  it("matches an attendee's e-mail, ignoring the company's own people", async () => {
    const result = await standard.match(
      occurrence({ summary: "Meeting", attendees: ["rep@acme.example", "sari@warung.example"] }),
    );
    expect(result).toMatchObject({ matched: true, customerId: 1002, by: "attendee-email" });
  });

  it("matches the explicit table by text, ignoring case and spacing, and ids named outright", async () => {
    expect(await standard.match(occurrence({ location: "apotek sehat, Jl. Merdeka" }))).toMatchObject({
      matched: true,
      customerId: 1003,
      by: "table",
    });
    expect(await standard.match(occurrence({ summary: "Review at HQ" }))).toMatchObject({ customerId: 9 });
  });

  it("tries the rules in order: the first that finds one customer decides", async () => {
    const result = await standard.match(
      occurrence({ summary: "[C-1002] Apotek Sehat", attendees: ["sari@warung.example"] }),
    );
    expect(result).toMatchObject({ matched: true, customerId: 1002, rule: 0 });
  });

  it("calls two customers found by one rule ambiguous instead of guessing", async () => {
    const result = await standard.match(occurrence({ summary: "[C-1001] then [C-1002]" }));
    expect(result).toEqual({
      matched: false,
      reason: "ambiguous",
      detail: 'rules[0] code: "C-1001" → customer 1001, "C-1002" → customer 1002',
    });
  });

  it("keeps an unmatched occurrence with the reason each rule gave", async () => {
    expect(await standard.match(occurrence({ summary: "Lunch" }))).toEqual({
      matched: false,
      reason: "no_candidates",
      detail:
        "rules[0] code: nothing found; rules[1] phone: nothing found; rules[2] attendee-email: nothing found; rules[3] table: nothing found",
    });
    const unknown = await standard.match(occurrence({ summary: "[C-9999]" }));
    expect(unknown).toMatchObject({ matched: false, reason: "not_in_directory" });
    expect(unknown.matched === false && unknown.detail).toContain('found "C-9999", not in the directory');
  });

  it("matches every occurrence of a run, asking the directory once per key", async () => {
    let lookups = 0;
    const counting = new OccurrenceMatcher(rules([{ by: "code", pattern: "[{code}]" }]), {
      connectionId: CONNECTION,
      // The real directory, with its reads counted.
      directory: Object.assign(Object.create(directory) as DirectoryStore, {
        findCustomer: (connectionId: string, key: CustomerKey) => {
          lookups++;
          return directory.findCustomer(connectionId, key);
        },
      }),
    });
    const occurrences = Array.from({ length: 40 }, (_, i) =>
      occurrence({ key: `k${i}`, summary: i % 2 ? "[C-1001]" : "[C-1002]" }),
    );
    const matched = await counting.matchAll(occurrences);
    expect(matched.map((m) => (m.match.matched ? m.match.customerId : 0))).toEqual(
      occurrences.map((_, i) => (i % 2 ? 1001 : 1002)),
    );
    expect(lookups).toBe(2);
  });
});

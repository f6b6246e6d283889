// The examples in examples/feeds and examples/plans stay valid and mean what their docs say.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expandIcs, expandPlan, holidayCalendar, parseFeeds, parsePlans } from "../src/index.ts";

const example = (path: string) => readFileSync(new URL(`../../../examples/${path}`, import.meta.url), "utf8");

describe("examples", () => {
  it("the feeds example parses, and its sample calendar expands to the visits docs/calendar.md describes", () => {
    const [feed] = parseFeeds(JSON.parse(example("feeds/feeds.json")).feeds, { connections: ["demo"] });
    expect(feed?.match.map((rule) => rule.by)).toEqual(["code", "phone", "attendee-email", "table"]);
    const expansion = expandIcs(example("feeds/sales-calendar.ics"), {
      origin: "https://calendar.example",
      from: new Date("2026-03-01T17:00:00Z"),
      to: new Date("2026-03-15T17:00:00Z"),
    });
    // Mondays from the 2nd; the 9th moved to Tuesday the 10th; the 16th is an EXDATE (and outside the window).
    expect(expansion.occurrences.map((o) => `${o.date} ${o.status} ${o.summary}`)).toEqual([
      "2026-03-02 confirmed Kunjungan [C-1001] Toko Maju",
      "2026-03-04 confirmed Demo produk baru",
      "2026-03-05 cancelled Kunjungan [C-1004] (dibatalkan)",
      "2026-03-10 confirmed Kunjungan [C-1001] Toko Maju (pindah ke Selasa)",
      "2026-03-12 confirmed Pameran di Apotek Sehat",
    ]);
  });

  it("the journey plan example parses and expands", () => {
    const [plan] = parsePlans(JSON.parse(example("plans/journey-plan.json")).plans, {
      connections: ["demo"],
    });
    const { visits, skipped } = expandPlan(
      plan!,
      { from: "2026-08-17", to: "2026-08-22" },
      holidayCalendar({ country: "ID" }),
    );
    expect(visits.map((visit) => `${visit.date} ${visit.customerKey}`)).toEqual([
      "2026-08-18 ext:C-1002",
      "2026-08-20 ext:C-1001",
    ]);
    expect(skipped.map((s) => `${s.date} ${s.reason}`)).toEqual(["2026-08-17 holiday"]);
  });
});

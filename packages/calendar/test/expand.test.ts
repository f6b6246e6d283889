// Expansion of the ICS fixtures: exactly the occurrences and visit dates each one should give.
import { describe, expect, it } from "vitest";
import { expandIcs } from "../src/index.ts";
import { expandFixture, fixture, MARCH, outline } from "./helpers.ts";

describe("expandIcs", () => {
  it("expands a weekly series and leaves out its EXDATE", () => {
    const expansion = expandFixture("weekly-exdate.ics");
    expect(outline(expansion)).toEqual([
      "weekly-toko-maju@example.com|2026-03-02T02:00:00.000Z 2026-03-02 2026-03-02T02:00:00.000Z confirmed",
      "weekly-toko-maju@example.com|2026-03-09T02:00:00.000Z 2026-03-09 2026-03-09T02:00:00.000Z confirmed",
      "weekly-toko-maju@example.com|2026-03-23T02:00:00.000Z 2026-03-23 2026-03-23T02:00:00.000Z confirmed",
      "weekly-toko-maju@example.com|2026-03-30T02:00:00.000Z 2026-03-30 2026-03-30T02:00:00.000Z confirmed",
    ]);
    expect(expansion.problems).toEqual([]);
    const first = expansion.occurrences[0]!;
    expect(first).toMatchObject({
      uid: "weekly-toko-maju@example.com",
      recurrenceId: "2026-03-02T02:00:00.000Z",
      end: "2026-03-02T03:00:00.000Z",
      allDay: false,
      summary: "Kunjungan [C-1001] Toko Maju",
      location: "Jl. Sudirman 1, Jakarta",
    });
  });

  it("dates a moved occurrence by its new start but keeps its key (the original RECURRENCE-ID)", () => {
    expect(outline(expandFixture("moved.ics"))).toEqual([
      "moved-series@example.com|2026-03-03T03:00:00.000Z 2026-03-03 2026-03-03T03:00:00.000Z confirmed",
      "moved-series@example.com|2026-03-10T03:00:00.000Z 2026-03-12 2026-03-12T07:00:00.000Z confirmed",
      "moved-series@example.com|2026-03-17T03:00:00.000Z 2026-03-17 2026-03-17T03:00:00.000Z confirmed",
      "moved-series@example.com|2026-03-24T03:00:00.000Z 2026-03-24 2026-03-24T03:00:00.000Z confirmed",
    ]);
  });

  it("keeps cancelled events and cancelled single occurrences, marked cancelled", () => {
    expect(outline(expandFixture("cancelled.ics"))).toEqual([
      "cancelled-whole@example.com 2026-03-04 2026-03-04T02:00:00.000Z cancelled",
      "daily-with-one-off@example.com|2026-03-09T02:00:00.000Z 2026-03-09 2026-03-09T02:00:00.000Z confirmed",
      "daily-with-one-off@example.com|2026-03-10T02:00:00.000Z 2026-03-10 2026-03-10T02:00:00.000Z cancelled",
      "daily-with-one-off@example.com|2026-03-11T02:00:00.000Z 2026-03-11 2026-03-11T02:00:00.000Z confirmed",
    ]);
  });

  it("dates an all-day event by its DTSTART date, once, however many days it spans", () => {
    const expansion = expandFixture("all-day.ics");
    expect(outline(expansion)).toEqual([
      "all-day-fair@example.com 2026-03-05 2026-03-04T17:00:00.000Z confirmed",
      "all-day-weekly@example.com|2026-03-06 2026-03-06 2026-03-05T17:00:00.000Z confirmed",
      "all-day-weekly@example.com|2026-03-13 2026-03-13 2026-03-12T17:00:00.000Z confirmed",
    ]);
    expect(expansion.occurrences.every((o) => o.allDay)).toBe(true);
    expect(expansion.occurrences[0]!.end).toBe("2026-03-07T17:00:00.000Z");
  });

  it("dates events by their start in Jakarta, not in UTC", () => {
    // 16:30Z-18:30Z is 23:30-01:30 WIB (starts on the 4th); 17:30Z is 00:30 WIB on the 5th, the 4th in UTC.
    expect(outline(expandFixture("midnight.ics"))).toEqual([
      "late-evening@example.com 2026-03-04 2026-03-04T16:30:00.000Z confirmed",
      "after-midnight@example.com 2026-03-05 2026-03-04T17:30:00.000Z confirmed",
    ]);
  });

  it("converts other zones: a VTIMEZONE across a DST change, and an IANA TZID without one", () => {
    expect(outline(expandFixture("other-zones.ics"))).toEqual([
      // 20:00 in New York on the 5th (EST) is 01:00Z, 08:00 WIB on the 6th.
      "new-york-evening@example.com 2026-03-06 2026-03-06T01:00:00.000Z confirmed",
      // 09:00 in London: GMT until 29 March, BST after.
      "london-weekly@example.com|2026-03-20T09:00:00.000Z 2026-03-20 2026-03-20T09:00:00.000Z confirmed",
      "london-weekly@example.com|2026-03-27T09:00:00.000Z 2026-03-27 2026-03-27T09:00:00.000Z confirmed",
    ]);
    const april = expandIcs(fixture("other-zones.ics"), {
      origin: "https://calendar.example",
      from: new Date("2026-03-31T17:00:00Z"),
      to: new Date("2026-04-30T17:00:00Z"),
    });
    expect(outline(april)).toEqual([
      "london-weekly@example.com|2026-04-03T08:00:00.000Z 2026-04-03 2026-04-03T08:00:00.000Z confirmed",
    ]);
  });

  it("ends a series edited from one occurrence on and starts its successor under a new UID", () => {
    const expansion = expandFixture("split-series.ics");
    expect(outline(expansion)).toEqual([
      "route-wednesday@example.com|2026-03-04T02:00:00.000Z 2026-03-04 2026-03-04T02:00:00.000Z confirmed",
      "route-wednesday@example.com|2026-03-11T02:00:00.000Z 2026-03-11 2026-03-11T02:00:00.000Z confirmed",
      "route-wednesday-R20260318@example.com|2026-03-18T06:00:00.000Z 2026-03-18 2026-03-18T06:00:00.000Z confirmed",
      "route-wednesday-R20260318@example.com|2026-03-25T06:00:00.000Z 2026-03-25 2026-03-25T06:00:00.000Z confirmed",
    ]);
    expect(expansion.occurrences[2]!.relatedTo).toBe("route-wednesday@example.com");
  });

  it("reads floating times in the account's zone", () => {
    expect(outline(expandFixture("floating.ics"))).toEqual([
      "floating-morning@example.com 2026-03-06 2026-03-06T02:00:00.000Z confirmed",
      "floating-late@example.com 2026-03-06 2026-03-06T16:30:00.000Z confirmed",
    ]);
    // The same wall-clock times for an account in Makassar (UTC+8): one hour earlier in UTC, same dates.
    expect(outline(expandFixture("floating.ics", { timeZone: "Asia/Makassar" }))).toEqual([
      "floating-morning@example.com 2026-03-06 2026-03-06T01:00:00.000Z confirmed",
      "floating-late@example.com 2026-03-06 2026-03-06T15:30:00.000Z confirmed",
    ]);
  });

  it("keeps only occurrences that start inside [from, to)", () => {
    const expansion = expandFixture("weekly-exdate.ics");
    for (const o of expansion.occurrences) {
      expect(Date.parse(o.start)).toBeGreaterThanOrEqual(MARCH.from.getTime());
      expect(Date.parse(o.start)).toBeLessThan(MARCH.to.getTime());
    }
  });
});

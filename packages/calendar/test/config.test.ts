// The feeds and plans sections: defaults, and problems reported with their key paths.
import { describe, expect, it } from "vitest";
import { CalendarConfigError, parseFeeds, parsePlans } from "../src/index.ts";

const feed = {
  id: "sales-calendar",
  connection: "demo",
  urlSecret: "calendar-sales-ics-url",
  match: [{ by: "code", pattern: "[{code}]" }],
};

function problems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CalendarConfigError);
    return (error as CalendarConfigError).problems;
  }
  throw new Error("expected a CalendarConfigError");
}

describe("parseFeeds", () => {
  it("fills the defaults", () => {
    expect(parseFeeds([feed])).toEqual([
      {
        ...feed,
        match: [{ by: "code", pattern: "[{code}]", in: ["summary", "location", "description"] }],
        windowDays: 7,
        customerPolicy: "match-only",
        fetch: { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 },
        disabled: false,
      },
    ]);
  });

  it("reports every problem with its key path", () => {
    const found = problems(() =>
      parseFeeds(
        [
          {
            ...feed,
            match: [
              { by: "code", pattern: "[{code" },
              { by: "phone", in: ["title"] },
            ],
          },
          { ...feed, id: "second-feed", windowDays: 0, extra: true },
          { ...feed, connection: "other" },
          { ...feed, id: "x", urlSecret: undefined },
        ],
        { connections: ["demo"] },
      ),
    );
    expect(found).toEqual([
      'feeds[0].match[0].pattern: pattern "[{code": "{" without "}" (write "{{" for a brace)',
      expect.stringMatching(/^feeds\[0\]\.match\[1\]\.in\[0\]: /),
      expect.stringMatching(/^feeds\[1\]\.windowDays: /),
      "feeds[1].extra: unknown key",
      'feeds[2].id: "sales-calendar" is already the id of feeds[0]',
      'feeds[2].connection: no connection "other"; defined: demo',
      "feeds[3].id: ids are 3–64 characters of A–Z, a–z, 0–9, _ or -",
      "feeds[3].urlSecret: required",
    ]);
  });

  it("names the section when it is not a list", () => {
    expect(problems(() => parseFeeds({}))).toEqual(["feeds: expected an array"]);
  });
});

describe("parsePlans", () => {
  it("reports problems inside customers and recurrences", () => {
    const found = problems(() =>
      parsePlans([
        {
          id: "plan-1",
          connection: "demo",
          teamId: 1,
          horizon: { createAt: "6pm" },
          customers: [
            { customer: { id: 1 }, recurrence: { type: "weekly", days: [] } },
            {
              customer: { extCustNo: "A" },
              recurrence: { type: "monthly", day: 32 },
              skipDates: ["2026-02-30"],
            },
          ],
        },
      ]),
    );
    expect(found).toEqual([
      "plans[0].customers[0].recurrence.days: at least one weekday",
      expect.stringMatching(/^plans\[0\]\.customers\[1\]\.recurrence\.day: /),
      "plans[0].customers[1].skipDates[0]: a date YYYY-MM-DD",
      "plans[0].horizon.createAt: a local time HH:MM, e.g. 18:00",
    ]);
  });

  it("defaults to Indonesian holidays and tomorrow's visits at 18:00", () => {
    const [plan] = parsePlans([
      {
        id: "plan-1",
        connection: "demo",
        teamId: 1,
        customers: [{ customer: { id: 1 }, recurrence: { type: "weekly", days: ["MO"] } }],
      },
    ]);
    expect(plan).toMatchObject({
      holidays: { country: "ID" },
      horizon: { days: 1, createAt: "18:00" },
      skipDates: [],
    });
  });
});

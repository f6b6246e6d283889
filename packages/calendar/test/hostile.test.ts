// What an attacker or a broken exporter can put in a feed: every case ends bounded, with a count or a
// typed error, never a hang. (No durations are asserted; a hang would fail on the test timeout.)
import { describe, expect, it } from "vitest";
import { EXPAND_LIMITS, expandIcs, FeedParseError } from "../src/index.ts";
import { MARCH } from "./helpers.ts";

const ORIGIN = "https://calendar.example";
const calendar = (body: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n${body}END:VCALENDAR\r\n`;
const event = (uid: string, lines: string) =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\n${lines}END:VEVENT\r\n`;
const expand = (text: string, limits = {}) => expandIcs(text, { origin: ORIGIN, ...MARCH, limits });

describe("hostile feeds", () => {
  it("stops FREQ=SECONDLY with no end at the series' step budget and reports it", () => {
    const text = calendar(event("secondly", "DTSTART:20200101T000000Z\r\nRRULE:FREQ=SECONDLY\r\n"));
    const expansion = expand(text);
    expect(expansion.occurrences).toHaveLength(0);
    expect(expansion.incompleteUids).toEqual(["secondly"]);
    expect(expansion.problems).toEqual([
      expect.objectContaining({ code: "recurrence_limit", uid: "secondly" }),
    ]);
  });

  it("caps a sub-daily series inside the window at the per-series occurrence limit", () => {
    const text = calendar(event("every-second", "DTSTART:20260305T000000Z\r\nRRULE:FREQ=SECONDLY\r\n"));
    const expansion = expand(text);
    expect(expansion.occurrences).toHaveLength(EXPAND_LIMITS.maxOccurrencesPerSeries);
    expect(expansion.problems[0]).toMatchObject({ code: "recurrence_limit", uid: "every-second" });
  });

  it("stops rules that can never match (ical.js would search forever)", () => {
    const text = calendar(
      event("feb-30-daily", "DTSTART:20260101T000000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\n") +
        event(
          "feb-30-secondly",
          "DTSTART:20260101T000000Z\r\nRRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30\r\n",
        ) +
        event("fine", "DTSTART:20260302T020000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\n"),
    );
    const expansion = expand(text);
    expect(expansion.problems.map((p) => [p.uid, p.code])).toEqual([
      ["feb-30-daily", "recurrence_limit"],
      ["feb-30-secondly", "recurrence_limit"],
    ]);
    expect(expansion.occurrences.map((o) => o.uid)).toEqual(["fine", "fine"]);
  });

  it("reports a rule ical.js rejects, and carries on with the rest", () => {
    const text = calendar(
      event("bad-rule", "DTSTART:20260302T020000Z\r\nRRULE:FREQ=WEEKLY;BYMONTHDAY=3\r\n") +
        event("fine", "DTSTART:20260303T020000Z\r\n"),
    );
    const expansion = expand(text);
    expect(expansion.problems).toEqual([
      expect.objectContaining({ code: "invalid_recurrence", uid: "bad-rule" }),
    ]);
    expect(expansion.occurrences.map((o) => o.uid)).toEqual(["fine"]);
  });

  it("bounds a feed of many hostile series by the feed's step budget", () => {
    const series = Array.from({ length: 50 }, (_, i) =>
      event(`s${i}`, "DTSTART:20200101T000000Z\r\nRRULE:FREQ=MINUTELY\r\n"),
    ).join("");
    const expansion = expand(calendar(series), { maxStepsPerSeries: 20_000, maxSteps: 100_000 });
    expect(expansion.incompleteUids).toHaveLength(50);
    expect(expansion.problems.filter((p) => p.code === "recurrence_limit").length).toBeLessThanOrEqual(6);
    expect(expansion.problems.at(-1)).toMatchObject({ code: "feed_limit" });
  });

  it("caps the occurrences of a whole feed", () => {
    const events = Array.from({ length: 30 }, (_, i) => event(`e${i}`, "DTSTART:20260305T020000Z\r\n")).join(
      "",
    );
    const expansion = expand(calendar(events), { maxOccurrences: 10 });
    expect(expansion.occurrences).toHaveLength(10);
    expect(expansion.incompleteUids).toHaveLength(20);
  });

  it("refuses a 10 MB content line before parsing it", () => {
    const text = calendar(
      event("long", `DTSTART:20260305T020000Z\r\nDESCRIPTION:${"x".repeat(10 * 1024 * 1024)}\r\n`),
    );
    expect(() => expand(text)).toThrowError(
      expect.objectContaining({ name: "FeedParseError", code: "line_too_long" }),
    );
  });

  it("counts folded continuation lines into the line they continue", () => {
    const folded = `DESCRIPTION:${"x".repeat(70)}${"\r\n xxxxxxxxxx".repeat(40_000)}\r\n`;
    expect(() => expand(calendar(event("folded", `DTSTART:20260305T020000Z\r\n${folded}`)))).toThrow(
      FeedParseError,
    );
    const text = calendar(
      event("ok", `DTSTART:20260305T020000Z\r\nDESCRIPTION:${"y\r\n ".repeat(1000)}y\r\n`),
    );
    expect(expand(text).occurrences).toHaveLength(1);
  });

  it("parses deeply nested components without recursion trouble and finds no events in them", () => {
    const depth = 50_000;
    const text = calendar(`${"BEGIN:X-DEEP\r\n".repeat(depth)}${"END:X-DEEP\r\n".repeat(depth)}`);
    expect(expand(text).occurrences).toHaveLength(0);
  });

  it("turns garbled text into a typed parse error", () => {
    for (const garbage of [
      "\u0000\u0001 ::: ;;;\r\n BEGIN",
      calendar("BEGIN:VEVENT\r\nUID:x\r\n"),
      '{"json":true}',
    ])
      expect(() => expand(garbage)).toThrow(FeedParseError);
  });

  it("skips an event without UID and reports it", () => {
    const text = calendar("BEGIN:VEVENT\r\nDTSTART:20260305T020000Z\r\nEND:VEVENT\r\n");
    const expansion = expand(text);
    expect(expansion.occurrences).toHaveLength(0);
    expect(expansion.problems).toEqual([expect.objectContaining({ code: "invalid_event" })]);
  });
});

// The snapshot diff: successive runs over the fixtures and hand-made changes, and what each change asks for.
import { describe, expect, it } from "vitest";
import {
  type Change,
  diffFeed,
  type FeedSnapshot,
  type MatchedOccurrence,
  type Occurrence,
  snapshotKey,
  visitKey,
} from "../src/index.ts";
import { expandFixture } from "./helpers.ts";

const MARCH_DATES = { from: "2026-03-01", to: "2026-04-01" };

/** Every occurrence matched to `customerId` (the matching itself is tested elsewhere). */
function matchedTo(occurrences: Occurrence[], customerId = 1001): MatchedOccurrence[] {
  return occurrences.map((occurrence) => ({
    occurrence,
    match: { matched: true, customerId, rule: 0, by: "code", value: "C-1001" },
  }));
}

function run(
  previous: FeedSnapshot | undefined,
  matched: MatchedOccurrence[],
  incompleteUids: string[] = [],
) {
  return diffFeed({ previous, matched, incompleteUids, window: MARCH_DATES });
}

const summary = (changes: Change[]) =>
  changes.map((c) => `${c.kind} ${"occurrence" in c ? c.occurrence.date : c.date}`).sort();

describe("diffFeed", () => {
  const weekly = expandFixture("weekly-exdate.ics").occurrences;

  it("asks for every visit on the first run, and for nothing on an identical second run", () => {
    const first = run(undefined, matchedTo(weekly));
    expect(first.counts).toMatchObject({ new: 4, unchanged: 0 });
    const change = first.changes[0]!;
    expect(change).toMatchObject({ kind: "new", customerId: 1001 });
    expect(change.kind === "new" && change.visitKey).toBe(
      visitKey(snapshotKey(weekly[0]!), "2026-03-02", 1001),
    );
    const second = run(first.snapshot, matchedTo(weekly));
    expect(second.counts).toMatchObject({ new: 0, unchanged: 4 });
    expect(second.snapshot).toEqual(first.snapshot);
  });

  it("creates a moved occurrence on its new date and supersedes the old visit", () => {
    const before = expandFixture("moved.ics").occurrences;
    // The same series before the override existed: the 10th was still on the 10th.
    const original = before.map((o) =>
      o.recurrenceId === "2026-03-10T03:00:00.000Z"
        ? { ...o, date: "2026-03-10", start: "2026-03-10T03:00:00.000Z" }
        : o,
    );
    const first = run(undefined, matchedTo(original));
    const second = run(first.snapshot, matchedTo(before));
    expect(summary(second.changes)).toEqual([
      "moved 2026-03-12",
      "unchanged 2026-03-03",
      "unchanged 2026-03-17",
      "unchanged 2026-03-24",
    ]);
    const moved = second.changes.find((c) => c.kind === "moved");
    expect(moved).toMatchObject({
      customerId: 1001,
      superseded: { date: "2026-03-10", customerId: 1001 },
    });
    expect(moved?.kind === "moved" && moved.visitKey).not.toBe(
      moved?.kind === "moved" && moved.superseded.visitKey,
    );
  });

  it("records a cancelled occurrence with the visit it had, and only once", () => {
    const cancelled = expandFixture("cancelled.ics").occurrences;
    const confirmedBefore = cancelled.map((o) => ({ ...o, status: "confirmed" as const }));
    const first = run(undefined, matchedTo(confirmedBefore));
    const second = run(first.snapshot, matchedTo(cancelled));
    expect(summary(second.changes)).toEqual([
      "cancelled 2026-03-04",
      "cancelled 2026-03-10",
      "unchanged 2026-03-09",
      "unchanged 2026-03-11",
    ]);
    expect(second.changes.find((c) => c.kind === "cancelled")).toMatchObject({ visit: { customerId: 1001 } });
    expect(run(second.snapshot, matchedTo(cancelled)).counts).toMatchObject({ cancelled: 0, unchanged: 4 });
  });

  it("records a cancelled occurrence never seen before without a visit", () => {
    const cancelled = expandFixture("cancelled.ics").occurrences.filter((o) => o.status === "cancelled");
    const first = run(undefined, matchedTo(cancelled));
    expect(first.changes.every((c) => c.kind === "cancelled" && c.visit === undefined)).toBe(true);
  });

  it("reports an occurrence gone from the window as vanished, and lets past ones age out", () => {
    const first = run(undefined, matchedTo(weekly));
    const withoutThe23rd = weekly.filter((o) => o.date !== "2026-03-23");
    const second = diffFeed({
      previous: first.snapshot,
      matched: matchedTo(withoutThe23rd.filter((o) => o.date >= "2026-03-05")),
      incompleteUids: [],
      window: { from: "2026-03-05", to: "2026-04-05" },
    });
    expect(summary(second.changes)).toEqual([
      "unchanged 2026-03-09",
      "unchanged 2026-03-30",
      "vanished 2026-03-23",
    ]);
    expect(second.changes.find((c) => c.kind === "vanished")).toMatchObject({
      visit: { date: "2026-03-23", customerId: 1001 },
    });
    expect(Object.keys(second.snapshot.entries)).toHaveLength(2);
  });

  it("keeps the entries of a series the expansion could not finish", () => {
    const first = run(undefined, matchedTo(weekly));
    const second = run(first.snapshot, [], ["weekly-toko-maju@example.com"]);
    expect(second.changes).toEqual([]);
    expect(second.snapshot).toEqual(first.snapshot);
  });

  it("lets a series edited from one occurrence on take over the old visits on the same dates", () => {
    const split = expandFixture("split-series.ics").occurrences;
    // Before the edit: the old series ran every Wednesday of March at 09:00.
    const oldSeries = ["2026-03-04", "2026-03-11", "2026-03-18", "2026-03-25"].map((date) => ({
      ...split[0]!,
      key: `route-wednesday@example.com|${date}T02:00:00.000Z`,
      recurrenceId: `${date}T02:00:00.000Z`,
      date,
      start: `${date}T02:00:00.000Z`,
    }));
    const first = run(undefined, matchedTo(oldSeries));
    const second = run(first.snapshot, matchedTo(split));
    expect(summary(second.changes)).toEqual([
      "unchanged 2026-03-04",
      "unchanged 2026-03-11",
      "unchanged 2026-03-18",
      "unchanged 2026-03-25",
    ]);
    const takeOvers = second.changes.filter((c) => c.kind === "unchanged" && c.takesOver !== undefined);
    expect(takeOvers).toHaveLength(2);
    // On a later day the same series moves to Thursdays: the old Wednesday visit vanishes, Thursday is new.
    const thursdays = split.map((o) => (o.date === "2026-03-25" ? { ...o, date: "2026-03-26" } : o));
    expect(summary(run(second.snapshot, matchedTo(thursdays)).changes)).toContain("moved 2026-03-26");
  });

  it("records unmatched occurrences, and creates once they match", () => {
    const unmatched: MatchedOccurrence[] = weekly.map((occurrence) => ({
      occurrence,
      match: {
        matched: false,
        reason: "not_in_directory",
        detail: 'rules[0] code: found "C-1001", not in the directory',
      },
    }));
    const first = run(undefined, unmatched);
    expect(first.counts).toMatchObject({ unmatched: 4, new: 0 });
    const second = run(first.snapshot, matchedTo(weekly));
    expect(second.counts).toMatchObject({ new: 4 });
  });

  it("gives a visit the same key again when an occurrence is cancelled and restored (the ledger dedups it)", () => {
    const first = run(undefined, matchedTo(weekly));
    const cancelled = run(
      first.snapshot,
      matchedTo(weekly.map((o) => ({ ...o, status: "cancelled" as const }))),
    );
    const restored = run(cancelled.snapshot, matchedTo(weekly));
    const keysOf = (changes: Change[]) => changes.map((c) => (c.kind === "new" ? c.visitKey : "")).sort();
    expect(keysOf(restored.changes)).toEqual(keysOf(first.changes));
  });

  it("keeps a 2,000-event snapshot compact", () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      ...weekly[0]!,
      uid: `event-${i}-with-a-long-uid-like-google-makes@google.com`,
      key: `event-${i}-with-a-long-uid-like-google-makes@google.com|2026-03-02T02:00:00.000Z`,
      description: "x".repeat(2000),
    }));
    const { snapshot } = run(undefined, matchedTo(many));
    expect(Object.keys(snapshot.entries)).toHaveLength(2000);
    // About 50 bytes an entry whatever the UIDs and texts: 100 KB, a quarter of a DynamoDB item.
    expect(JSON.stringify(snapshot).length).toBeLessThan(2000 * 56);
  });
});

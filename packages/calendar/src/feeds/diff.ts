// The pure difference between this run's matched occurrences and the feed's snapshot. SalesMania visits can
// be listed and added, never moved or deleted, so the only effect a change asks for is a create (`new`,
// `moved`); everything else is a record for an operator (see docs/calendar.md, "What changes do").
import type { PlainDate } from "../dates.ts";
import type { FeedValidators } from "./fetch.ts";
import type { MatchedOccurrence, MatchFailure } from "./match.ts";
import type { Occurrence } from "./occurrence.ts";
import {
  buildSnapshot,
  contentHash,
  entriesOf,
  type FeedSnapshot,
  type SnapshotEntry,
  seriesPrefix,
  snapshotKey,
  visitKey,
} from "./snapshot.ts";

/** A visit an earlier run asked for. */
export interface PriorVisit {
  date: PlainDate;
  customerId: number;
  visitKey: string;
}

export type Change =
  /** Create a visit. */
  | { kind: "new"; key: string; occurrence: Occurrence; customerId: number; visitKey: string }
  /** Create a visit on the new date (or for the new customer); the prior visit is superseded. */
  | {
      kind: "moved";
      key: string;
      occurrence: Occurrence;
      customerId: number;
      visitKey: string;
      superseded: PriorVisit;
    }
  /** Cancelled in the calendar; `visit` is the one to remove by hand, when one was created. */
  | { kind: "cancelled"; key: string; occurrence: Occurrence; visit?: PriorVisit }
  /** Gone from the feed inside the window (deleted, or moved out of it); `visit` as for cancelled. */
  | { kind: "vanished"; key: string; date: PlainDate; visit?: PriorVisit }
  /** No customer found; re-runnable once the directory or the rules change. */
  | {
      kind: "unmatched";
      key: string;
      occurrence: Occurrence;
      reason: MatchFailure;
      detail: string;
      visit?: PriorVisit;
    }
  /** The visit already exists; `takesOver` names the vanished occurrence whose visit this one continues. */
  | { kind: "unchanged"; key: string; occurrence: Occurrence; contentChanged: boolean; takesOver?: string };

export type ChangeKind = Change["kind"];

export interface FeedDiff {
  changes: Change[];
  counts: Record<ChangeKind, number>;
  /** To store for the next run. */
  snapshot: FeedSnapshot;
}

export interface DiffInput {
  previous: FeedSnapshot | undefined;
  matched: readonly MatchedOccurrence[];
  /** From the expansion: series whose occurrences may be missing, so their absence proves nothing. */
  incompleteUids: readonly string[];
  /** The window's account-local dates, `[from, to)`. */
  window: { from: PlainDate; to: PlainDate };
  validators?: FeedValidators;
}

function priorVisit(key: string, entry: SnapshotEntry | undefined): PriorVisit | undefined {
  if (entry === undefined || entry.customerId === 0 || entry.status === "cancelled") return undefined;
  return {
    date: entry.date,
    customerId: entry.customerId,
    visitKey: visitKey(key, entry.date, entry.customerId),
  };
}

function compare(key: string, { occurrence, match }: MatchedOccurrence, before: SnapshotEntry | undefined) {
  const hash = contentHash(occurrence);
  const visit = priorVisit(key, before);
  const seen = { status: occurrence.status, hash };
  if (occurrence.status === "cancelled") {
    const entry: SnapshotEntry = {
      date: visit?.date ?? occurrence.date,
      customerId: visit?.customerId ?? 0,
      ...seen,
    };
    const change: Change =
      before?.status === "cancelled"
        ? { kind: "unchanged", key, occurrence, contentChanged: before.hash !== hash }
        : { kind: "cancelled", key, occurrence, ...(visit ? { visit } : {}) };
    return { change, entry };
  }
  if (!match.matched) {
    const entry: SnapshotEntry = {
      date: visit?.date ?? occurrence.date,
      customerId: visit?.customerId ?? 0,
      ...seen,
    };
    const { reason, detail } = match;
    return {
      change: { kind: "unmatched", key, occurrence, reason, detail, ...(visit ? { visit } : {}) } as Change,
      entry,
    };
  }
  const { customerId } = match;
  const entry: SnapshotEntry = { date: occurrence.date, customerId, ...seen };
  const created = visitKey(key, occurrence.date, customerId);
  let change: Change;
  if (visit === undefined) change = { kind: "new", key, occurrence, customerId, visitKey: created };
  else if (visit.date === occurrence.date && visit.customerId === customerId)
    change = { kind: "unchanged", key, occurrence, contentChanged: before?.hash !== hash };
  else change = { kind: "moved", key, occurrence, customerId, visitKey: created, superseded: visit };
  return { change, entry };
}

/**
 * A series edited "from this occurrence on" ends the old UID and starts a new one: the old occurrences
 * vanish and new ones appear for the same customer on the same dates. Their visits exist already, so each
 * such pair becomes one `unchanged` (taking the old visit over) instead of a vanish plus a second visit.
 */
function pairTakeOvers(changes: Change[]): Change[] {
  const freed = new Map<string, Extract<Change, { kind: "vanished" }>>();
  for (const change of changes)
    if (change.kind === "vanished" && change.visit)
      freed.set(`${change.visit.date}|${change.visit.customerId}`, change);
  if (freed.size === 0) return changes;
  const takenOver = new Set<Change>();
  const paired = changes.map((change): Change => {
    if (change.kind !== "new") return change;
    const vanished = freed.get(`${change.occurrence.date}|${change.customerId}`);
    if (vanished === undefined) return change;
    freed.delete(`${change.occurrence.date}|${change.customerId}`);
    takenOver.add(vanished);
    return {
      kind: "unchanged",
      key: change.key,
      occurrence: change.occurrence,
      contentChanged: true,
      takesOver: vanished.key,
    };
  });
  return paired.filter((change) => !takenOver.has(change));
}

export function diffFeed(input: DiffInput): FeedDiff {
  const before = entriesOf(input.previous);
  const after = new Map<string, SnapshotEntry>();
  const incomplete = new Set(input.incompleteUids.map(seriesPrefix));
  let changes: Change[] = [];
  for (const matched of input.matched) {
    const key = snapshotKey(matched.occurrence);
    if (after.has(key)) continue; // the same occurrence twice in one feed counts once
    const { change, entry } = compare(key, matched, before.get(key));
    changes.push(change);
    after.set(key, entry);
  }
  for (const [key, entry] of before) {
    if (after.has(key)) continue;
    // Past entries age out; entries beyond the window, or of a series not fully expanded, are kept as they were.
    if (entry.date < input.window.from) continue;
    if (entry.date >= input.window.to || incomplete.has(key.slice(0, 8))) {
      after.set(key, entry);
      continue;
    }
    const visit = priorVisit(key, entry);
    changes.push({ kind: "vanished", key, date: entry.date, ...(visit ? { visit } : {}) });
  }
  changes = pairTakeOvers(changes);
  const counts: Record<ChangeKind, number> = {
    new: 0,
    moved: 0,
    cancelled: 0,
    vanished: 0,
    unmatched: 0,
    unchanged: 0,
  };
  for (const change of changes) counts[change.kind]++;
  return { changes, counts, snapshot: buildSnapshot(after, input.validators) };
}

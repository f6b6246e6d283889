// Counts for the Overview and Hooks pages, read from the ledger's indexes through the shared event queries:
// per status (the status index), per hook over 24 h and 7 days (the hook index, bounded by `since`). Each
// count reads at most COUNT_CAP records; a count that reached it is shown as "1000+".
import { collectEvents, EVENT_STATUSES, type EventRecord, type EventStatus, type Ledger } from "@smx/core";

export const COUNT_CAP = 1000;
const DAY_MS = 86_400_000;

export interface Count {
  n: number;
  /** The cap was reached: there may be more. */
  capped: boolean;
}

export const showCount = (count: Count) => (count.capped ? `${count.n}+` : String(count.n));

export interface StatusTotals {
  totals: Record<EventStatus, Count>;
  /** The events waiting for a person, oldest first (the status index's order). */
  dead: EventRecord[];
  unknown: EventRecord[];
}

export async function statusTotals(ledger: Ledger): Promise<StatusTotals> {
  const lists = await Promise.all(
    EVENT_STATUSES.map((status) => collectEvents(ledger, { status }, COUNT_CAP)),
  );
  const totals = Object.fromEntries(
    EVENT_STATUSES.map((status, i) => [status, countOf(lists[i]!)]),
  ) as Record<EventStatus, Count>;
  const at = (status: EventStatus) => lists[EVENT_STATUSES.indexOf(status)]!;
  return { totals, dead: at("dead"), unknown: at("unknown_outcome") };
}

export interface HookActivity {
  last24h: Partial<Record<EventStatus, number>>;
  last7d: Partial<Record<EventStatus, number>>;
  capped: boolean;
  /** Newest first. */
  latest: EventRecord[];
}

export async function hookActivity(ledger: Ledger, hookId: string, now: number): Promise<HookActivity> {
  const since = new Date(now - 7 * DAY_MS).toISOString();
  const week = await collectEvents(ledger, { hook: hookId, since }, COUNT_CAP);
  const dayAgo = new Date(now - DAY_MS).toISOString();
  return {
    last24h: byStatus(week.filter((record) => record.receivedAt >= dayAgo)),
    last7d: byStatus(week),
    capped: week.length >= COUNT_CAP,
    latest: week.slice(0, 5),
  };
}

/** How many of `records` are in each age band (by when they were last updated): for the backlog chart. */
export const AGE_BANDS = [
  { label: "< 1 h", maxMs: 3_600_000 },
  { label: "1–24 h", maxMs: DAY_MS },
  { label: "1–7 d", maxMs: 7 * DAY_MS },
  { label: "> 7 d", maxMs: Number.POSITIVE_INFINITY },
] as const;

export function ageBands(records: readonly EventRecord[], now: number): number[] {
  const counts = AGE_BANDS.map(() => 0);
  for (const record of records) {
    const age = now - Date.parse(record.updatedAt);
    const band = AGE_BANDS.findIndex((b) => age < b.maxMs);
    counts[band] = (counts[band] ?? 0) + 1;
  }
  return counts;
}

function byStatus(records: readonly EventRecord[]): Partial<Record<EventStatus, number>> {
  const counts: Partial<Record<EventStatus, number>> = {};
  for (const record of records) counts[record.status] = (counts[record.status] ?? 0) + 1;
  return counts;
}

const countOf = (records: readonly EventRecord[]): Count => ({
  n: records.length,
  capped: records.length >= COUNT_CAP,
});

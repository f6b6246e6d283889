// Listing and showing events for operators, in one place: the admin API, the CLI and the console all go
// through here, so they list the same way. A list names a status, a hook, or both, and optionally `since` /
// `until` (received at or after / before), a `source`, and `matching` (a SalesMania id, a dedup key, an event
// id or a native id). One ledger index serves it — by hook when one is given (newest first; `since` bounds
// that index), else by status (oldest first) — and the other filters apply to what it reads.

import { eventIdFor } from "../ids.ts";
import type { EventRecord, Ledger, ListPage } from "../ledger.ts";
import { EventNotFoundError, isoTime } from "../store-errors.ts";
import type { EventStatus } from "./state.ts";

export interface EventQuery {
  status?: EventStatus | undefined;
  hook?: string | undefined;
  /** ISO-8601: only events received at or after it. */
  since?: string | undefined;
  /** ISO-8601: only events received before it. */
  until?: string | undefined;
  /** Only events from this source kind (`zapier`, `tally`, …). */
  source?: string | undefined;
  /** Only events this term names exactly: event id, dedup key, a native id or a SalesMania id. */
  matching?: string | undefined;
}

/** A query that cannot be served: `field` names the part at fault. */
export class EventQueryError extends Error {
  override name = "EventQueryError";
  constructor(
    readonly field: keyof EventQuery,
    message: string,
  ) {
    super(message);
  }
}

/** Index pages read for one page of results at most; the cursor then continues where they stopped. */
const MAX_READS = 10;
/** Largest index page asked for. */
const MAX_READ = 100;

/**
 * Up to `limit` matching events after `cursor`, reading index pages until that many matched, the index
 * ended, or `MAX_READS` pages were read: a page may hold fewer (none, even) and still have a cursor when
 * the filters skip much. Each index page asks only for what is still missing, so the cursor never skips an
 * event. Throws `EventQueryError`, and the ledger's `InvalidCursorError` / `InvalidTimestampError`.
 */
export async function listEvents(
  ledger: Ledger,
  query: EventQuery,
  page: { limit: number; cursor?: string },
): Promise<ListPage> {
  const { status, hook } = query;
  if (status === undefined && hook === undefined) {
    throw new EventQueryError("status", "give a status or a hook id (or both) to list events");
  }
  const since = query.since === undefined ? undefined : isoTime("since", query.since);
  const until = query.until === undefined ? undefined : isoTime("until", query.until);
  const matches = (record: EventRecord) =>
    (status === undefined || record.status === status) &&
    (since === undefined || record.receivedAt >= since) &&
    (until === undefined || record.receivedAt < until) &&
    (query.source === undefined || record.source === query.source) &&
    (query.matching === undefined || namedBy(record, query.matching));
  const items: EventRecord[] = [];
  let cursor = page.cursor;
  for (let reads = 0; reads < MAX_READS && items.length < page.limit; reads++) {
    const read = { limit: Math.min(page.limit - items.length, MAX_READ), ...(cursor ? { cursor } : {}) };
    const listed =
      hook !== undefined
        ? await ledger.listByHook(hook, { ...read, ...(since === undefined ? {} : { since }) })
        : await ledger.listByStatus(status as EventStatus, read);
    items.push(...listed.items.filter(matches));
    cursor = listed.cursor;
    if (cursor === undefined) break;
  }
  return { items, ...(cursor === undefined ? {} : { cursor }) };
}

/** Whether `term` is one of the record's own names: its ids, its dedup key, or an id SalesMania gave it. */
export function namedBy(record: EventRecord, term: string): boolean {
  return (
    record.eventId === term ||
    record.dedupKey === term ||
    Object.values(record.nativeIds).includes(term) ||
    Object.values(record.result?.ids ?? {}).some((id) => String(id) === term)
  );
}

/**
 * The events `term` names exactly, found without a scan: an event id is read directly, and a dedup key is
 * read under every given hook (an event id is derived from hook + dedup key). A SalesMania id or a native id
 * has no index: list with `matching` for those.
 */
export async function findEventsNamed(
  ledger: Ledger,
  term: string,
  hookIds: readonly string[],
): Promise<EventRecord[]> {
  const ids = new Set([term, ...hookIds.map((hookId) => eventIdFor(hookId, term))]);
  const found = await Promise.all([...ids].map((id) => ledger.get(id)));
  return found.filter((record): record is EventRecord => record !== undefined);
}

/** Every matching event up to `limit` (default: all), following cursors to the end of the index. */
export async function collectEvents(
  ledger: Ledger,
  query: EventQuery,
  limit = Number.POSITIVE_INFINITY,
): Promise<EventRecord[]> {
  const found: EventRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listEvents(ledger, query, {
      limit: limit - found.length,
      ...(cursor ? { cursor } : {}),
    });
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined && found.length < limit);
  return found;
}

/** One event; `EventNotFoundError` when the ledger has none by that id. */
export async function showEvent(ledger: Ledger, eventId: string): Promise<EventRecord> {
  const record = await ledger.get(eventId);
  if (record === undefined) throw new EventNotFoundError(eventId);
  return record;
}

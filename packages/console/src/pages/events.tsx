/** @jsxImportSource hono/jsx */
// Events: filtered by status, hook, source and time range, searched by event id, dedup key or SalesMania
// id, a page at a time from the ledger's indexes — through the same event queries as the admin API and the
// CLI. An exact id or dedup key is read directly (no scan); other terms filter the listed index.
import {
  EVENT_STATUSES,
  EventQueryError,
  type EventRecord,
  findEventsNamed,
  InvalidCursorError,
  InvalidTimestampError,
  type ListPage,
  listEvents,
} from "@smx/core";
import { SOURCE_KINDS } from "@smx/sources";
import * as v from "valibot";
import { type ConsoleContext, type ConsoleDeps, sendPage, userOf } from "../env.ts";
import { Notice, Page, StatusBadge, Time } from "../layout.tsx";

const PAGE_SIZE = 25;
/** `<input type="datetime-local">` gives minutes without a zone: the page says they are UTC. */
const LocalTime = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(40),
    v.transform((s) => (s.length === 16 ? `${s}:00Z` : s)),
  ),
);

const Filters = v.object({
  status: v.optional(v.picklist(EVENT_STATUSES, `one of ${EVENT_STATUSES.join(", ")}`)),
  hook: v.optional(v.pipe(v.string(), v.maxLength(200, "at most 200 characters"))),
  source: v.optional(v.picklist(SOURCE_KINDS, `one of ${SOURCE_KINDS.join(", ")}`)),
  since: LocalTime,
  until: LocalTime,
  q: v.optional(v.pipe(v.string(), v.maxLength(300, "at most 300 characters"))),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(4000, "a cursor from a previous page"))),
});
type Filters = v.InferOutput<typeof Filters>;

export async function listEventsPage(c: ConsoleContext, deps: ConsoleDeps) {
  const query = c.req.query();
  // An empty field is no filter; a first visit shows the dead events (the backlog to work on).
  const given = Object.entries(query).flatMap(([name, value]) =>
    value.trim() === "" ? [] : [[name, value.trim()]],
  );
  const parsed = v.safeParse(
    Filters,
    Object.keys(query).length === 0 ? { status: "dead" } : Object.fromEntries(given),
  );
  const filters: Filters = parsed.success ? parsed.output : {};
  let problem = parsed.success
    ? undefined
    : `${v.getDotPath(parsed.issues[0]) ?? "filter"}: expected ${parsed.issues[0].message}`;
  let page: ListPage | undefined;
  let exact = false;
  if (problem === undefined) {
    try {
      ({ page, exact } = await findEvents(deps, filters));
    } catch (error) {
      if (
        !(
          error instanceof EventQueryError ||
          error instanceof InvalidCursorError ||
          error instanceof InvalidTimestampError
        )
      )
        throw error;
      problem = error.message;
    }
  }
  return sendPage(
    c,
    <Page title="Events" section="events" user={userOf(c)}>
      <FilterForm filters={filters} hooks={[...deps.runtime.hooks.keys()]} />
      {problem && <Notice kind="bad">{problem}</Notice>}
      {exact && <Notice>Found by its event id or dedup key (other filters do not apply).</Notice>}
      {page && <EventTable items={page.items} />}
      {page?.cursor && (
        <p>
          <a
            class="button secondary"
            href={`/console/events?${new URLSearchParams(nextPage(query, page.cursor))}`}
          >
            Next page
          </a>
        </p>
      )}
    </Page>,
    problem === undefined ? 200 : 400,
  );
}

/** An exact name first (cheap: direct reads), else the index the filters choose. */
async function findEvents(deps: ConsoleDeps, filters: Filters): Promise<{ page: ListPage; exact: boolean }> {
  const { ledger } = deps.runtime;
  if (filters.q !== undefined && filters.cursor === undefined) {
    const named = await findEventsNamed(ledger, filters.q, [...deps.runtime.hooks.keys()]);
    if (named.length > 0) return { page: { items: named }, exact: true };
  }
  const { q, cursor, ...rest } = filters;
  const page = await listEvents(
    ledger,
    { ...rest, ...(q === undefined ? {} : { matching: q }) },
    { limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) },
  );
  return { page, exact: false };
}

function nextPage(query: Record<string, string>, cursor: string): Record<string, string> {
  return { ...(Object.keys(query).length === 0 ? { status: "dead" } : query), cursor };
}

function FilterForm({ filters, hooks }: { filters: Filters; hooks: string[] }) {
  const option = (value: string, selected: string | undefined, label = value) => (
    <option value={value} selected={value === (selected ?? "")}>
      {label}
    </option>
  );
  return (
    <form class="filters" method="get" action="/console/events">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          {option("", filters.status, "any (needs a hook)")}
          {EVENT_STATUSES.map((s) => option(s, filters.status))}
        </select>
      </div>
      <div>
        <label for="f-hook">Hook</label>
        <select id="f-hook" name="hook">
          {option("", filters.hook, "any")}
          {hooks.map((h) => option(h, filters.hook))}
        </select>
      </div>
      <div>
        <label for="f-source">Source</label>
        <select id="f-source" name="source">
          {option("", filters.source, "any")}
          {SOURCE_KINDS.map((s) => option(s, filters.source))}
        </select>
      </div>
      <div>
        <label for="f-since">Received from (UTC)</label>
        <input id="f-since" name="since" type="datetime-local" value={filters.since?.slice(0, 16) ?? ""} />
      </div>
      <div>
        <label for="f-until">Received before (UTC)</label>
        <input id="f-until" name="until" type="datetime-local" value={filters.until?.slice(0, 16) ?? ""} />
      </div>
      <div>
        <label for="f-q">Event id, dedup key or SalesMania id</label>
        <input id="f-q" name="q" type="search" value={filters.q ?? ""} />
      </div>
      <div>
        <button type="submit">Filter</button>
      </div>
    </form>
  );
}

function EventTable({ items }: { items: EventRecord[] }) {
  if (items.length === 0) return <p>No events match.</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">received</th>
            <th scope="col">status</th>
            <th scope="col">hook</th>
            <th scope="col" class="wide">
              dedup key
            </th>
            <th scope="col">outcome</th>
          </tr>
        </thead>
        <tbody>
          {items.map((record) => (
            <tr>
              <td>
                <a href={`/console/events/${record.eventId}`} aria-label={`event ${record.eventId}`}>
                  <Time iso={record.receivedAt} />
                </a>
              </td>
              <td>
                <StatusBadge status={record.status} />
              </td>
              <td>
                {record.hookId} <span class="muted">({record.source})</span>
              </td>
              <td class="wide">
                <code>{record.dedupKey}</code>
              </td>
              <td>{outcomeOf(record)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function outcomeOf(record: EventRecord): string {
  const ids = Object.entries(record.result?.ids ?? {}).map(([name, id]) => `${name} ${id}`);
  if (ids.length > 0) return ids.join(", ");
  return record.lastError ? `${record.lastError.code}: ${record.lastError.message}` : "";
}

/** @jsxImportSource hono/jsx */
// One event: what it is (ids, hook, command, what SalesMania gave it), its typed history with causes, the
// raw request where one was kept, and the actions its status allows (each through a confirmation page).
import {
  EventNotFoundError,
  type EventRecord,
  type HistoryEntry,
  type RawRequest,
  showEvent as readEvent,
} from "@smx/core";
import { type ConsoleContext, type ConsoleDeps, sendPage, userOf } from "../env.ts";
import { Json, Notice, Page, StatusBadge, Time } from "../layout.tsx";
import { ACTIONS, applicable } from "./action-rules.ts";

export async function showEvent(c: ConsoleContext, deps: ConsoleDeps) {
  const eventId = c.req.param("id") ?? "";
  let record: EventRecord;
  try {
    record = await readEvent(deps.runtime.ledger, eventId);
  } catch (error) {
    if (!(error instanceof EventNotFoundError)) throw error;
    return sendPage(
      c,
      <Page title="Event not found" section="events" user={userOf(c)}>
        <Notice kind="warn">No event {eventId} in the ledger.</Notice>
      </Page>,
      404,
    );
  }
  const done = c.req.query("done");
  return sendPage(
    c,
    <Page title={`Event ${record.eventId}`} section="events" user={userOf(c)}>
      {done && <Notice kind="ok">{`Done: ${done}. The event is now ${record.status}.`}</Notice>}
      <EventFacts record={record} />
      <div class="actions">
        {applicable(record).map((action) => (
          <a class="button" href={`/console/events/${record.eventId}/${action}`}>
            {ACTIONS[action].label}…
          </a>
        ))}
      </div>
      {record.command && (
        <>
          <h2>Command</h2>
          <Json value={record.command} />
        </>
      )}
      <h2>History</h2>
      <History entries={record.attempts} />
      {record.raw && <RawRequestView raw={record.raw} />}
    </Page>,
  );
}

export function EventFacts({ record }: { record: EventRecord }) {
  const ids = Object.entries(record.result?.ids ?? {});
  return (
    <dl class="facts">
      <dt>status</dt>
      <dd>
        <StatusBadge status={record.status} />
      </dd>
      <dt>hook</dt>
      <dd>
        {record.hookId} ({record.source}, connection {record.connectionId})
      </dd>
      <dt>dedup key</dt>
      <dd>
        <code>{record.dedupKey}</code>{" "}
        {record.dedupKeySource && <span class="muted">({record.dedupKeySource})</span>}
      </dd>
      {Object.keys(record.nativeIds).length > 0 && (
        <>
          <dt>sender's ids</dt>
          <dd>
            {Object.entries(record.nativeIds)
              .map(([k, v]) => `${k} ${v}`)
              .join(", ")}
          </dd>
        </>
      )}
      <dt>SalesMania ids</dt>
      <dd>{ids.length > 0 ? ids.map(([k, v]) => `${k} ${v}`).join(", ") : "none yet"}</dd>
      {record.result?.note && (
        <>
          <dt>note</dt>
          <dd>{record.result.note}</dd>
        </>
      )}
      {record.lastError && (
        <>
          <dt>last error</dt>
          <dd>
            <code>{record.lastError.code}</code> {record.lastError.message}
            {record.lastError.field && ` (field ${record.lastError.field})`}
          </dd>
        </>
      )}
      {record.closure && (
        <>
          <dt>closed</dt>
          <dd>
            {record.closure.kind} by {record.closure.actor} from {record.closure.from}
            {record.closure.reason && `: ${record.closure.reason}`}
          </dd>
        </>
      )}
      <dt>received</dt>
      <dd>
        <Time iso={record.receivedAt} />
      </dd>
      <dt>updated</dt>
      <dd>
        <Time iso={record.updatedAt} />
      </dd>
      {record.nextAttemptAt && (
        <>
          <dt>next attempt</dt>
          <dd>
            <Time iso={record.nextAttemptAt} />
          </dd>
        </>
      )}
      <dt>attempts</dt>
      <dd>{record.attemptCount}</dd>
    </dl>
  );
}

function History({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p class="muted">Nothing happened to it yet.</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">when</th>
            <th scope="col">what</th>
            <th scope="col">left it</th>
            <th scope="col">cause</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>
                <Time iso={entry.at} />
              </td>
              <td>{describeEntry(entry)}</td>
              <td>
                <StatusBadge status={entry.outcome} />
              </td>
              <td>{causeOf(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function describeEntry(entry: HistoryEntry): string {
  switch (entry.kind) {
    case "attempt":
      return `attempt (${entry.trigger}, ${entry.durationMs} ms)`;
    case "action":
      return `${entry.action} by ${entry.actor}`;
    case "rejection":
      return "rejected when first received";
  }
}

function causeOf(entry: HistoryEntry): string {
  if (entry.kind === "action") return entry.note ?? "";
  const error = entry.error;
  if (error === undefined) return "";
  return `${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ""}${error.httpStatus ? ` [HTTP ${error.httpStatus}]` : ""}`;
}

function RawRequestView({ raw }: { raw: RawRequest }) {
  const text = raw.body === undefined ? undefined : Buffer.from(raw.body, "base64").toString("utf8");
  return (
    <>
      <h2>Request as received ({raw.bytes} bytes; secret headers are never kept)</h2>
      <Json value={raw.headers} />
      {text === undefined ? <p class="muted">The body was larger than the kept limit.</p> : <pre>{text}</pre>}
    </>
  );
}

// The ledger in memory, on the same rules as the DynamoDB one (core's verdicts, guards and changes): for
// tests that exercise the pipeline's logic without DynamoDB Local, and as the second implementation the
// ledger contract suite runs against. One process only; nothing expires (no TTL).
import { randomUUID } from "node:crypto";
import {
  applyChange,
  claimedRecord,
  completion,
  hookOrderKey,
  leaseFor,
  type RecordWrite,
  rejectedRecord,
  requeue,
  settlement,
  statusOrderKey,
  takeover,
} from "../events/records.ts";
import { type EventStatus, guardHolds, judgeClaim } from "../events/state.ts";
import type {
  ClaimInput,
  ClaimResult,
  EventRecord,
  Lease,
  Ledger,
  ListPage,
  ListQuery,
  Outcome,
  RejectInput,
  RequeueOptions,
  SettleOptions,
} from "../ledger.ts";
import {
  EventNotFoundError,
  EventStateError,
  InvalidCursorError,
  isoTime,
  LeaseLostError,
} from "../store-errors.ts";

interface Stored {
  record: EventRecord;
  /** The lease holding it while in progress. */
  leaseToken?: string;
}

/** Records handed out are copies, as if read back from a store. */
const copy = (record: EventRecord): EventRecord => structuredClone(record);

export class MemoryLedger implements Ledger {
  readonly #items = new Map<string, Stored>();
  readonly #pageSize: number;

  constructor(options: { defaultPageSize?: number } = {}) {
    this.#pageSize = options.defaultPageSize ?? 50;
  }

  async claim(input: ClaimInput): Promise<ClaimResult> {
    const stored = this.#items.get(input.eventId);
    const lease = leaseFor(input, randomUUID());
    if (stored === undefined) {
      const record = claimedRecord(input, lease);
      this.#items.set(input.eventId, { record: copy(record), leaseToken: lease.token });
      return { kind: "claimed", record, lease, takenOver: false };
    }
    const existing = { ...stored.record, ...(stored.leaseToken ? { leaseToken: stored.leaseToken } : {}) };
    const verdict = judgeClaim(existing, input);
    if (verdict !== "takeover") return { kind: verdict, record: copy(stored.record) };
    // Judged and written with nothing in between (one process), the guard holds; checked as a store would.
    const record = this.#apply(input.eventId, takeover(existing, input, lease));
    if (record === undefined) return { kind: "busy", record: copy(stored.record) };
    return { kind: "claimed", record, lease, takenOver: true, previousStatus: existing.status };
  }

  async complete(lease: Lease, outcome: Outcome): Promise<EventRecord> {
    const record = this.#apply(lease.eventId, completion(lease, outcome));
    if (record === undefined) throw new LeaseLostError(lease.eventId);
    return record;
  }

  async reject(input: RejectInput): Promise<{ created: boolean; record: EventRecord }> {
    const stored = this.#items.get(input.eventId);
    if (stored !== undefined) return { created: false, record: copy(stored.record) };
    const record = rejectedRecord(input);
    this.#items.set(input.eventId, { record: copy(record) });
    return { created: true, record };
  }

  async get(eventId: string): Promise<EventRecord | undefined> {
    const stored = this.#items.get(eventId);
    return stored === undefined ? undefined : copy(stored.record);
  }

  async listByStatus(status: EventStatus, query: ListQuery & { dueBefore?: string } = {}): Promise<ListPage> {
    const bound = query.dueBefore === undefined ? undefined : `${isoTime("dueBefore", query.dueBefore)}$`;
    const keyed = this.#records()
      .filter((record) => record.status === status)
      .map((record) => ({ key: statusOrderKey(record), record }))
      .filter(({ key }) => bound === undefined || key < bound)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return this.#page(keyed, query, true);
  }

  async countDue(dueBefore: string, max: number): Promise<number> {
    const due = await this.listByStatus("retry", { dueBefore, limit: max });
    return due.items.length;
  }

  async listByHook(hookId: string, query: ListQuery & { since?: string } = {}): Promise<ListPage> {
    const since = query.since === undefined ? undefined : isoTime("since", query.since);
    const keyed = this.#records()
      .filter((record) => record.hookId === hookId)
      .map((record) => ({ key: hookOrderKey(record), record }))
      .filter(({ key }) => since === undefined || key >= since)
      .sort((a, b) => (a.key < b.key ? 1 : -1));
    return this.#page(keyed, query, false);
  }

  requeue(eventId: string, options: RequeueOptions): Promise<EventRecord> {
    return this.#transition(eventId, requeue(options), options);
  }

  settle(eventId: string, options: SettleOptions): Promise<EventRecord> {
    return this.#transition(eventId, settlement(options), options);
  }

  async #transition(
    eventId: string,
    write: RecordWrite,
    options: RequeueOptions | SettleOptions,
  ): Promise<EventRecord> {
    const record = this.#apply(eventId, write);
    if (record !== undefined) return record;
    const stored = this.#items.get(eventId);
    if (stored === undefined) throw new EventNotFoundError(eventId);
    throw new EventStateError(eventId, stored.record.status, options.entry.action, options.from);
  }

  /** A conditional write: the record after it, or undefined when it is absent or the guard fails. */
  #apply(eventId: string, write: RecordWrite): EventRecord | undefined {
    const stored = this.#items.get(eventId);
    if (stored === undefined) return undefined;
    const state = { ...stored.record, ...(stored.leaseToken ? { leaseToken: stored.leaseToken } : {}) };
    if (!guardHolds(write.guard, state)) return undefined;
    const record = applyChange(stored.record, write.change);
    const leaseToken = write.change.leaseToken;
    this.#items.set(eventId, { record, ...(leaseToken === null ? {} : { leaseToken }) });
    return copy(record);
  }

  #records(): EventRecord[] {
    return [...this.#items.values()].map((stored) => stored.record);
  }

  /** The page after the cursor (the last key handed out) in the list's order; a cursor while more follow. */
  #page(keyed: { key: string; record: EventRecord }[], query: ListQuery, ascending: boolean): ListPage {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rest =
      after === undefined ? keyed : keyed.filter(({ key }) => (ascending ? key > after : key < after));
    const page = rest.slice(0, query.limit ?? this.#pageSize);
    const last = page.at(-1);
    const more = rest.length > page.length && last !== undefined;
    return {
      items: page.map(({ record }) => copy(record)),
      ...(more ? { cursor: encodeCursor(last.key) } : {}),
    };
  }
}

const CURSOR_PREFIX = "mem:";
const encodeCursor = (key: string) => Buffer.from(`${CURSOR_PREFIX}${key}`).toString("base64url");

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(CURSOR_PREFIX)) throw new InvalidCursorError(cursor);
  return text.slice(CURSOR_PREFIX.length);
}

// Listing events for operators (events/queries.ts), on the memory ledger: the admin API and the CLI both list
// through it. One index serves a query, the other filters apply to what it reads, and a cursor never skips
// an event however much the filters leave out.
import { describe, expect, it } from "vitest";
import {
  collectEvents,
  EventNotFoundError,
  EventQueryError,
  type Ledger,
  listEvents,
  showEvent,
} from "../src/index.ts";
import {
  claimInput,
  claimOrFail,
  deadOutcome,
  delivered,
  iso,
  MemoryLedger,
  T0,
} from "../src/testing/index.ts";

/** `count` events of `hookId` received a minute apart from `start`; every third one ends dead. */
async function received(ledger: Ledger, hookId: string, count: number, start = T0) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const now = start + i * 60_000;
    const claimed = await claimOrFail(ledger, claimInput({ hookId, now }));
    await ledger.complete(claimed.lease, i % 3 === 2 ? deadOutcome(now + 10) : delivered(now + 10));
    ids.push(claimed.record.eventId);
  }
  return ids;
}

describe("listEvents", () => {
  it("needs a status or a hook", async () => {
    const error = await listEvents(new MemoryLedger(), {}, { limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventQueryError);
    expect(error).toMatchObject({ field: "status" });
  });

  it("lists a hook's events of one status, newest first, a full page at a time, without skipping any", async () => {
    const ledger = new MemoryLedger({ defaultPageSize: 5 });
    const ids = await received(ledger, "h-a", 30);
    await received(ledger, "h-b", 5);
    const dead = ids.filter((_, i) => i % 3 === 2).reverse();
    const first = await listEvents(ledger, { hook: "h-a", status: "dead" }, { limit: 4 });
    expect(first.items.map((r) => r.eventId)).toEqual(dead.slice(0, 4));
    expect(first.cursor).toEqual(expect.any(String));
    const rest = await listEvents(
      ledger,
      { hook: "h-a", status: "dead" },
      { limit: 100, cursor: first.cursor! },
    );
    expect(rest.items.map((r) => r.eventId)).toEqual(dead.slice(4));
    expect(rest.cursor).toBeUndefined();
  });

  it("bounds a status list by when events were received, whatever the zone the bound is written in", async () => {
    const ledger = new MemoryLedger();
    const ids = await received(ledger, "h-since", 9);
    const since = new Date(T0 + 4 * 60_000).toISOString().replace("Z", "+00:00");
    const page = await listEvents(ledger, { status: "dead", since }, { limit: 10 });
    // Dead ones are the 3rd, 6th and 9th; received at or after minute 4: the 6th and 9th, oldest first.
    expect(page.items.map((r) => r.eventId)).toEqual([ids[5], ids[8]]);
  });

  it("stops after a bounded number of index reads, handing back a cursor to go on from", async () => {
    const ledger = new MemoryLedger();
    await received(ledger, "h-rare", 40);
    const page = await listEvents(ledger, { hook: "h-rare", status: "retry" }, { limit: 1 });
    // No event matches: ten reads of one event each, then a cursor rather than reading the whole index.
    expect(page.items).toEqual([]);
    expect(page.cursor).toEqual(expect.any(String));
    expect(await collectEvents(ledger, { hook: "h-rare", status: "retry" }, 1)).toEqual([]);
  });
});

describe("collectEvents", () => {
  it("follows the cursor until the limit or the end of the index", async () => {
    const ledger = new MemoryLedger({ defaultPageSize: 2 });
    const ids = await received(ledger, "h-all", 12);
    expect((await collectEvents(ledger, { hook: "h-all" })).map((r) => r.eventId)).toEqual(
      [...ids].reverse(),
    );
    expect(await collectEvents(ledger, { status: "dead" }, 2)).toHaveLength(2);
    expect(await collectEvents(ledger, { status: "delivered", since: iso(T0 + 11 * 60_000) })).toEqual([]);
  });
});

describe("showEvent", () => {
  it("gives the record, or EventNotFoundError", async () => {
    const ledger = new MemoryLedger();
    const [eventId] = await received(ledger, "h-show", 1);
    expect((await showEvent(ledger, eventId!)).eventId).toBe(eventId);
    await expect(showEvent(ledger, "evt_missing")).rejects.toBeInstanceOf(EventNotFoundError);
  });
});

// The console's filters and search in the shared event queries (events/queries.ts), on the memory ledger:
// a time range, a source, a term naming an event (its id, dedup key, a sender's id or a SalesMania id), and
// the direct reads that find an event id or a dedup key without listing anything.
import { describe, expect, it } from "vitest";
import { eventIdFor, findEventsNamed, InvalidTimestampError, type Ledger, listEvents } from "../src/index.ts";
import { claimInput, claimOrFail, delivered, MemoryLedger, T0 } from "../src/testing/index.ts";

const MINUTE = 60_000;

/** One delivered event of `hookId` with `dedupKey`, received at `now`; its SalesMania id is 45. */
async function deliveredEvent(
  ledger: Ledger,
  hookId: string,
  dedupKey: string,
  now: number,
  source = "zapier",
) {
  const eventId = eventIdFor(hookId, dedupKey);
  const claimed = await claimOrFail(ledger, claimInput({ eventId, hookId, dedupKey, now, source }));
  await ledger.complete(claimed.lease, delivered(now + 10));
  return eventId;
}

describe("listing with a time range, a source and a term", () => {
  it("keeps what was received in [since, until), of the source asked for", async () => {
    const ledger = new MemoryLedger();
    const early = await deliveredEvent(ledger, "h", "k-1", T0);
    const middle = await deliveredEvent(ledger, "h", "k-2", T0 + 10 * MINUTE);
    await deliveredEvent(ledger, "h", "k-3", T0 + 20 * MINUTE);
    await deliveredEvent(ledger, "h", "k-4", T0 + 5 * MINUTE, "tally");
    const range = {
      status: "delivered" as const,
      since: new Date(T0).toISOString(),
      until: new Date(T0 + 20 * MINUTE).toISOString(),
    };
    const page = await listEvents(ledger, { ...range, source: "zapier" }, { limit: 10 });
    expect(page.items.map((r) => r.eventId).sort()).toEqual([early, middle].sort());
    const error = await listEvents(ledger, { hook: "h", until: "soon" }, { limit: 10 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidTimestampError);
    expect(error).toMatchObject({ field: "until" });
  });

  it("matches a term against the dedup key, a sender's id and a SalesMania id, exactly", async () => {
    const ledger = new MemoryLedger();
    const one = await deliveredEvent(ledger, "h", "order-77", T0);
    await deliveredEvent(ledger, "h", "order-777", T0 + MINUTE);
    const byKey = await listEvents(ledger, { hook: "h", matching: "order-77" }, { limit: 10 });
    expect(byKey.items.map((r) => r.eventId)).toEqual([one]);
    const bySalesmaniaId = await listEvents(ledger, { hook: "h", matching: "45" }, { limit: 10 });
    expect(bySalesmaniaId.items).toHaveLength(2);
    const byNativeId = await listEvents(ledger, { status: "delivered", matching: "s-1" }, { limit: 10 });
    expect(byNativeId.items).toHaveLength(2);
  });
});

describe("findEventsNamed", () => {
  it("reads an event id directly, and a dedup key under every hook, without listing", async () => {
    const ledger = new MemoryLedger();
    const a = await deliveredEvent(ledger, "hook-a", "shared-key", T0);
    const b = await deliveredEvent(ledger, "hook-b", "shared-key", T0);
    const byKey = await findEventsNamed(ledger, "shared-key", ["hook-a", "hook-b", "hook-c"]);
    expect(byKey.map((r) => r.eventId).sort()).toEqual([a, b].sort());
    expect((await findEventsNamed(ledger, a, ["hook-a"])).map((r) => r.eventId)).toEqual([a]);
    expect(await findEventsNamed(ledger, "nothing", ["hook-a"])).toEqual([]);
  });
});

// The rate-limit schedule store contract: what every `RateLimitStore` must do, as vitest tests registered
// against one implementation. Core runs it on the memory store, @smx/aws on DynamoDB Local.
import { describe, expect, it } from "vitest";
import type { RateLimitStore } from "../rate-schedule.ts";

/** Registers the contract's tests; `create` gives a new, empty store (each test takes its own). */
export function rateLimitStoreContract(name: string, create: () => Promise<RateLimitStore>): void {
  describe(`${name}: the shared schedule`, () => {
    it("of two containers starting an idle schedule at once, one wins and the other learns its value", async () => {
      const store = await create();
      const now = Date.now();
      const [a, b] = await Promise.all([
        store.raise("conn", { to: now + 1_000, ifBelow: now }),
        store.raise("conn", { to: now + 2_000, ifBelow: now }),
      ]);
      expect([a.applied, b.applied].sort()).toEqual([false, true]);
      const winner = a.applied ? a : b;
      expect(a.applied ? b : a).toEqual({ applied: false, nextSlotAt: winner.nextSlotAt });
    });

    it("extends a busy schedule for every concurrent lease, in disjoint blocks", async () => {
      const store = await create();
      const now = Date.now();
      await store.raise("conn", { to: now + 500, ifBelow: now });
      const writes = await Promise.all(
        Array.from({ length: 10 }, () => store.extend("conn", { byMs: 100, ifAtLeast: now })),
      );
      expect(writes.every((w) => w.applied)).toBe(true);
      const ends = writes.map((w) => w.nextSlotAt as number).sort((x, y) => x - y);
      expect(ends).toEqual(Array.from({ length: 10 }, (_, i) => now + 500 + (i + 1) * 100));
    });

    it("does not extend a schedule that went idle, and a push back only moves it forward", async () => {
      const store = await create();
      const now = Date.now();
      expect(await store.extend("conn", { byMs: 100, ifAtLeast: now })).toEqual({
        applied: false,
        nextSlotAt: undefined,
      });
      await store.raise("conn", { to: now - 5_000, ifBelow: now });
      expect(await store.extend("conn", { byMs: 100, ifAtLeast: now })).toEqual({
        applied: false,
        nextSlotAt: now - 5_000,
      });
      expect(await store.raise("conn", { to: now + 3_000, ifBelow: now + 3_000 })).toEqual({
        applied: true,
        nextSlotAt: now + 3_000,
      });
      expect(await store.raise("conn", { to: now + 1_000, ifBelow: now + 1_000 })).toEqual({
        applied: false,
        nextSlotAt: now + 3_000,
      });
    });

    it("hands back the end of a block only while no one has leased after it", async () => {
      const store = await create();
      const now = Date.now();
      await store.raise("conn", { to: now + 2_000, ifBelow: now });
      expect(await store.shorten("conn", { to: now + 500, ifAt: now + 1_900 })).toEqual({
        applied: false,
        nextSlotAt: now + 2_000,
      });
      expect(await store.shorten("conn", { to: now + 500, ifAt: now + 2_000 })).toEqual({
        applied: true,
        nextSlotAt: now + 500,
      });
    });
  });
}

// One container's handle on a connection's shared schedule (rate-schedule.ts): it leases blocks of slots,
// hands back the unused end of its last block, pushes the schedule back after a 429, and — while the store
// fails or is too slow — paces this container alone from a local schedule at a fraction of the rate.
import type { Logger } from "./ports.ts";
import { InMemoryRateLimitStore, type RateLimitStore, type RatePlan, reserveSlots } from "./rate-schedule.ts";

/** Deadline of one call to the shared store; slower counts as unavailable. */
const STORE_TIMEOUT_MS = 3_000;
/**
 * A block starts no earlier than the store's answer can arrive (its recent round trip, smoothed), so its
 * first slots are not already past when they arrive; at most this much ahead.
 */
const MAX_ROUND_TRIP_MS = 500;
/**
 * The store unavailable: this container alone paces at rate ÷ FALLBACK_SHARE, for FALLBACK_MS. When the
 * table cannot be reached, the ledger (same table) cannot claim new events either, so only deliveries already
 * under way need slots; an eighth keeps up to eight containers within the limit, and costs nothing while
 * only one container's calls fail (the others then lease the whole rate).
 */
export const FALLBACK_SHARE = 8;
const FALLBACK_MS = 10_000;

export interface SharedScheduleOptions {
  key: string;
  store: RateLimitStore;
  plan: RatePlan;
  logger: Logger | undefined;
  now: () => number;
}

export interface Lease {
  slots: number[];
  /** Where the block ends in the shared schedule, while no one has leased after it (not from the fallback). */
  ownEnd: number | undefined;
}

export class SharedSchedule {
  readonly #options: SharedScheduleOptions;
  readonly #fallback = new InMemoryRateLimitStore();
  #fallbackUntil = Number.NEGATIVE_INFINITY;
  /** The shared schedule's `nextSlotAt` as last seen. */
  #known = Number.NEGATIVE_INFINITY;
  /** The store's recent round trip (ms), smoothed. */
  #roundTripMs = 20;
  #heldUntil = Number.NEGATIVE_INFINITY;
  #holding: Promise<unknown> = Promise.resolve();

  constructor(options: SharedScheduleOptions) {
    this.#options = options;
  }

  /** No slot from a new lease comes before this (as far as this container knows). */
  get earliest(): number {
    return Math.max(this.#options.now() + this.#roundTripMs, this.#known);
  }

  /** The shared schedule's next free slot as last seen. */
  get known(): number {
    return this.#known;
  }

  /** `count` consecutive slots; none when the store failed (then the next lease comes from the fallback). */
  async lease(count: number): Promise<Lease> {
    const { key, store, plan, now } = this.#options;
    await this.#holding;
    const fallback = this.#inFallback();
    const lead = fallback ? 0 : this.#roundTripMs;
    const sent = performance.now();
    try {
      const { slots, nextSlotAt } = await reserveSlots(fallback ? this.#fallback : store, key, {
        count,
        spacingMs: fallback ? plan.spacingMs * FALLBACK_SHARE : plan.spacingMs,
        known: fallback ? Number.NEGATIVE_INFINITY : this.#known,
        now: () => now() + lead,
        signal: AbortSignal.timeout(STORE_TIMEOUT_MS),
      });
      if (fallback) return { slots, ownEnd: undefined };
      const roundTrip = performance.now() - sent;
      this.#roundTripMs = Math.min(MAX_ROUND_TRIP_MS, 0.7 * this.#roundTripMs + 0.3 * roundTrip);
      if (nextSlotAt !== undefined) this.#known = Math.max(this.#known, nextSlotAt);
      return { slots, ownEnd: slots.length > 0 ? nextSlotAt : undefined };
    } catch (error) {
      this.#unavailable(error);
      return { slots: [], ownEnd: undefined };
    }
  }

  /** Gives `from`…`ownEnd` back to the schedule if no one leased after it; true when it did. */
  async giveBack(from: number, ownEnd: number): Promise<boolean> {
    const { key, store } = this.#options;
    try {
      const write = await store.shorten(
        key,
        { to: from, ifAt: ownEnd },
        AbortSignal.timeout(STORE_TIMEOUT_MS),
      );
      if (write.applied) this.#known = from;
      return write.applied;
    } catch (error) {
      this.#unavailable(error);
      return false;
    }
  }

  /** No slot before `until` for anyone (SalesMania answered 429); true when this is news to this container. */
  hold(until: number): boolean {
    this.#known = Math.max(this.#known, until);
    if (until - this.#heldUntil <= this.#options.plan.spacingMs) return false;
    this.#heldUntil = until;
    const { key, store } = this.#options;
    this.#holding = (this.#inFallback() ? this.#fallback : store)
      .raise(key, { to: until, ifBelow: until }, AbortSignal.timeout(STORE_TIMEOUT_MS))
      .catch((error: unknown) => this.#unavailable(error));
    return true;
  }

  #inFallback(): boolean {
    return this.#options.now() < this.#fallbackUntil;
  }

  #unavailable(error: unknown): void {
    if (!this.#inFallback()) {
      this.#options.logger?.error(
        "rate limit store unavailable; pacing this container alone at a reduced rate",
        {
          connectionId: this.#options.key,
          share: `1/${FALLBACK_SHARE}`,
          forMs: FALLBACK_MS,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        },
      );
    }
    this.#fallbackUntil = this.#options.now() + FALLBACK_MS;
  }
}

// The account-wide rate limit's shared state and its rules. SalesMania's limit belongs to the account, so
// every container of a connection draws from ONE schedule (GCRA, "virtual scheduling"): the store keeps the
// time the next free request slot begins, slots are `spacingMs` apart, and a container reserves a block of
// consecutive slots with one conditional write and spends them locally. The schedule only grows, except
// when a container hands back the unused end of the block it leased last. Backend-agnostic: the store port
// below is all an adapter (DynamoDB, memory) implements; the arithmetic and the lease sizing live here.

/** What a conditional write on the schedule answers: applied, with the new value, or not, with the current one. */
export type ScheduleWrite =
  | { applied: true; nextSlotAt: number }
  /** The condition did not hold; `nextSlotAt` is the stored value (undefined: no schedule yet). */
  | { applied: false; nextSlotAt: number | undefined };

/** The shared schedule of one connection, one item/row per key. Times are epoch ms; `signal` is the deadline. */
export interface RateLimitStore {
  /** A busy schedule: `nextSlotAt += byMs`, only if `nextSlotAt >= ifAtLeast` (it did not go idle meanwhile). */
  extend(
    key: string,
    change: { byMs: number; ifAtLeast: number },
    signal?: AbortSignal,
  ): Promise<ScheduleWrite>;
  /** `nextSlotAt = to`, only if there is none or `nextSlotAt < ifBelow` (start an idle one; push one back). */
  raise(key: string, change: { to: number; ifBelow: number }, signal?: AbortSignal): Promise<ScheduleWrite>;
  /** `nextSlotAt = to`, only if `nextSlotAt = ifAt`: hand back the unused end of the last block leased. */
  shorten(key: string, change: { to: number; ifAt: number }, signal?: AbortSignal): Promise<ScheduleWrite>;
}

/** The limiter's sizing for one connection, derived from its `rateLimitPerSecond`. */
export interface RatePlan {
  /** Between two requests of the account, whichever container sends them. */
  spacingMs: number;
  /** Most slots one lease takes: a second of the rate, at least 20 (the cost target), at most 4 s of it. */
  maxLease: number;
  /** A slot missed by more than this is dropped, unless it is the last one missed and a request waits. */
  lateMs: number;
}

/**
 * The schedule runs this much slower than the configured limit. SalesMania's window is unknown; against
 * fixed one-second windows, exact spacing lets one request that arrives a little late (a busy event loop,
 * the network) make a full window one too many. 5 % slower, a request may arrive up to 50 ms after its slot
 * before any window can overflow (the tolerance is (HEADROOM − 1) × 1 s, whatever the rate).
 */
const HEADROOM = 1.05;
/** Half of that tolerance for sending late; the other half is left to the network. */
const LATE_MS = 25;
/** Leases are at least this many slots when the rate allows, so one write serves ≥ 20 requests under load. */
const FULL_LEASE = 20;
/** A lease never holds more than this much of the account's time (slow rates: 2/s leases 8 slots). */
const MAX_LEASE_SECONDS = 4;

export function ratePlan(ratePerSecond: number): RatePlan {
  const maxLease = Math.max(
    1,
    Math.min(Math.floor(ratePerSecond * MAX_LEASE_SECONDS), Math.max(FULL_LEASE, Math.ceil(ratePerSecond))),
  );
  return { spacingMs: (1000 * HEADROOM) / ratePerSecond, maxLease, lateMs: LATE_MS };
}

/**
 * Reserves `count` consecutive slots `spacingMs` apart from the store's schedule, at the earliest `now`.
 * `known` is this container's last view of the schedule (it only ever grows), which picks the write that
 * usually holds: extend a busy schedule, start an idle one. A wrong guess costs one more write, never a
 * wrong grant. Returns the slots, or none when a third container kept changing the schedule meanwhile.
 */
export async function reserveSlots(
  store: RateLimitStore,
  key: string,
  request: { count: number; spacingMs: number; known: number; now: () => number; signal?: AbortSignal },
): Promise<{ slots: number[]; nextSlotAt: number | undefined }> {
  // Whole milliseconds, rounded up: the schedule never runs faster than the rate.
  const byMs = Math.ceil(request.count * request.spacingMs);
  let seen: number | undefined = request.known;
  for (let tries = 0; tries < 2; tries++) {
    const now = request.now();
    const write: ScheduleWrite =
      seen !== undefined && seen >= now
        ? await store.extend(key, { byMs, ifAtLeast: now }, request.signal)
        : await store.raise(key, { to: now + byMs, ifBelow: now }, request.signal);
    if (write.applied) {
      const first = write.nextSlotAt - byMs;
      const slots = Array.from({ length: request.count }, (_, i) => first + Math.ceil(i * request.spacingMs));
      return { slots, nextSlotAt: write.nextSlotAt };
    }
    seen = write.nextSlotAt;
  }
  return { slots: [], nextSlotAt: seen };
}

/** The schedule kept in this process only: the fallback when the shared store fails, and for tests. */
export class InMemoryRateLimitStore implements RateLimitStore {
  readonly #next = new Map<string, number>();

  async extend(key: string, change: { byMs: number; ifAtLeast: number }): Promise<ScheduleWrite> {
    const current = this.#next.get(key);
    if (current === undefined || current < change.ifAtLeast) return { applied: false, nextSlotAt: current };
    this.#next.set(key, current + change.byMs);
    return { applied: true, nextSlotAt: current + change.byMs };
  }

  async raise(key: string, change: { to: number; ifBelow: number }): Promise<ScheduleWrite> {
    const current = this.#next.get(key);
    if (current !== undefined && current >= change.ifBelow) return { applied: false, nextSlotAt: current };
    this.#next.set(key, change.to);
    return { applied: true, nextSlotAt: change.to };
  }

  async shorten(key: string, change: { to: number; ifAt: number }): Promise<ScheduleWrite> {
    const current = this.#next.get(key);
    if (current !== change.ifAt) return { applied: false, nextSlotAt: current };
    this.#next.set(key, change.to);
    return { applied: true, nextSlotAt: change.to };
  }
}

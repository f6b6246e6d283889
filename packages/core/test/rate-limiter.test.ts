// The shared rate limiter's rules on a fake clock (vitest's fake timers move Date.now and setTimeout):
// several containers drawing from one schedule never exceed the rate in any one-second window, leases are
// amortized, a request that cannot be served in its budget is refused at once and its place passes on, a
// 429 holds every container back, and a failing store falls back to a conservative local pace.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  budgetSignal,
  InMemoryRateLimitStore,
  type LogFields,
  type Logger,
  NoRequestSlotError,
  type RateLimitStore,
  ratePlan,
  SharedRateLimiter,
} from "../src/index.ts";

const T0 = Date.parse("2026-03-02T01:00:00.000Z");
const KEY = "main";
/** At 5 requests/s the schedule spaces requests 210 ms apart (5 % under the limit). */
const SPACING = ratePlan(5).spacingMs;

/** The in-memory schedule, counting the writes a shared store would be sent. */
class CountingStore implements RateLimitStore {
  readonly inner = new InMemoryRateLimitStore();
  writes = 0;
  extend(key: string, change: { byMs: number; ifAtLeast: number }) {
    this.writes++;
    return this.inner.extend(key, change);
  }
  raise(key: string, change: { to: number; ifBelow: number }) {
    this.writes++;
    return this.inner.raise(key, change);
  }
  shortened = 0;
  shorten(key: string, change: { to: number; ifAt: number }) {
    this.writes++;
    this.shortened++;
    return this.inner.shorten(key, change);
  }
}

const limiter = (store: RateLimitStore, ratePerSecond: number, logger?: Logger) =>
  new SharedRateLimiter({ key: KEY, ratePerSecond, store, logger });

/** Advances the fake clock until `done()` holds (at most `limitMs`). */
async function runUntil(done: () => boolean, limitMs = 600_000): Promise<void> {
  for (let spent = 0; !done() && spent < limitMs; spent += 50) await vi.advanceTimersByTimeAsync(50);
}

/** The most requests any window of `windowMs` (sliding, so every fixed window too) contains. */
function busiestWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("several containers, one schedule", () => {
  it("never exceed the rate in any one-second window, use ≥ 90 % of it, and write < 0.1 per request", async () => {
    // Lambda-like containers: one request at a time, each followed by 30 ms of other work.
    const store = new CountingStore();
    const rate = 20;
    const sent: number[] = [];
    let finished = 0;
    for (let c = 0; c < 4; c++) {
      const container = limiter(store, rate);
      void (async () => {
        for (let i = 0; i < 150; i++) {
          await container.acquire();
          sent.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        finished++;
      })();
    }
    await runUntil(() => finished === 4);
    expect(sent).toHaveLength(600);
    expect(busiestWindow(sent)).toBeLessThanOrEqual(rate);
    const spanSeconds = (Math.max(...sent) - Math.min(...sent)) / 1000;
    expect((sent.length - 1) / spanSeconds / rate).toBeGreaterThanOrEqual(0.9);
    expect(store.writes / sent.length).toBeLessThan(0.1);
  });

  it("a container with many requests waiting leases up to a second's worth at a time", async () => {
    const store = new CountingStore();
    const container = limiter(store, 20);
    let granted: number[] = [];
    void Promise.all(Array.from({ length: 200 }, () => container.acquire())).then((slots) => {
      granted = slots;
    });
    await runUntil(() => granted.length > 0);
    expect(new Set(granted).size).toBe(200);
    expect(busiestWindow(granted)).toBeLessThanOrEqual(20);
    expect(ratePlan(20).maxLease).toBe(20);
    // The first lease takes one slot (the line had not formed yet), then blocks of 20.
    expect(store.writes).toBeLessThanOrEqual(12);
  });

  it("two containers starting an idle schedule at once get disjoint slots", async () => {
    const store = new CountingStore();
    const [a, b] = [limiter(store, 5), limiter(store, 5)];
    let slots: number[] = [];
    void Promise.all([a.acquire(), b.acquire()]).then((granted) => {
      slots = granted;
    });
    await runUntil(() => slots.length > 0);
    const [first, second] = [...slots].sort((x, y) => x - y) as [number, number];
    // The first block starts one (assumed) store round trip out, so its first slot is not past on arrival.
    expect(first - T0).toBeLessThanOrEqual(20);
    expect(second - first).toBe(SPACING);
    // One started the schedule; the other's start was refused and it extended it instead.
    expect(store.writes).toBe(3);
  });
});

describe("a block its container will not use", () => {
  it("is handed back, so another container's request does not wait behind it", async () => {
    const store = new CountingStore();
    const [a, b] = [limiter(store, 5), limiter(store, 5)];
    // 25 requests at once: A's leases grow to a full block (20 slots, 4.2 s) and leave 16 of it unused.
    let served: number[] = [];
    void Promise.all(Array.from({ length: 25 }, () => a.acquire())).then((slots) => {
      served = slots;
    });
    await runUntil(() => served.length > 0);
    const lastServed = Math.max(...served);
    await vi.advanceTimersByTimeAsync(2 * SPACING);
    expect(store.shortened).toBe(1);
    let slot = 0;
    void b.acquire().then((granted) => {
      slot = granted;
    });
    await runUntil(() => slot > 0);
    // Without the hand-back B's first slot would come after A's block, 16 slots later.
    expect(slot - lastServed).toBeLessThanOrEqual(4 * SPACING);
  });
});

describe("budgets", () => {
  it("refuses at once a request whose budget cannot be met, and its place passes to the next one", async () => {
    const container = limiter(new InMemoryRateLimitStore(), 5);
    const first = container.acquire();
    // 400 ms of budget, a quarter of it kept to send and read: a slot is worth taking up to T0 + 300.
    const second = container.acquire(budgetSignal(400));
    const third = container.acquire(budgetSignal(400));
    const fourth = container.acquire();
    const refused = await third.catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NoRequestSlotError);
    expect(String(refused)).toMatch(/the earliest is 4\d\d ms away, the budget leaves 300 ms/);
    expect(Date.now()).toBe(T0);
    const served = Promise.all([first, second, fourth]);
    await runUntil(() => Date.now() >= T0 + 3 * SPACING);
    const [start, ...rest] = await served;
    expect(rest).toEqual([(start as number) + SPACING, (start as number) + 2 * SPACING]);
  });
});

describe("a 429 from SalesMania", () => {
  it("holds every container back for Retry-After, at most 60 s", async () => {
    const store = new InMemoryRateLimitStore();
    const [a, b] = [limiter(store, 5), limiter(store, 5)];
    a.throttled(2_000);
    const afterHold = b.acquire();
    await runUntil(() => Date.now() >= T0 + 2_000);
    expect(await afterHold).toBe(T0 + 2_000);

    a.throttled(600_000);
    const capped = b.acquire();
    const held = Date.now();
    await runUntil(() => Date.now() >= held + 60_000);
    expect(await capped).toBe(held + 60_000);
  });
});

describe("the shared store unavailable", () => {
  it("paces this container alone at an eighth of the rate, logs it once, and tries the store again later", async () => {
    let calls = 0;
    const refuse = async (): Promise<never> => {
      calls++;
      throw new Error("connect ECONNREFUSED");
    };
    const failing: RateLimitStore = { extend: refuse, raise: refuse, shorten: refuse };
    const lines: { message: string; fields?: LogFields | undefined }[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (message, fields) => lines.push({ message, fields }),
      child: () => logger,
    };
    const container = limiter(failing, 5, logger);
    let slots: number[] = [];
    void Promise.all(Array.from({ length: 4 }, () => container.acquire())).then((granted) => {
      slots = granted;
    });
    await runUntil(() => slots.length > 0);
    // Shared, 5/s would be 210 ms apart; alone and unsure, an eighth of that rate.
    expect(slots.slice(1).map((slot, i) => slot - (slots[i] as number))).toEqual([1680, 1680, 1680]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toMatch(/rate limit store unavailable/);
    const before = calls;
    await vi.advanceTimersByTimeAsync(10_000);
    void container.acquire().catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBeGreaterThan(before);
  });
});

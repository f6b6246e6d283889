// One connection's rate limiter in one container: the SalesMania client asks it before every request
// (RequestGate). It leases blocks of slots from the shared schedule (rate-schedule.ts) and hands them to
// waiting requests in arrival order, each at its slot's time. Budgets come with the callers' signals
// (budget.ts): a request that cannot get a slot while time is left to use it is refused at once — it is
// then not sent — and its slot goes to the next one in line.
import type { RequestGate } from "@smx/salesmania";
import { budgetOf } from "./budget.ts";
import { NoRequestSlotError } from "./errors.ts";
import type { Logger } from "./ports.ts";
import { type RateLimitStore, type RatePlan, ratePlan } from "./rate-schedule.ts";
import { SharedSchedule } from "./shared-schedule.ts";

export interface SharedRateLimiterOptions {
  /** The schedule's key: the connection id (one SalesMania account). */
  key: string;
  /** The account-wide rate, requests per second (the connection's `rateLimitPerSecond`). */
  ratePerSecond: number;
  store: RateLimitStore;
  logger?: Logger | undefined;
  /** Epoch ms. The schedule is compared across containers, so this is wall time (tests fake it). */
  now?: () => number;
}

/** A slot is handed over only with this much of the caller's budget left (at most a quarter of it). */
const SEND_RESERVE_MS = 1_000;
/** Lease the next block this long before this container's last slot, so its requests flow without a gap. */
const LEASE_LEAD_MS = 250;
/** Unused slots reaching further ahead than this, with no request waiting, are handed back if possible. */
const GIVE_BACK_MS = 1_000;
/** Never reserve slots starting further ahead than this: the requests waiting now would be gone by then. */
const HORIZON_MS = 10_000;
/** A 429 without Retry-After holds the account back this long; a longer Retry-After at most MAX_HOLD_MS. */
const THROTTLED_DEFAULT_MS = 1_000;
/** So a bogus header cannot stop a connection for hours: a longer block is met again by the next request. */
const MAX_HOLD_MS = 60_000;

interface Waiter {
  /** The last moment a slot is still worth taking: the budget's end, less the time to send and read. */
  latest: number;
  grant(slot: number): void;
  refuse(reason: string): void;
}

export class SharedRateLimiter implements RequestGate {
  readonly #key: string;
  readonly #plan: RatePlan;
  readonly #logger: Logger | undefined;
  readonly #now: () => number;
  readonly #schedule: SharedSchedule;
  /** Slots this container owns and has not used, ascending. */
  #slots: number[] = [];
  readonly #waiters: Waiter[] = [];
  /** Where this container's last block ends in the shared schedule, while its unused end may be handed back. */
  #ownEnd: number | undefined;
  /** Slots a lease takes when few requests wait: ×4 after a lease with no slot missed, halved after one. */
  #leaseSize = 1;
  #wasted = false;
  /** A lease or a hand-back is under way (one store call at a time). */
  #leasing = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(options: SharedRateLimiterOptions) {
    this.#key = options.key;
    this.#plan = ratePlan(options.ratePerSecond);
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#schedule = new SharedSchedule({
      key: options.key,
      store: options.store,
      plan: this.#plan,
      logger: options.logger,
      now: this.#now,
    });
  }

  /**
   * Resolves with the slot's time once this request may be sent. Rejects with NoRequestSlotError as soon as
   * no slot can come up while the caller's budget leaves time to use it, or when `signal` aborts.
   */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(new NoRequestSlotError(this.#key, "(the budget had ended)"));
    const budget = budgetOf(signal);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        latest: budget ? budget.endsAt - Math.min(SEND_RESERVE_MS, budget.ms / 4) : Number.POSITIVE_INFINITY,
        grant: (slot) => {
          signal?.removeEventListener("abort", abandon);
          resolve(slot);
        },
        refuse: (reason) => {
          signal?.removeEventListener("abort", abandon);
          reject(new NoRequestSlotError(this.#key, reason));
        },
      };
      const abandon = () => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.refuse("before the caller's budget ended");
        this.#pump();
      };
      signal?.addEventListener("abort", abandon, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  /** SalesMania answered 429 anyway: every container holds back until Retry-After has passed. */
  throttled(retryAfterMs: number | undefined): void {
    const holdMs = Math.min(MAX_HOLD_MS, Math.ceil(retryAfterMs ?? THROTTLED_DEFAULT_MS));
    const until = this.#now() + holdMs;
    // Slots before `until` are void: the account is counted differently from the schedule (another client
    // of the account, a smaller limit than configured).
    this.#slots = this.#slots.filter((slot) => slot >= until);
    this.#ownEnd = undefined;
    if (this.#schedule.hold(until)) {
      this.#logger?.warn("SalesMania answered 429; holding the connection's requests back", {
        connectionId: this.#key,
        holdMs,
      });
    }
    this.#pump();
  }

  /** Drops missed slots, serves due ones, refuses the hopeless, decides when to lease; run on every change. */
  #pump(): void {
    const now = this.#now();
    // Slots missed by more than lateMs are dropped, except the last one when a request waits for it: a busy
    // loop or a slow store answer must not starve it, and no burst of overdue slots goes out at once.
    const missed = (slot: number | undefined) => slot !== undefined && slot + this.#plan.lateMs < now;
    while (missed(this.#slots[0]) && (this.#waiters.length === 0 || missed(this.#slots[1]))) {
      this.#slots.shift();
      // Missed for want of a request: the lease was too large. (Missed while requests waited: a late loop.)
      if (this.#waiters.length === 0) this.#wasted = true;
    }
    const unneeded = this.#waiters.length === 0 && (this.#slots.at(-1) ?? now) - now > GIVE_BACK_MS;
    if (this.#wasted && unneeded && !this.#leasing && this.#ownEnd !== undefined) {
      void this.#giveBack(this.#ownEnd);
      return;
    }
    while (this.#waiters.length > 0 && this.#slots.length > 0 && (this.#slots[0] as number) <= now) {
      const waiter = this.#waiters.shift() as Waiter;
      if (waiter.latest < now) {
        waiter.refuse("in time: its budget is nearly spent");
      } else {
        waiter.grant(this.#slots.shift() as number);
      }
    }
    this.#refuseHopeless(now);
    let wakeAt = Math.min(...this.#waiters.map((waiter) => waiter.latest));
    const next = this.#slots[0];
    if (next !== undefined && this.#waiters.length > 0) wakeAt = Math.min(wakeAt, next);
    // No request waiting, a block still ahead: look again once its next slot has gone unused.
    if (next !== undefined && this.#ownEnd !== undefined)
      wakeAt = Math.min(wakeAt, next + this.#plan.lateMs + 1);
    const uncovered = this.#waiters.length - this.#slots.length;
    if (uncovered > 0 && !this.#leasing) {
      const leaseAt = this.#leaseAt(now, uncovered);
      if (leaseAt <= now) void this.#lease(uncovered);
      else wakeAt = Math.min(wakeAt, leaseAt);
    }
    this.#wake(wakeAt, now);
  }

  /**
   * Refuses, in line order, every waiter whose earliest possible slot comes after its `latest`: the slot it
   * would get from this container's own, or else its place after them in a block leased from the shared
   * schedule's next as last seen (it only grows; a hand-back elsewhere can only make slots come earlier, so
   * the estimate errs towards refusing). Their places pass to the waiters behind them.
   */
  #refuseHopeless(now: number): void {
    const { spacingMs } = this.#plan;
    const owned = this.#slots.length;
    const last = this.#slots.at(-1);
    const floor = Math.max(this.#schedule.earliest, last === undefined ? now : last + spacingMs);
    let place = 0;
    for (const waiter of [...this.#waiters]) {
      const earliest = this.#slots[place] ?? floor + (place - owned) * spacingMs;
      if (earliest <= waiter.latest) {
        place++;
        continue;
      }
      this.#waiters.splice(place, 1);
      waiter.refuse(
        `in time: the earliest is ${Math.round(earliest - now)} ms away, the budget leaves ${Math.max(0, Math.round(waiter.latest - now))} ms`,
      );
    }
  }

  /**
   * When to lease for `uncovered` waiting requests: at once if this container owns no slot (or they fill a
   * whole lease); otherwise shortly before its last slot, so the requests arriving meanwhile share one
   * write. Never while the shared schedule is already booked beyond the horizon.
   */
  #leaseAt(now: number, uncovered: number): number {
    const last = this.#slots.at(-1);
    const supplyAt = last === undefined || uncovered >= this.#plan.maxLease ? now : last - LEASE_LEAD_MS;
    return Math.max(supplyAt, this.#schedule.known - HORIZON_MS);
  }

  async #lease(uncovered: number): Promise<void> {
    this.#leasing = true;
    const { maxLease } = this.#plan;
    const count = Math.min(maxLease, Math.max(this.#leaseSize, uncovered));
    try {
      const { slots, ownEnd } = await this.#schedule.lease(count);
      this.#ownEnd = ownEnd;
      if (slots.length > 0) {
        this.#leaseSize = this.#wasted ? Math.max(1, this.#leaseSize >> 1) : Math.min(maxLease, count * 4);
        this.#wasted = false;
        this.#slots = [...this.#slots, ...slots].sort((a, b) => a - b);
      }
    } finally {
      this.#leasing = false;
      this.#pump();
    }
  }

  /**
   * A block this container will not use stops others too (their slots come after it): if no one leased after
   * it, its unused end goes back to the schedule. Tried once per block; while it runs, the slots are held.
   */
  async #giveBack(ownEnd: number): Promise<void> {
    this.#leasing = true;
    this.#ownEnd = undefined;
    const returning = this.#slots;
    this.#slots = [];
    try {
      if (!(await this.#schedule.giveBack(returning[0] as number, ownEnd))) this.#slots = returning;
    } finally {
      this.#leasing = false;
      this.#pump();
    }
  }

  #wake(at: number, now: number): void {
    if (at === Number.POSITIVE_INFINITY) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#timerAt = at;
      return;
    }
    if (this.#timer === undefined || at < this.#timerAt) {
      clearTimeout(this.#timer);
      this.#timerAt = at;
      this.#timer = setTimeout(
        () => {
          this.#timer = undefined;
          this.#timerAt = Number.POSITIVE_INFINITY;
          this.#pump();
        },
        Math.max(0, Math.ceil(at - now)),
      );
    }
    // A request waiting on it keeps the process alive; the idle watch over an unused block does not.
    if (this.#waiters.length > 0) this.#timer.ref();
    else this.#timer.unref();
  }
}

// A secret that may be rotated while it is in use: its current value, and a forced re-read for when a
// sender's or SalesMania's refusal suggests the value changed. Concurrent reads share one request; forced
// re-reads run at most once per interval, so a stream of forged requests (or of refusals) never becomes a
// stream of secret-store calls. Used by hook authentication, by connections (SalesMania credentials) and by
// the Secrets Manager provider's own cache.
import { type Clock, systemClock } from "./ports.ts";

/** How often a hook's or a connection's secret may be re-read after a refusal. */
export const SECRET_REFRESH_INTERVAL_MS = 60_000;

export interface RotatingSecretOptions<T> {
  /** Reads the value; `forceRefresh` asks the store below to bypass any cache of its own. */
  read(options: { forceRefresh: boolean }): Promise<T>;
  /** How long `current()` reuses a value it read; 0 reads every time (the store below caches). */
  maxAgeMs: number;
  /** Forced re-reads start at most once per this interval; one asked for sooner is refused. */
  minRefreshIntervalMs: number;
  clock?: Clock;
}

interface Held<T> {
  value: T;
  readAt: number;
  /** Which read it came from: a read that started earlier never replaces a later one's value. */
  generation: number;
}

export class RotatingSecret<T> {
  readonly #options: RotatingSecretOptions<T>;
  readonly #clock: Clock;
  #held: Held<T> | undefined;
  #loading: Promise<T> | undefined;
  #refreshing: Promise<T> | undefined;
  #lastRefreshAt: number | undefined;
  #generation = 0;

  constructor(options: RotatingSecretOptions<T>) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** The value to use now: the one held while it is young enough, else a read (shared by concurrent callers). */
  current(): Promise<T> {
    const held = this.#held;
    if (held !== undefined && this.#clock.now() - held.readAt < this.#options.maxAgeMs)
      return Promise.resolve(held.value);
    if (this.#refreshing !== undefined) return this.#refreshing;
    if (this.#loading === undefined) {
      const loading = this.#read(false).finally(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
      this.#loading = loading;
    }
    return this.#loading;
  }

  /**
   * The value read again past every cache, or undefined when a forced re-read started less than the interval
   * ago (the caller's refusal stands). Callers during a re-read share it.
   */
  refresh(): Promise<T | undefined> {
    if (this.#refreshing !== undefined) return this.#refreshing;
    const now = this.#clock.now();
    const last = this.#lastRefreshAt;
    if (last !== undefined && now - last < this.#options.minRefreshIntervalMs)
      return Promise.resolve(undefined);
    this.#lastRefreshAt = now;
    const refreshing = this.#read(true).finally(() => {
      if (this.#refreshing === refreshing) this.#refreshing = undefined;
    });
    this.#refreshing = refreshing;
    return refreshing;
  }

  async #read(forceRefresh: boolean): Promise<T> {
    const generation = ++this.#generation;
    const value = await this.#options.read({ forceRefresh });
    if (this.#held === undefined || generation > this.#held.generation)
      this.#held = { value, readAt: this.#clock.now(), generation };
    return value;
  }
}

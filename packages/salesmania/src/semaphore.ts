// A counting semaphore: caps how many requests one client (= one SalesMania account) has in flight.

export class Semaphore {
  #available: number;
  readonly #waiters: Array<() => void> = [];

  constructor(permits: number) {
    this.#available = permits;
  }

  /**
   * Resolves with a release function once a permit is free. If `signal` aborts while waiting, the wait
   * is abandoned and rejects with `onAbort()`.
   */
  acquire(signal: AbortSignal | undefined, onAbort: () => Error): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(onAbort());
    if (this.#available > 0) {
      this.#available--;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", abandon);
        resolve(this.#releaser());
      };
      const abandon = () => {
        const index = this.#waiters.indexOf(grant);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(onAbort());
      };
      signal?.addEventListener("abort", abandon, { once: true });
      this.#waiters.push(grant);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // The permit passes straight to the next waiter; otherwise it returns to the pool.
      if (next) next();
      else this.#available++;
    };
  }
}

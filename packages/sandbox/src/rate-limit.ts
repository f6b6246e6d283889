/** Fixed one-second windows per database; `perSecond` undefined means unlimited. */
export class RateLimiter {
  private readonly windows = new Map<number, { second: number; count: number }>();

  constructor(
    private readonly perSecond: number | undefined,
    private readonly now: () => number,
  ) {}

  /** Counts the request; false when the database already used its budget for this second. */
  admit(databaseId: number): boolean {
    if (this.perSecond === undefined) return true;
    const second = Math.floor(this.now() / 1000);
    const window = this.windows.get(databaseId);
    if (!window || window.second !== second) {
      this.windows.set(databaseId, { second, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= this.perSecond;
  }
}

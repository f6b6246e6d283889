// RotatingSecret: the one "read it again and retry" used by hook auth, connections and Secrets Manager.
import { describe, expect, it } from "vitest";
import { RotatingSecret } from "../src/index.ts";

/** A store whose reads are recorded and answered when the test says so. */
function store(initial: string) {
  const state = { value: initial, reads: [] as boolean[], pending: [] as (() => void)[], hold: false };
  const read = ({ forceRefresh }: { forceRefresh: boolean }) => {
    state.reads.push(forceRefresh);
    const value = state.value;
    if (!state.hold) return Promise.resolve(value);
    return new Promise<string>((resolve) => state.pending.push(() => resolve(value)));
  };
  const releaseAll = () => {
    for (const release of state.pending.splice(0)) release();
  };
  return { state, read, releaseAll };
}

describe("RotatingSecret", () => {
  it("shares one read among concurrent callers and reuses the value while it is young enough", async () => {
    const now = { t: 0 };
    const { state, read, releaseAll } = store("v1");
    const secret = new RotatingSecret({
      read,
      maxAgeMs: 1_000,
      minRefreshIntervalMs: 60_000,
      clock: { now: () => now.t },
    });
    state.hold = true;
    const first = [secret.current(), secret.current(), secret.current()];
    releaseAll();
    expect(await Promise.all(first)).toEqual(["v1", "v1", "v1"]);
    state.hold = false;
    expect(await secret.current()).toBe("v1");
    expect(state.reads).toEqual([false]);
    state.value = "v2";
    now.t = 1_000;
    expect(await secret.current()).toBe("v2");
    expect(state.reads).toEqual([false, false]);
  });

  it("with maxAgeMs 0 asks the store every time (the store below caches)", async () => {
    const { state, read } = store("v1");
    const secret = new RotatingSecret({ read, maxAgeMs: 0, minRefreshIntervalMs: 60_000 });
    await secret.current();
    await secret.current();
    expect(state.reads).toEqual([false, false]);
  });

  it("forces one re-read per interval; callers during a re-read share it", async () => {
    const now = { t: 0 };
    const { state, read, releaseAll } = store("old");
    const secret = new RotatingSecret({
      read,
      maxAgeMs: Number.POSITIVE_INFINITY,
      minRefreshIntervalMs: 60_000,
      clock: { now: () => now.t },
    });
    expect(await secret.current()).toBe("old");
    state.value = "new";
    state.hold = true;
    const both = [secret.refresh(), secret.refresh()];
    // Until the re-read lands, the value held is the one to use.
    expect(await secret.current()).toBe("old");
    releaseAll();
    expect(await Promise.all(both)).toEqual(["new", "new"]);
    state.hold = false;
    // A forged request or a refusal storm within the interval gets no further read.
    now.t = 59_999;
    expect(await secret.refresh()).toBeUndefined();
    expect(state.reads).toEqual([false, true]);
    now.t = 60_000;
    expect(await secret.refresh()).toBe("new");
    expect(state.reads).toEqual([false, true, true]);
    expect(await secret.current()).toBe("new");
  });

  it("a slow read that started before a forced re-read never puts the older value back", async () => {
    const { state, read, releaseAll } = store("old");
    const secret = new RotatingSecret({
      read,
      maxAgeMs: 1_000,
      minRefreshIntervalMs: 0,
      clock: { now: () => 0 },
    });
    state.hold = true;
    const slow = secret.current();
    state.value = "new";
    state.hold = false;
    expect(await secret.refresh()).toBe("new");
    releaseAll();
    expect(await slow).toBe("old");
    expect(await secret.current()).toBe("new");
  });

  it("does not keep a failed read: the next caller reads again", async () => {
    let fail = true;
    const secret = new RotatingSecret({
      read: async () => {
        if (fail) throw new Error("store down");
        return "v1";
      },
      maxAgeMs: Number.POSITIVE_INFINITY,
      minRefreshIntervalMs: 60_000,
    });
    await expect(secret.current()).rejects.toThrow("store down");
    fail = false;
    expect(await secret.current()).toBe("v1");
  });
});

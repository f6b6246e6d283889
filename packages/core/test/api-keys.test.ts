// ApiKeys: the key's form, hashing at rest, and how long a verified key is trusted (a clock, not a timer).
import { describe, expect, it } from "vitest";
import { ApiKeys, UnknownApiKeyError } from "../src/api-keys/api-keys.ts";
import { InMemoryApiKeyStore } from "../src/testing/index.ts";

function setup(cacheMs?: number) {
  const clock = {
    t: Date.parse("2026-12-01T00:00:00Z"),
    now() {
      return this.t;
    },
  };
  const store = new InMemoryApiKeyStore();
  const keys = new ApiKeys(store, { clock, ...(cacheMs === undefined ? {} : { cacheMs }) });
  return { clock, store, keys };
}

describe("ApiKeys", () => {
  it("creates smx_<id>_<secret> keys and stores only their SHA-256", async () => {
    const { keys, store } = setup();
    const { key, record } = await keys.create({ name: "zapier", connectionId: "demo" });
    expect(key).toMatch(/^smx_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const stored = await store.get(record.id);
    expect(JSON.stringify(stored)).not.toContain(key.slice(22));
    expect(stored?.hash).toMatch(/^[a-f0-9]{64}$/);
    expect(await keys.verify(key)).toEqual({ ok: true, key: stored });
  });

  it("tells missing, malformed and unknown keys apart, and refuses a key whose secret differs", async () => {
    const { keys } = setup();
    const { key } = await keys.create({ name: "zapier", connectionId: "demo" });
    expect(await keys.verify(undefined)).toEqual({ ok: false, reason: "missing" });
    expect(await keys.verify("Bearer abc")).toEqual({ ok: false, reason: "malformed" });
    expect(await keys.verify(`smx_${"a".repeat(16)}_${"b".repeat(43)}`)).toEqual({
      ok: false,
      reason: "unknown",
    });
    const forged = `${key.slice(0, 22)}${key.at(22) === "A" ? "B" : "A"}${key.slice(23)}`;
    expect(await keys.verify(forged)).toEqual({ ok: false, reason: "unknown" });
  });

  it("revokes at once in this process, even while the key is cached", async () => {
    const { keys } = setup(60_000);
    const { key, record } = await keys.create({ name: "zapier", connectionId: "demo" });
    expect((await keys.verify(key)).ok).toBe(true);
    await keys.revoke(record.id);
    expect(await keys.verify(key)).toEqual({ ok: false, reason: "revoked" });
    await expect(keys.revoke("0000000000000000")).rejects.toBeInstanceOf(UnknownApiKeyError);
  });

  it("trusts a verified key for cacheMs only: a revocation elsewhere counts once the entry expires", async () => {
    const { keys, store, clock } = setup(5_000);
    const { key, record } = await keys.create({ name: "zapier", connectionId: "demo" });
    expect((await keys.verify(key)).ok).toBe(true);
    await store.revoke(record.id, new Date(clock.now()).toISOString()); // another process (the CLI)
    clock.t += 4_999;
    expect((await keys.verify(key)).ok).toBe(true);
    clock.t += 1;
    expect(await keys.verify(key)).toEqual({ ok: false, reason: "revoked" });
  });

  it("with cacheMs 0 reads the record on every request", async () => {
    const { keys, store, clock } = setup(0);
    const { key, record } = await keys.create({ name: "zapier", connectionId: "demo" });
    expect((await keys.verify(key)).ok).toBe(true);
    await store.revoke(record.id, new Date(clock.now()).toISOString());
    expect(await keys.verify(key)).toEqual({ ok: false, reason: "revoked" });
  });
});

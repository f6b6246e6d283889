// The API key store contract: what every `ApiKeyStore` must do, as vitest tests registered against one
// implementation. Core runs it on the memory store, @smx/aws on DynamoDB Local.
import { describe, expect, it } from "vitest";
import { ApiKeyExistsError, type ApiKeyRecord, type ApiKeyStore } from "../api-keys/store.ts";

const record = (id: string, createdAt: string): ApiKeyRecord => ({
  id,
  name: `zapier-${id}`,
  connectionId: "demo",
  hash: "ab".repeat(32),
  createdAt,
});

export function apiKeyStoreContract(name: string, create: () => Promise<ApiKeyStore>): void {
  describe(`${name}: API keys`, () => {
    it("keeps a key once and finds it by id", async () => {
      const store = await create();
      await store.create(record("a1", "2026-01-01T00:00:00.000Z"));
      await expect(store.create(record("a1", "2026-01-02T00:00:00.000Z"))).rejects.toBeInstanceOf(
        ApiKeyExistsError,
      );
      expect(await store.get("a1")).toEqual(record("a1", "2026-01-01T00:00:00.000Z"));
      expect(await store.get("nope")).toBeUndefined();
    });

    it("lists every key oldest first, revoked ones too", async () => {
      const store = await create();
      await store.create(record("b2", "2026-01-02T00:00:00.000Z"));
      await store.create(record("b1", "2026-01-01T00:00:00.000Z"));
      await store.revoke("b1", "2026-01-03T00:00:00.000Z");
      expect((await store.list()).map((key) => [key.id, key.revokedAt])).toEqual([
        ["b1", "2026-01-03T00:00:00.000Z"],
        ["b2", undefined],
      ]);
    });

    it("revokes once: a second revoke keeps the first time; an unknown id is undefined", async () => {
      const store = await create();
      await store.create(record("c1", "2026-01-01T00:00:00.000Z"));
      expect((await store.revoke("c1", "2026-01-05T00:00:00.000Z"))?.revokedAt).toBe(
        "2026-01-05T00:00:00.000Z",
      );
      expect((await store.revoke("c1", "2026-01-06T00:00:00.000Z"))?.revokedAt).toBe(
        "2026-01-05T00:00:00.000Z",
      );
      expect((await store.get("c1"))?.revokedAt).toBe("2026-01-05T00:00:00.000Z");
      expect(await store.revoke("missing", "2026-01-05T00:00:00.000Z")).toBeUndefined();
    });
  });
}

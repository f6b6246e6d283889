// Per-integration API keys for the actions API: `smx_<id>_<secret>`, 48 random bytes in all. The id is the
// lookup key (one GetItem); only the SHA-256 of the whole key is stored, compared in constant time. A key
// this long and random needs no slow hash: nobody can guess it, so a fast digest is what GitHub and Stripe
// use too. Verified keys are cached per container for a few seconds (so an API action's happy path costs
// what a hook's does); a revocation in the same process drops the entry at once, and other containers stop
// accepting the key when their entry expires (docs/actions-api.md#keys).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { type Clock, systemClock } from "../ports.ts";
import type { ApiKeyRecord, ApiKeyStore } from "./store.ts";

const KEY_PATTERN = /^smx_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;
/** How long a verified key is trusted without reading its record again (default 5 s). */
export const DEFAULT_API_KEY_CACHE_MS = 5_000;

export type KeyCheck =
  | { ok: true; key: ApiKeyRecord }
  | { ok: false; reason: "missing" | "malformed" | "unknown" | "revoked" };

export class UnknownApiKeyError extends Error {
  override name = "UnknownApiKeyError";
  constructor(readonly id: string) {
    super(`no API key with id "${id}"`);
  }
}

export interface ApiKeysOptions {
  cacheMs?: number;
  clock?: Clock;
}

export class ApiKeys {
  readonly #store: ApiKeyStore;
  readonly #cacheMs: number;
  readonly #clock: Clock;
  readonly #verified = new Map<string, { key: ApiKeyRecord; until: number }>();

  constructor(store: ApiKeyStore, options: ApiKeysOptions = {}) {
    this.#store = store;
    this.#cacheMs = options.cacheMs ?? DEFAULT_API_KEY_CACHE_MS;
    this.#clock = options.clock ?? systemClock;
  }

  /** A new key for one connection: the secret is shown once (here) and never stored. */
  async create(input: {
    name: string;
    connectionId: string;
  }): Promise<{ key: string; record: ApiKeyRecord }> {
    const id = randomBytes(8).toString("hex");
    const key = `smx_${id}_${randomBytes(32).toString("base64url")}`;
    const record: ApiKeyRecord = {
      id,
      name: input.name,
      connectionId: input.connectionId,
      hash: sha256(key),
      createdAt: new Date(this.#clock.now()).toISOString(),
    };
    await this.#store.create(record);
    return { key, record };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.#store.list();
  }

  /** Revokes the key (by id, or the whole key); this container stops accepting it at once. */
  async revoke(idOrKey: string): Promise<ApiKeyRecord> {
    const id = KEY_PATTERN.exec(idOrKey)?.[1] ?? idOrKey;
    this.#verified.delete(id);
    const record = await this.#store.revoke(id, new Date(this.#clock.now()).toISOString());
    if (record === undefined) throw new UnknownApiKeyError(id);
    return record;
  }

  /** Whether `presented` is a live key, and whose. */
  async verify(presented: string | undefined): Promise<KeyCheck> {
    if (presented === undefined || presented === "") return { ok: false, reason: "missing" };
    const match = KEY_PATTERN.exec(presented);
    if (!match?.[1]) return { ok: false, reason: "malformed" };
    const id = match[1];
    const now = this.#clock.now();
    const cached = this.#verified.get(id);
    const record = cached && cached.until > now ? cached.key : await this.#store.get(id);
    if (record === undefined || !sameHash(record.hash, sha256(presented))) {
      return { ok: false, reason: "unknown" };
    }
    if (record.revokedAt !== undefined) {
      this.#verified.delete(id);
      return { ok: false, reason: "revoked" };
    }
    if (this.#cacheMs > 0 && cached?.key !== record)
      this.#verified.set(id, { key: record, until: now + this.#cacheMs });
    return { ok: true, key: record };
  }
}

function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

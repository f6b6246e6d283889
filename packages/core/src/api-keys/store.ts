// The API keys port: per-integration keys of the actions API (`/api/v1/...`), stored hashed. Adapters:
// DynamoDB (@smx/aws, in the ledger table) and memory (`@smx/core/testing`). The rules (format, hashing,
// verification, the cache) are the core's (api-keys.ts); a store only keeps records.

/** One key as stored: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  /** The public part of the key (`smx_<id>_…`), how it is found and named in the CLI. */
  id: string;
  /** What the key is for, e.g. "zapier-acme" (people choose it). */
  name: string;
  /** The one connection this key may read from and write to. */
  connectionId: string;
  /** Hex SHA-256 of the whole key. */
  hash: string;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601; a revoked key answers 401. */
  revokedAt?: string;
}

export interface ApiKeyStore {
  /** Stores a new key; throws `ApiKeyExistsError` when its id is taken. */
  create(record: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, revoked ones too, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked (once: a second revoke keeps the first time); undefined for an unknown id. */
  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined>;
}

export class ApiKeyExistsError extends Error {
  override name = "ApiKeyExistsError";
  constructor(readonly id: string) {
    super(`an API key with id "${id}" exists already`);
  }
}

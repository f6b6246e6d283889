// API keys in memory, for tests without DynamoDB Local and for the API key store contract.
import { ApiKeyExistsError, type ApiKeyRecord, type ApiKeyStore } from "../api-keys/store.ts";

export class InMemoryApiKeyStore implements ApiKeyStore {
  readonly #keys = new Map<string, ApiKeyRecord>();

  async create(record: ApiKeyRecord): Promise<void> {
    if (this.#keys.has(record.id)) throw new ApiKeyExistsError(record.id);
    this.#keys.set(record.id, { ...record });
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const record = this.#keys.get(id);
    return record && { ...record };
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.#keys.values()]
      .map((record) => ({ ...record }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    const record = this.#keys.get(id);
    if (record === undefined) return undefined;
    record.revokedAt ??= at;
    return { ...record };
  }
}

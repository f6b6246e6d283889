// Secrets from AWS Secrets Manager, cached per container (default 300 s) so a warm Lambda reads each secret
// once per TTL. `forceRefresh` re-reads after an auth failure (a rotated secret). Values stay in a private
// field: they never reach logs, errors, toString() or util.inspect().
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { type Clock, SecretNotFoundError, type SecretsProvider } from "@smx/core";
import { TtlLruCache } from "../cache.ts";
import { AWS_DEADLINES, clientDeadlines, type Deadlines } from "../deadlines.ts";
import { SecretFetchError, SecretFormatError } from "../errors.ts";

export interface SecretsManagerProviderOptions {
  /** Defaults to a client for the ambient region and credentials, with `deadlines`. */
  client?: SecretsManagerClient;
  /** Per-call deadlines of the default client; AWS_DEADLINES when omitted. */
  deadlines?: Deadlines;
  /** How long a value is reused; default 300 000 ms. */
  ttlMs?: number;
  clock?: Clock;
}

export class SecretsManagerProvider implements SecretsProvider {
  readonly #client: SecretsManagerClient;
  readonly #cache: TtlLruCache<string>;
  /** Concurrent first reads of one secret share a single request. */
  readonly #inFlight = new Map<string, Promise<string>>();

  constructor(options: SecretsManagerProviderOptions = {}) {
    this.#client =
      options.client ?? new SecretsManagerClient(clientDeadlines(options.deadlines ?? AWS_DEADLINES));
    this.#cache = new TtlLruCache({ ttlMs: options.ttlMs ?? 300_000, clock: options.clock });
  }

  async getSecret(ref: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
    if (!options.forceRefresh) {
      const cached = this.#cache.get(ref) ?? this.#inFlight.get(ref);
      if (cached !== undefined) return cached;
    }
    const read = this.#read(ref);
    this.#inFlight.set(ref, read);
    try {
      const value = await read;
      // A read superseded by a later (forced) one must not put its older value over the newer one.
      if (this.#inFlight.get(ref) === read) this.#cache.set(ref, value);
      return value;
    } finally {
      if (this.#inFlight.get(ref) === read) this.#inFlight.delete(ref);
    }
  }

  toString(): string {
    return "SecretsManagerProvider";
  }

  async #read(ref: string): Promise<string> {
    let answer: GetSecretValueCommandOutput;
    try {
      answer = await this.#client.send(new GetSecretValueCommand({ SecretId: ref }));
    } catch (error) {
      if (error instanceof Error && error.name === "ResourceNotFoundException")
        throw new SecretNotFoundError(ref);
      throw new SecretFetchError(ref, error);
    }
    if (answer.SecretString !== undefined) return answer.SecretString;
    if (answer.SecretBinary !== undefined) return Buffer.from(answer.SecretBinary).toString("utf8");
    throw new SecretFormatError(ref, "a SecretString or SecretBinary");
  }
}

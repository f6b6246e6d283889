// Secrets from AWS Secrets Manager, cached per container (default 300 s) so a warm Lambda reads each secret
// once per TTL. `forceRefresh` re-reads after an auth failure (a rotated secret); the callers that ask for it
// (hook auth, connections) bound how often. Each ref is a RotatingSecret: concurrent reads share one
// request, and a slow read never puts an older value over a newer one. Values stay in private fields: they
// never reach logs, errors, toString() or util.inspect().
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import {
  type Clock,
  RotatingSecret,
  SecretFormatError,
  SecretNotFoundError,
  type SecretsProvider,
} from "@smx/core";
import { AWS_DEADLINES, clientDeadlines, type Deadlines } from "../deadlines.ts";
import { SecretFetchError } from "../errors.ts";

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
  readonly #ttlMs: number;
  readonly #clock: Clock | undefined;
  /** One per ref the configuration names and stage read (a bounded set). */
  readonly #secrets = new Map<string, RotatingSecret<string>>();

  constructor(options: SecretsManagerProviderOptions = {}) {
    this.#client =
      options.client ?? new SecretsManagerClient(clientDeadlines(options.deadlines ?? AWS_DEADLINES));
    this.#ttlMs = options.ttlMs ?? 300_000;
    this.#clock = options.clock;
  }

  async getSecret(
    ref: string,
    options: { forceRefresh?: boolean; versionStage?: string } = {},
  ): Promise<string> {
    const secret = this.#secretOf(ref, options.versionStage ?? "AWSCURRENT");
    if (!options.forceRefresh) return secret.current();
    return (await secret.refresh()) ?? secret.current();
  }

  toString(): string {
    return "SecretsManagerProvider";
  }

  #secretOf(ref: string, versionStage: string): RotatingSecret<string> {
    const key = `${versionStage} ${ref}`;
    let secret = this.#secrets.get(key);
    if (secret === undefined) {
      secret = new RotatingSecret({
        read: () => this.#read(ref, versionStage),
        maxAgeMs: this.#ttlMs,
        // Not bounded here: a forced read is asked for only by callers that bound it themselves.
        minRefreshIntervalMs: 0,
        ...(this.#clock === undefined ? {} : { clock: this.#clock }),
      });
      this.#secrets.set(key, secret);
    }
    return secret;
  }

  async #read(ref: string, versionStage: string): Promise<string> {
    let answer: GetSecretValueCommandOutput;
    try {
      answer = await this.#client.send(
        new GetSecretValueCommand({ SecretId: ref, VersionStage: versionStage }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === "ResourceNotFoundException")
        throw new SecretNotFoundError(ref);
      throw new SecretFetchError(ref, error);
    }
    if (answer.SecretString !== undefined) return answer.SecretString;
    if (answer.SecretBinary !== undefined) return Buffer.from(answer.SecretBinary).toString("utf8");
    throw new SecretFormatError(ref, { expected: "a SecretString or SecretBinary; it holds neither" });
  }
}

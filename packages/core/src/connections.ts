// Connections: which SalesMania account a hook delivers to, and the cached, ready-to-use API client for it.
// Secrets are read through the SecretsProvider port; a SalesmaniaAuthError triggers one forced re-read,
// so a rotated password is picked up without a redeploy. Clients ask their connection's rate limiter first.
import {
  type RequestGate,
  SalesmaniaAuthError,
  SalesmaniaClient,
  type SalesmaniaClientOptions,
} from "@smx/salesmania";
import * as v from "valibot";
import { ConnectionConfigError, SecretFormatError, UnknownConnectionError } from "./errors.ts";
import { sha256Hex } from "./ids.ts";
import type { Connection, ConnectionProvider, Logger, SalesmaniaApi, SecretsProvider } from "./ports.ts";
import { SharedRateLimiter } from "./rate-limiter.ts";
import { InMemoryRateLimitStore, type RateLimitStore } from "./rate-schedule.ts";

const NonEmpty = v.pipe(v.string(), v.trim(), v.nonEmpty());
const Positive = v.pipe(v.number(), v.gtValue(0));

/** Whether `zone` is an IANA time zone name this runtime knows (a typo would shift every date silently). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const TimeZone = v.pipe(v.string(), v.check(isTimeZone, "an IANA time zone name such as Asia/Jakarta"));

export const ConnectionConfig = v.object({
  id: NonEmpty,
  /** A secret reference (Secrets Manager name/ARN, or a local key); its value is a `SalesmaniaSecret`. */
  secret: NonEmpty,
  baseUrl: v.optional(v.pipe(v.string(), v.url()), "https://api.salesmania.id"),
  timeZone: v.optional(TimeZone, "Asia/Jakarta"),
  /** SalesMania requests per second for the whole account, shared by every container (docs/delivery.md). */
  rateLimitPerSecond: v.optional(Positive, 5),
  maxConcurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 4),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type ConnectionConfig = v.InferOutput<typeof ConnectionConfig>;
export type ConnectionConfigInput = v.InferInput<typeof ConnectionConfig>;

const Id = v.pipe(v.number(), v.integer(), v.minValue(1));
export const SalesmaniaCredentialsSecret = v.strictObject({
  username: NonEmpty,
  password: v.pipe(v.string(), v.nonEmpty()),
  databaseId: v.optional(Id),
  teamId: v.optional(Id),
});
export const SalesmaniaTokensSecret = v.strictObject({
  bearerToken: v.pipe(v.string(), v.nonEmpty()),
  teamToken: v.pipe(v.string(), v.nonEmpty()),
});
/** The JSON a connection's secret holds: login credentials, or ready-made tokens. */
export const SalesmaniaSecret = v.union([SalesmaniaCredentialsSecret, SalesmaniaTokensSecret]);
export type SalesmaniaSecret = v.InferOutput<typeof SalesmaniaSecret>;

/** Validates the connections list; errors name the entry and key (`connections[1].timeZone`). */
export function parseConnections(input: unknown): ConnectionConfig[] {
  const list = v.safeParse(v.array(v.unknown()), input);
  if (!list.success) throw new ConnectionConfigError("connections", "an array of connections");
  const seen = new Set<string>();
  return list.output.map((entry, index) => {
    const result = v.safeParse(ConnectionConfig, entry);
    if (!result.success) {
      const issue = result.issues[0];
      const path = v.getDotPath(issue);
      throw new ConnectionConfigError(`connections[${index}]${path ? `.${path}` : ""}`, issue.message);
    }
    if (seen.has(result.output.id)) {
      throw new ConnectionConfigError(
        `connections[${index}].id`,
        `a unique id, "${result.output.id}" repeats`,
      );
    }
    seen.add(result.output.id);
    return result.output;
  });
}

/**
 * Parses a secret's string value. Errors name the key at fault and never echo a value: the shape is
 * chosen by which keys are present, so the message can say exactly what is missing or mistyped.
 */
export function parseSalesmaniaSecret(ref: string, raw: string): SalesmaniaSecret {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SecretFormatError(ref, "", "a JSON object (the value is not valid JSON)");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new SecretFormatError(
      ref,
      "",
      `a JSON object, got ${Array.isArray(json) ? "an array" : typeof json}`,
    );
  }
  const tokens = "bearerToken" in json || "teamToken" in json;
  const schema = tokens ? SalesmaniaTokensSecret : SalesmaniaCredentialsSecret;
  const result = v.safeParse(schema, json);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = v.getDotPath(issue) ?? "";
  const shape = tokens ? "{bearerToken, teamToken}" : "{username, password, databaseId?, teamId?}";
  const what =
    issue.type === "strict_object" && issue.input !== undefined
      ? `no such key (the secret is ${shape})`
      : issue.input === undefined
        ? `a value (missing; the secret is ${shape})`
        : `${issue.expected ?? "a valid value"}, got ${typeof issue.input}`;
  throw new SecretFormatError(ref, key, what);
}

/** Builds a connection's API client from the options its config, secret and rate limiter imply. */
export type CreateApi = (options: SalesmaniaClientOptions) => SalesmaniaApi;

/** The SalesmaniaClient options a connection implies (callers may add e.g. `retry` or `onRequest`). */
export function salesmaniaClientOptions(
  config: ConnectionConfig,
  secret: SalesmaniaSecret,
  rateLimiter?: RequestGate,
): SalesmaniaClientOptions {
  return {
    rateLimiter,
    baseUrl: config.baseUrl,
    auth:
      "bearerToken" in secret
        ? { kind: "tokens", bearerToken: secret.bearerToken, teamToken: secret.teamToken }
        : {
            kind: "credentials",
            username: secret.username,
            password: secret.password,
            ...(secret.databaseId === undefined ? {} : { databaseId: secret.databaseId }),
            ...(secret.teamId === undefined ? {} : { teamId: secret.teamId }),
          },
    maxConcurrency: config.maxConcurrency,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
  };
}

export const createSalesmaniaClient: CreateApi = (options) => new SalesmaniaClient(options);

export interface ConnectionProviderOptions {
  connections: readonly ConnectionConfigInput[];
  secrets: SecretsProvider;
  /** Builds the API for a connection; the real SalesmaniaClient by default. */
  createApi?: CreateApi;
  /** Where the rate-limit schedules live (the ledger table on AWS); default: this process's memory only. */
  rateLimits?: RateLimitStore;
  logger?: Logger;
}

/**
 * One API client per connection per container (its token manager caches the bearer token in memory; see
 * docs/delivery.md on why tokens are not written back to the secret).
 */
export function createConnectionProvider(options: ConnectionProviderOptions): ConnectionProvider {
  const configs = new Map(parseConnections(options.connections).map((c) => [c.id, c]));
  const createApi = options.createApi ?? createSalesmaniaClient;
  const rateLimits = options.rateLimits ?? new InMemoryRateLimitStore();
  const cache = new Map<string, Promise<Connection>>();

  const open = async (config: ConnectionConfig): Promise<Connection> => {
    // One limiter per connection for the container's life: a client rebuilt after a secret change keeps it.
    const limiter = new SharedRateLimiter({
      key: config.id,
      ratePerSecond: config.rateLimitPerSecond,
      store: rateLimits,
      logger: options.logger,
    });
    const holder = await ClientHolder.open(config, options.secrets, (c, s) =>
      createApi(salesmaniaClientOptions(c, s, limiter)),
    );
    return { id: config.id, api: holder.api(), timeZone: config.timeZone };
  };

  return {
    get(connectionId) {
      const config = configs.get(connectionId);
      if (config === undefined) {
        return Promise.reject(new UnknownConnectionError(connectionId, [...configs.keys()]));
      }
      let connection = cache.get(connectionId);
      if (connection === undefined) {
        connection = open(config);
        // A failed open (secret missing, malformed) is not cached: the next event tries again.
        connection.catch(() => cache.delete(connectionId));
        cache.set(connectionId, connection);
      }
      return connection;
    },
  };
}

type BuildClient = (config: ConnectionConfig, secret: SalesmaniaSecret) => SalesmaniaApi;

/** Holds the current client of one connection and swaps it when a forced secret re-read changes the secret. */
class ClientHolder {
  private reloading: Promise<boolean> | undefined;

  private constructor(
    private readonly config: ConnectionConfig,
    private readonly secrets: SecretsProvider,
    private readonly createApi: BuildClient,
    /** A hash, not the value: enough to tell whether a re-read brought a new secret. */
    private secretHash: string,
    private client: SalesmaniaApi,
  ) {}

  static async open(config: ConnectionConfig, secrets: SecretsProvider, createApi: BuildClient) {
    const raw = await secrets.getSecret(config.secret);
    return new ClientHolder(
      config,
      secrets,
      createApi,
      sha256Hex(raw),
      createApi(config, parseSalesmaniaSecret(config.secret, raw)),
    );
  }

  /** Concurrent auth failures share one forced re-read; true when the secret changed (worth repeating). */
  private reload(): Promise<boolean> {
    this.reloading ??= (async () => {
      const raw = await this.secrets.getSecret(this.config.secret, { forceRefresh: true });
      if (sha256Hex(raw) === this.secretHash) return false;
      this.client = this.createApi(this.config, parseSalesmaniaSecret(this.config.secret, raw));
      this.secretHash = sha256Hex(raw);
      return true;
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private current(): SalesmaniaApi {
    return this.client;
  }

  private async call<R>(invoke: (api: SalesmaniaApi) => Promise<R>): Promise<R> {
    const before = this.current();
    try {
      return await invoke(before);
    } catch (error) {
      if (!(error instanceof SalesmaniaAuthError)) throw error;
      // Another call may already have swapped in a client built from a newer secret.
      if (this.current() === before && !(await this.reload())) throw error;
      return invoke(this.current());
    }
  }

  private async *iterate<T>(open: (api: SalesmaniaApi) => AsyncIterable<T>): AsyncIterable<T> {
    const before = this.current();
    let yielded = false;
    try {
      for await (const item of open(before)) {
        yielded = true;
        yield item;
      }
      return;
    } catch (error) {
      // Restarting after items were handed out would repeat them; only a failure on the first page retries.
      if (!(error instanceof SalesmaniaAuthError) || yielded) throw error;
      if (this.current() === before && !(await this.reload())) throw error;
    }
    yield* open(this.current());
  }

  /** The port, with every call routed through the auth-failure handling above. */
  api(): SalesmaniaApi {
    return {
      auth: { teamId: (o) => this.call((a) => a.auth.teamId(o)) },
      customers: {
        get: (id, o) => this.call((a) => a.customers.get(id, o)),
        create: (input, o) => this.call((a) => a.customers.create(input, o)),
        update: (id, patch, o) => this.call((a) => a.customers.update(id, patch, o)),
        iterate: (query, o) => this.iterate((a) => a.customers.iterate(query, o)),
      },
      products: {
        get: (id, o) => this.call((a) => a.products.get(id, o)),
        iterate: (query, o) => this.iterate((a) => a.products.iterate(query, o)),
      },
      visits: {
        create: (input, o) => this.call((a) => a.visits.create(input, o)),
        iterate: (query, o) => this.iterate((a) => a.visits.iterate(query, o)),
      },
      orders: {
        create: (input, o) => this.call((a) => a.orders.create(input, o)),
        get: (id, o) => this.call((a) => a.orders.get(id, o)),
        update: (id, patch, o) => this.call((a) => a.orders.update(id, patch, o)),
      },
    };
  }
}

// Connections: which SalesMania account a hook delivers to, and the cached, ready-to-use API client for it.
// The client takes its credentials from the connection's secret (connection-credentials.ts), which it asks
// again after a refusal, so a rotated password is picked up without a redeploy. Every request of a client
// first waits for its connection's rate limiter.
import {
  type CredentialsProvider,
  type RequestGate,
  type SalesmaniaAuth,
  SalesmaniaClient,
  type SalesmaniaClientOptions,
} from "@smx/salesmania";
import * as v from "valibot";
import { SecretCredentials } from "./connection-credentials.ts";
import { ConnectionConfigError, UnknownConnectionError } from "./errors.ts";
import type {
  Clock,
  Connection,
  ConnectionProvider,
  Logger,
  Metrics,
  SalesmaniaApi,
  SecretsProvider,
} from "./ports.ts";
import { SharedRateLimiter } from "./rate-limiter.ts";
import { InMemoryRateLimitStore, type RateLimitStore } from "./rate-schedule.ts";
import { salesmaniaErrorCounter } from "./salesmania-metrics.ts";

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
  /**
   * A secret reference (Secrets Manager name/ARN, or a local key). With `loginSecret`: the tokens secret
   * `{bearerToken, teamToken, expiresAt}` the rotation keeps fresh. Without: a `SalesmaniaSecret` of either form
   * (a login here is the single-secret form from before the split; it still works, with a warning at start).
   */
  secret: NonEmpty,
  /** The login `{username, password, databaseId?, teamId?}` only the token rotation reads (docs/deploy.md). */
  loginSecret: v.optional(NonEmpty),
  baseUrl: v.optional(v.pipe(v.string(), v.url()), "https://api.salesmania.id"),
  timeZone: v.optional(TimeZone, "Asia/Jakarta"),
  /** SalesMania requests per second for the whole account, shared by every container (docs/delivery.md). */
  rateLimitPerSecond: v.optional(Positive, 5),
  maxConcurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 4),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type ConnectionConfig = v.InferOutput<typeof ConnectionConfig>;
export type ConnectionConfigInput = v.InferInput<typeof ConnectionConfig>;

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

/** Builds a connection's API client from the options its config, credentials and rate limiter imply. */
export type CreateApi = (options: SalesmaniaClientOptions) => SalesmaniaApi;

/** The SalesmaniaClient options a connection implies (callers may add e.g. `retry` or `onRequest`). */
export function salesmaniaClientOptions(
  config: ConnectionConfig,
  auth: SalesmaniaAuth | CredentialsProvider,
  rateLimiter?: RequestGate,
): SalesmaniaClientOptions {
  return {
    ...(rateLimiter === undefined ? {} : { rateLimiter }),
    baseUrl: config.baseUrl,
    auth,
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
  /** When a refused secret may be read again (once per interval); the system clock by default. */
  clock?: Clock;
  /** Where `salesmania_errors` are counted; none by default. */
  metrics?: Metrics;
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
    const credentials = new SecretCredentials(config.secret, options.secrets, options.clock);
    // Read (and checked) now: a connection whose secret is missing or malformed is not cached.
    const auth = await credentials.current();
    const limiter = new SharedRateLimiter({
      key: config.id,
      ratePerSecond: config.rateLimitPerSecond,
      store: rateLimits,
      logger: options.logger,
    });
    const { metrics } = options;
    const api = createApi({
      ...salesmaniaClientOptions(config, credentials, limiter),
      ...(metrics === undefined
        ? {}
        : { onRequest: salesmaniaErrorCounter(metrics, config.id, auth.kind === "tokens") }),
    });
    return { id: config.id, api, timeZone: config.timeZone };
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

// SalesmaniaClient: every endpoint of the contract, typed. This module wires the pieces together:
// tokens (tokens.ts) → one HTTP call with retries (transport.ts) → answer parsed by wire.ts; and it turns
// a non-2xx answer into SalesmaniaHttpError / SalesmaniaAuthError, with one bearer refresh on a 401.
import { Buffer } from "node:buffer";
import {
  SalesmaniaAuthError,
  SalesmaniaHttpError,
  SalesmaniaResponseShapeError,
  SalesmaniaTimeoutError,
} from "./errors.ts";
import type { RequestGate } from "./gate.ts";
import {
  type Caller,
  type CallOptions,
  type Collection,
  checkId,
  checkInput,
  checkVisitQuery,
  collection,
  type DataCall,
  type VisitQueryParams,
  walkPages,
} from "./resources.ts";
import {
  Customer,
  CustomerInput,
  CustomerPatch,
  type Database,
  Order,
  OrderInput,
  OrderPatch,
  type Page,
  Product,
  ProductInput,
  ProductPatch,
  type Team,
  Visit,
  VisitInput,
} from "./schemas.ts";
import { type SalesmaniaAuth, TokenManager } from "./tokens.ts";
import {
  type HttpMethod,
  type RequestInfo,
  type RetryOptions,
  Transport,
  type WireResponse,
} from "./transport.ts";
import {
  DEFAULT_BASE_URL,
  itemPath,
  PATHS,
  pageQuery,
  parseAck,
  parseBearer,
  parseCreatedId,
  parseCreatedMaybeId,
  parseDatabases,
  parseErrorBody,
  parseJsonBody,
  parsePage,
  parseRecord,
  parseTeams,
  parseTeamToken,
  TEAM_TOKEN_PARAM,
  teamIdOfTeamToken,
  teamTokenQuery,
  visitsQuery,
} from "./wire.ts";

export interface SalesmaniaClientOptions {
  /** Default https://api.salesmania.id. */
  baseUrl?: string;
  auth: SalesmaniaAuth;
  /** Per attempt. Default 10 000. */
  timeoutMs?: number;
  /** Requests in flight per client (= per account). Default 4. */
  maxConcurrency?: number;
  /**
   * Defaults: 3 attempts in all, 200 ms base delay, 5 000 ms max delay. A `Retry-After` longer than the max
   * delay is not waited for: the 429/503 is returned so the caller can schedule the retry at that time.
   */
  retry?: RetryOptions;
  fetch?: typeof fetch;
  /** Called after every attempt, for logs and metrics. Carries no token or password. Must not throw. */
  onRequest?: (info: RequestInfo) => void;
  /** Clock for token expiry (ms since epoch). Default Date.now. */
  now?: () => number;
  /** The account's rate limit, asked before every request (token calls too); none by default. */
  rateLimiter?: RequestGate;
}

/** How a call authenticates: Basic (token endpoint), bearer only, or bearer + team token (data calls). */
type AuthMode = { basic: string } | "bearer" | "team";
interface Call<T> extends DataCall<T> {
  auth: AuthMode;
  /** The answer carries a token: a malformed one is described without its content. */
  secretAnswer?: boolean;
}

export class SalesmaniaClient {
  readonly #auth: SalesmaniaAuth;
  readonly #transport: Transport;
  readonly #tokens: TokenManager;
  readonly #now: () => number;

  readonly auth: {
    bearerToken(options?: CallOptions): Promise<string>;
    teamToken(options?: CallOptions): Promise<string>;
    /** The team the team token binds (the API user's current team); `undefined` if the token cannot be read. */
    teamId(options?: CallOptions): Promise<number | undefined>;
    /** Forgets every cached token (after a password or team change). */
    invalidate(): void;
  };
  readonly databases: { list(options?: CallOptions): Promise<Database[]> };
  readonly teams: { list(options?: CallOptions): Promise<Team[]> };
  readonly customers: Collection<Customer, CustomerInput, CustomerPatch, { id?: number }>;
  readonly products: Collection<Product, ProductInput, ProductPatch, { id: number }>;
  readonly visits: {
    list(query: VisitQueryParams, options?: CallOptions): Promise<Page<Visit>>;
    iterate(
      query: { date: string; teamId?: number; limit?: number },
      options?: CallOptions,
    ): AsyncIterable<Visit>;
    /** The API returns no id: to learn whether a visit exists, read the day's list. */
    create(input: VisitInput, options?: CallOptions): Promise<void>;
  };
  readonly orders: {
    create(input: OrderInput, options?: CallOptions): Promise<{ id: number }>;
    get(id: number, options?: CallOptions): Promise<Order>;
    update(id: number, patch: OrderPatch, options?: CallOptions): Promise<void>;
  };

  constructor(options: SalesmaniaClientOptions) {
    this.#auth = options.auth;
    this.#now = options.now ?? Date.now;
    this.#transport = new Transport({
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxConcurrency: options.maxConcurrency ?? 4,
      retry: {
        maxAttempts: options.retry?.maxAttempts ?? 3,
        baseDelayMs: options.retry?.baseDelayMs ?? 200,
        maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
      },
      fetch: options.fetch ?? globalThis.fetch,
      onRequest: options.onRequest,
      now: this.#now,
      gate: options.rateLimiter,
    });
    this.#tokens = new TokenManager(
      options.auth,
      {
        fetchBearer: ({ username, password }) => {
          const basic = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
          return this.#call(
            { method: "GET", path: PATHS.token, auth: { basic }, secretAnswer: true, parse: parseBearer },
            undefined,
          );
        },
        fetchDatabases: () => this.databases.list(),
        fetchTeamToken: (databaseId, teamId) =>
          this.#call(
            {
              method: "GET",
              path: PATHS.teamToken,
              query: teamTokenQuery(databaseId, teamId),
              auth: "bearer",
              secretAnswer: true,
              parse: parseTeamToken,
            },
            undefined,
          ),
        noDatabaseError: () =>
          new SalesmaniaResponseShapeError(
            `GET ${PATHS.databases}`,
            "at least one database",
            "an empty list",
          ),
      },
      this.#now,
    );

    this.auth = {
      bearerToken: (o) => this.#tokens.bearerToken(o?.signal, this.#abortError(`GET ${PATHS.token}`)),
      teamToken: (o) => this.#tokens.teamToken(o?.signal, this.#abortError(`GET ${PATHS.teamToken}`)),
      teamId: async (o) => teamIdOfTeamToken(await this.auth.teamToken(o)),
      invalidate: () => this.#tokens.invalidate(),
    };
    this.databases = {
      list: (o) =>
        this.#call({ method: "GET", path: PATHS.databases, auth: "bearer", parse: parseDatabases }, o),
    };
    this.teams = { list: (o) => this.#data({ method: "GET", path: PATHS.teams, parse: parseTeams }, o) };

    const data: Caller = (call, o) => this.#data(call, o);
    this.customers = collection(data, {
      path: PATHS.customers,
      record: Customer,
      recordName: "customer {id, name, …}",
      input: CustomerInput,
      patch: CustomerPatch,
      parseCreated: parseCreatedMaybeId,
    });
    this.products = collection(data, {
      path: PATHS.products,
      record: Product,
      recordName: "product {id, name, qty_on_hand, product_units, …}",
      input: ProductInput,
      patch: ProductPatch,
      parseCreated: parseCreatedId,
    });

    const listVisits = async (query: VisitQueryParams, o: CallOptions | undefined) => {
      const { page, limit, date, teamId } = checkVisitQuery(`GET ${PATHS.visits}`, query);
      return this.#data(
        {
          method: "GET",
          path: PATHS.visits,
          query: { ...visitsQuery(date, teamId), ...pageQuery(page, limit) },
          parse: (operation, body) =>
            parsePage(operation, Visit, "visit {id, date, customer_id, team_id, seq}", body),
        },
        o,
      );
    };
    this.visits = {
      list: listVisits,
      iterate: ({ limit, ...filter }, o) =>
        walkPages(`GET ${PATHS.visits}`, (page) => listVisits({ ...filter, page, limit }, o)),
      create: async (input, o) =>
        this.#data(
          {
            method: "POST",
            path: PATHS.visits,
            body: checkInput(`POST ${PATHS.visits}`, VisitInput, input),
            parse: parseAck,
          },
          o,
        ),
    };

    this.orders = {
      create: async (input, o) =>
        this.#data(
          {
            method: "POST",
            path: PATHS.orders,
            body: checkInput(`POST ${PATHS.orders}`, OrderInput, input),
            parse: parseCreatedId,
          },
          o,
        ),
      get: async (id, o) =>
        this.#data(
          {
            method: "GET",
            path: itemPath(PATHS.orders, checkId(`GET ${PATHS.orders}/{id}`, id)),
            parse: (operation, body) =>
              parseRecord(operation, Order, "order {id, date, customer_id, …}", body),
          },
          o,
        ),
      update: async (id, patch, o) => {
        const path = itemPath(PATHS.orders, checkId(`PATCH ${PATHS.orders}/{id}`, id));
        return this.#data(
          { method: "PATCH", path, body: checkInput(`PATCH ${path}`, OrderPatch, patch), parse: parseAck },
          o,
        );
      },
    };
  }

  /** The team token for a database (and team), fetched once and cached. */
  async teamToken(databaseId: number, teamId?: number, options?: CallOptions): Promise<string> {
    checkId(`GET ${PATHS.teamToken}`, databaseId);
    if (teamId !== undefined) checkId(`GET ${PATHS.teamToken}`, teamId);
    return this.#tokens.teamTokenFor(
      databaseId,
      teamId,
      options?.signal,
      this.#abortError(`GET ${PATHS.teamToken}`),
    );
  }

  /** The error for a caller whose signal aborted while it waited (for a token or a permit): nothing sent. */
  #abortError(operation: string): () => SalesmaniaTimeoutError {
    const startedAt = this.#now();
    const isCreate = operation.startsWith("POST ");
    return () => new SalesmaniaTimeoutError(operation, this.#now() - startedAt, false, isCreate);
  }

  #data<T>(call: DataCall<T>, options: CallOptions | undefined): Promise<T> {
    return this.#call({ ...call, auth: "team" }, options);
  }

  async #call<T>(call: Call<T>, options: CallOptions | undefined): Promise<T> {
    const operation = `${call.method} ${call.path}`;
    const signal = options?.signal;
    const onAbort = this.#abortError(operation);
    // A 401 on a bearer call means the bearer expired: fetch a new one once and repeat (nothing was applied).
    for (let refreshed = false; ; refreshed = true) {
      const headers: Record<string, string> = {};
      const query: Record<string, string> = { ...call.query };
      let bearer: string | undefined;
      let teamToken: string | undefined;
      if (typeof call.auth === "object") {
        headers.authorization = `Basic ${call.auth.basic}`;
      } else {
        bearer = await this.#tokens.bearerToken(signal, onAbort);
        headers.authorization = `Bearer ${bearer}`;
      }
      if (call.auth === "team") {
        teamToken = await this.#tokens.teamToken(signal, onAbort);
        query[TEAM_TOKEN_PARAM] = teamToken;
      }
      const response = await this.#transport.send(
        { method: call.method, path: call.path, query, headers, body: call.body },
        signal,
      );
      if (response.status >= 200 && response.status < 300) {
        return call.parse(operation, parseJsonBody(operation, response.text, call.secretAnswer));
      }
      // A DELETE repeated after an attempt that may have applied it: 404 says the record is gone, as asked.
      if (call.method === "DELETE" && response.status === 404 && response.afterPossibleEffect) {
        return call.parse(operation, undefined);
      }
      if (response.status === 401 && bearer !== undefined && this.#tokens.canRefresh && !refreshed) {
        this.#tokens.rejectBearer(bearer);
        continue;
      }
      if (response.status === 403 && teamToken !== undefined) this.#tokens.rejectTeamToken(teamToken);
      throw httpError(operation, call.method, response);
    }
  }

  /** Never shows credentials or tokens. */
  toString(): string {
    return `SalesmaniaClient(${this.#transport.baseUrl}, auth: ${this.#auth.kind})`;
  }

  toJSON(): { baseUrl: string; auth: string } {
    return { baseUrl: this.#transport.baseUrl, auth: this.#auth.kind };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function httpError(operation: string, method: HttpMethod, response: WireResponse): SalesmaniaHttpError {
  const { apiMessage, fieldErrors } = parseErrorBody(response.text, response.statusText);
  const ErrorClass =
    response.status === 401 || response.status === 403 ? SalesmaniaAuthError : SalesmaniaHttpError;
  return new ErrorClass(
    operation,
    response.status,
    apiMessage,
    response.text,
    fieldErrors,
    response.retryAfterSeconds,
    method === "POST",
  );
}

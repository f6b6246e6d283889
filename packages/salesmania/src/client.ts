// SalesmaniaClient: every endpoint of the contract, typed. This module wires the endpoint groups to one
// authenticated caller (caller.ts: credentials → tokens → transport with retries → wire.ts parsers).

import { Caller } from "./caller.ts";
import {
  type CredentialsProvider,
  fixedCredentials,
  isCredentialsProvider,
  type SalesmaniaAuth,
} from "./credentials.ts";
import { SalesmaniaResponseShapeError } from "./errors.ts";
import type { RequestGate } from "./gate.ts";
import {
  type CallOptions,
  type Collection,
  checkId,
  checkInput,
  checkVisitQuery,
  collection,
  type Caller as DataCaller,
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
import { type RequestInfo, type RetryOptions, Transport } from "./transport.ts";
import {
  DEFAULT_BASE_URL,
  itemPath,
  PATHS,
  pageQuery,
  parseAck,
  parseCreatedId,
  parseCreatedMaybeId,
  parseDatabases,
  parsePage,
  parseRecord,
  parseTeams,
  teamIdOfTeamToken,
  visitsQuery,
} from "./wire.ts";

export interface SalesmaniaClientOptions {
  /** Default https://api.salesmania.id. */
  baseUrl?: string;
  /**
   * Fixed credentials or tokens, or a provider the client asks for them and tells when SalesMania refused
   * them (a rotated password is then picked up without a new client).
   */
  auth: SalesmaniaAuth | CredentialsProvider;
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

export class SalesmaniaClient {
  readonly #transport: Transport;
  readonly #caller: Caller;
  /** Shown until the credentials are first asked for: their kind when given, "provided" for a provider. */
  readonly #declaredKind: string;

  readonly auth: {
    bearerToken(options?: CallOptions): Promise<string>;
    teamToken(options?: CallOptions): Promise<string>;
    /** When the bearer fetched last stops working (ms since epoch), as SalesMania announced; the rotation writes it. */
    bearerExpiresAt(): number | undefined;
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
    const now = options.now ?? Date.now;
    this.#declaredKind = isCredentialsProvider(options.auth) ? "provided" : options.auth.kind;
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
      now,
      gate: options.rateLimiter,
    });
    this.#caller = new Caller({
      transport: this.#transport,
      credentials: isCredentialsProvider(options.auth) ? options.auth : fixedCredentials(options.auth),
      now,
      tokenSource: {
        fetchDatabases: () => this.databases.list(),
        noDatabaseError: () =>
          new SalesmaniaResponseShapeError(
            `GET ${PATHS.databases}`,
            "at least one database",
            "an empty list",
          ),
      },
    });
    const caller = this.#caller;
    const tokens = caller.tokens;

    this.auth = {
      bearerToken: (o) => tokens.bearerToken(o?.signal, caller.abortError(`GET ${PATHS.token}`)),
      teamToken: (o) => tokens.teamToken(o?.signal, caller.abortError(`GET ${PATHS.teamToken}`)),
      bearerExpiresAt: () => tokens.bearerExpiresAt,
      teamId: async (o) => teamIdOfTeamToken(await this.auth.teamToken(o)),
      invalidate: () => tokens.invalidate(),
    };
    this.databases = {
      list: (o) =>
        caller.call({ method: "GET", path: PATHS.databases, auth: "bearer", parse: parseDatabases }, o),
    };
    this.teams = { list: (o) => caller.data({ method: "GET", path: PATHS.teams, parse: parseTeams }, o) };

    const data: DataCaller = (call, o) => caller.data(call, o);
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
      return caller.data(
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
        caller.data(
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
        caller.data(
          {
            method: "POST",
            path: PATHS.orders,
            body: checkInput(`POST ${PATHS.orders}`, OrderInput, input),
            parse: parseCreatedId,
          },
          o,
        ),
      get: async (id, o) =>
        caller.data(
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
        return caller.data(
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
    return this.#caller.tokens.teamTokenFor(
      databaseId,
      teamId,
      options?.signal,
      this.#caller.abortError(`GET ${PATHS.teamToken}`),
    );
  }

  /** Never shows credentials or tokens. */
  toString(): string {
    return `SalesmaniaClient(${this.#transport.baseUrl}, auth: ${this.#authKind()})`;
  }

  toJSON(): { baseUrl: string; auth: string } {
    return { baseUrl: this.#transport.baseUrl, auth: this.#authKind() };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  #authKind(): string {
    return this.#caller.tokens.kind ?? this.#declaredKind;
  }
}

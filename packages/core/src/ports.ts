// The core's other ports. Adapters: @smx/salesmania (the API client satisfies SalesmaniaApi structurally),
// @smx/aws (DynamoDB directory, Secrets Manager, Powertools logger), and in-memory/local ones for dev.
import type {
  Customer,
  CustomerInput,
  CustomerPatch,
  Order,
  OrderInput,
  OrderPatch,
  Page,
  PageParams,
  Product,
  Team,
  Visit,
  VisitInput,
} from "@smx/salesmania";

/** Per-call options: the caller's time budget arrives as an AbortSignal. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The SalesMania calls the core makes. `SalesmaniaClient` from @smx/salesmania implements it. */
export interface SalesmaniaApi {
  auth: {
    /** The team the connection's team token binds: SalesMania's default when a body omits `team_id`. */
    teamId(options?: CallOptions): Promise<number | undefined>;
  };
  customers: {
    get(id: number, options?: CallOptions): Promise<Customer>;
    create(input: CustomerInput, options?: CallOptions): Promise<{ id?: number }>;
    update(id: number, patch: CustomerPatch, options?: CallOptions): Promise<void>;
    /** One page (a resumable walk: the directory sync checkpoints the page number). */
    list(query: PageParams, options?: CallOptions): Promise<Page<Customer>>;
    iterate(query?: { limit?: number }, options?: CallOptions): AsyncIterable<Customer>;
    list(query?: PageParams, options?: CallOptions): Promise<Page<Customer>>;
  };
  products: {
    get(id: number, options?: CallOptions): Promise<Product>;
    list(query: PageParams, options?: CallOptions): Promise<Page<Product>>;
    iterate(query?: { limit?: number }, options?: CallOptions): AsyncIterable<Product>;
    list(query?: PageParams, options?: CallOptions): Promise<Page<Product>>;
  };
  teams: { list(options?: CallOptions): Promise<Team[]> };
  visits: {
    create(input: VisitInput, options?: CallOptions): Promise<void>;
    iterate(
      query: { date: string; teamId?: number; limit?: number },
      options?: CallOptions,
    ): AsyncIterable<Visit>;
  };
  orders: {
    create(input: OrderInput, options?: CallOptions): Promise<{ id: number }>;
    get(id: number, options?: CallOptions): Promise<Order>;
    update(id: number, patch: OrderPatch, options?: CallOptions): Promise<void>;
  };
}

/** A SalesMania account binding, ready to use. */
export interface Connection {
  id: string;
  api: SalesmaniaApi;
  /** IANA zone of the account's dates (default Asia/Jakarta). Its requests are paced by its rate limiter. */
  timeZone: string;
}

export interface ConnectionProvider {
  /** Throws `UnknownConnectionError` for an id not in the configuration. */
  get(connectionId: string): Promise<Connection>;
}

/** Entries the directory keeps per connection, so resolution rarely needs the API. */
export interface DirectoryCustomer {
  id: number;
  extCustNo?: string;
  phone?: string;
  email?: string;
  name?: string;
  address?: string;
}
export interface DirectoryProduct {
  id: number;
  extProductCode?: string;
  sku?: string;
  name: string;
  units: { name: string; price: number; ratio: number }[];
}
export type CustomerKey =
  | { by: "extCustNo"; value: string }
  | { by: "phone"; value: string }
  | { by: "email"; value: string }
  | { by: "nameAddress"; value: string };
export type ProductKey =
  | { by: "id"; value: number }
  | { by: "extProductCode"; value: string }
  | { by: "sku"; value: string };

/** One event's claim on the keys of a customer it is about to create (see customer-claims.ts). */
export interface CustomerClaim {
  /** The event creating it: an earlier try of the same event may have created it already. */
  owner: string;
  /** Random per attempt (the event's claim token): releases are conditional on it. */
  token: string;
  /** Epoch ms now, and until when the claim holds (the event's own lease). */
  now: number;
  leaseUntil: number;
}

export type CustomerClaimResult =
  /**
   * Every key is this claim's now. `evidence`: a claim left by an earlier try was taken over (this event's
   * own, or another's whose lease ran out), so the customer may exist already.
   */
  | { kind: "claimed"; evidence: boolean }
  /** Another event's live claim holds a key: it is creating this customer now. */
  | { kind: "held"; owner: string; leaseUntil: number };

export interface DirectoryStore {
  findCustomer(connectionId: string, key: CustomerKey): Promise<DirectoryCustomer | undefined>;
  /** Indexes the customer under every key it has (ext no, phone, email, name+address). */
  putCustomer(connectionId: string, customer: DirectoryCustomer): Promise<void>;
  findProduct(connectionId: string, key: ProductKey): Promise<DirectoryProduct | undefined>;
  putProduct(connectionId: string, product: DirectoryProduct): Promise<void>;
  /** Our own record of orders we created: `extOrderNo` → SalesMania order id. */
  findOrderId(connectionId: string, extOrderNo: string): Promise<number | undefined>;
  putOrderId(connectionId: string, extOrderNo: string, orderId: number): Promise<void>;
  /** Claims every key of a customer about to be created, all or none (one conditional write). */
  claimCustomer(
    connectionId: string,
    keys: CustomerKey[],
    claim: CustomerClaim,
  ): Promise<CustomerClaimResult>;
  /** Drops the keys this claim (its token) still holds; keys taken over meanwhile are left alone. */
  releaseCustomer(connectionId: string, keys: CustomerKey[], claim: CustomerClaim): Promise<void>;
}

/** Secret values by reference (a Secrets Manager name/ARN, or a local key). Values are never logged. */
export interface SecretsProvider {
  /**
   * The secret's string value; `forceRefresh` bypasses the cache (after an auth failure). `versionStage`
   * reads another version than AWSCURRENT (a rotated secret's AWSPREVIOUS); a store without versions has
   * none and throws SecretNotFoundError.
   */
  getSecret(ref: string, options?: { forceRefresh?: boolean; versionStage?: string }): Promise<string>;
}

export class SecretNotFoundError extends Error {
  override name = "SecretNotFoundError";
  constructor(readonly ref: string) {
    super(`secret "${ref}" was not found`);
  }
}

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (event id, hook id, dedup key…) to every line. */
  child(fields: LogFields): Logger;
}

/** The unit of a measured value (`Metrics.measure`); counts are always `Count`. */
export type MeasureUnit = "Milliseconds" | "Seconds";

/** Metric names, units and dimensions: docs/operations.md, "Metrics the alarms read". */
export interface Metrics {
  /** Counters (`events_received`, `events_delivered`, …): added up until they are written. */
  count(name: string, value?: number, dimensions?: Record<string, string>): void;
  /** A measured value (a latency, an age): each one kept as it is, so percentiles and maxima hold. */
  measure(name: string, value: number, unit: MeasureUnit, dimensions?: Record<string, string>): void;
}

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

// Public types of the sandbox: options, the Sandbox handle, the seed format, stored records, state().
import type { Hono } from "hono";
import type { ActiveFaultRule, FaultRule } from "./faults.ts";
import type { JournalEntry } from "./journal.ts";
import type { CustomerFields, OrderBody, ProductFields } from "./schemas.ts";

export type { CustomerFields, ProductFields } from "./schemas.ts";

export interface SeedUser {
  username: string;
  password: string;
  databaseIds: number[];
  defaultTeamId?: number | undefined;
}
export interface Team {
  id: number;
  name: string;
}
export interface DatabaseRecord {
  id: number;
  name: string;
  teams: Team[];
}

/** Also the JSON seed-file format (seeds/demo.json). */
export interface SandboxSeed {
  users: SeedUser[];
  databases: DatabaseRecord[];
  customers?: ({ databaseId: number } & CustomerFields & { id?: number | undefined })[] | undefined;
  products?: ({ databaseId: number } & ProductFields & { id?: number | undefined })[] | undefined;
}

export type CustomerRecord = { id: number; databaseId: number } & CustomerFields;
export type ProductRecord = { id: number; databaseId: number } & ProductFields;
export interface VisitRecord {
  id: number;
  databaseId: number;
  date: string;
  customer_id: number;
  team_id: number;
  seq: number;
}
/** The order as created (team resolved, status defaulting to "Baru") plus `id`. */
export type OrderRecord = { id: number; databaseId: number } & OrderBody & {
    team_id: number;
    status: NonNullable<OrderBody["status"]>;
  };

/** Users as `state()` shows them: passwords stay out of snapshots handed to callers. */
export type UserView = Omit<SeedUser, "password">;

export interface SandboxState {
  databases: DatabaseRecord[];
  users: UserView[];
  customers: CustomerRecord[];
  products: ProductRecord[];
  visits: VisitRecord[];
  orders: OrderRecord[];
}

/** Every option may be left out or `undefined` (its default), as the CLI passes its flags on. */
export interface SandboxOptions {
  /** Default: demoSeed. */
  seed?: SandboxSeed | undefined;
  /** Bearer lifetime, answered as `expires_in`; default 86400. */
  bearerTtlSeconds?: number | undefined;
  /** HMAC key for team tokens; random by default (kept in the state file when there is one). */
  teamTokenSecret?: string | undefined;
  /** Requests per second per database; default unlimited. Over it: 429 + Retry-After: 1. */
  rateLimitPerSecond?: number | undefined;
  /**
   * Loaded at start when present (instead of the seed); saved atomically after writes, at most once per
   * `stateWriteIntervalMs`, and at once when the server closes (or the process exits).
   */
  stateFile?: string | undefined;
  /** Default 1000: rewriting the whole file on every write capped the local stack at about 10 req/s. */
  stateWriteIntervalMs?: number | undefined;
  /** Injectable clock (epoch ms), for expiry tests. */
  now?: (() => number) | undefined;
}

export interface Sandbox {
  /** Fetch-compatible: `app.fetch(request)` or `app.request(path, init)`. */
  app: Hono;
  /** Deep copy of the data (users without passwords). */
  state(): SandboxState;
  journal(): JournalEntry[];
  clearJournal(): void;
  faults: { add(rule: FaultRule): string; clear(): void; list(): ActiveFaultRule[] };
  /** Adds data; databases and users with a known id/username are replaced. */
  seed(seed: SandboxSeed): void;
  /** Back to `seed`, or to the configured seed. Faults, journal and bearer tokens are kept. */
  reset(seed?: SandboxSeed): void;
  issueBearerToken(username: string): string;
  issueTeamToken(databaseId: number, teamId: number): string;
}

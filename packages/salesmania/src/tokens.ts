// Bearer and team tokens. Credentials → bearer (cached until shortly before `expires_in`) → team token per
// database/team (cached; it does not expire on its own). Concurrent callers share one in-flight request,
// and a caller's abort only ends its own wait, never the shared request. The credentials come from a
// provider; when they are replaced (after a refusal) every cached token goes with them.
import { waitFor } from "./abort.ts";
import type { CredentialsProvider, SalesmaniaAuth } from "./credentials.ts";
import type { Database } from "./schemas.ts";

/** The token endpoints, as the client calls them (with its timeout, retries and 401 handling). */
export interface TokenSource {
  fetchBearer(credentials: {
    username: string;
    password: string;
  }): Promise<{ token: string; expiresInSeconds: number }>;
  fetchDatabases(): Promise<Database[]>;
  fetchTeamToken(databaseId: number, teamId: number | undefined): Promise<string>;
  /** Thrown when GET /databases lists none, so no default database exists. */
  noDatabaseError(): Error;
}

/** Refresh this long before the announced expiry: 10 % of the lifetime, at most a minute. */
function safetyMarginMs(lifetimeSeconds: number): number {
  return Math.min(60_000, lifetimeSeconds * 100);
}

/** One shared request and, once it succeeded, its value. A failed request is forgotten. */
interface Shared<T> {
  promise: Promise<T>;
  value?: T;
}

export class TokenManager {
  readonly #credentials: CredentialsProvider;
  readonly #source: TokenSource;
  readonly #now: () => number;
  /** The credentials the cached tokens come from; asked from the provider on first use. */
  #auth: SalesmaniaAuth | undefined;
  #bearer: (Shared<string> & { expiresAt?: number; lifetimeEndsAt?: number }) | undefined;
  #defaultDatabase: Shared<number> | undefined;
  readonly #teamTokens = new Map<string, Shared<string>>();

  constructor(credentials: CredentialsProvider, source: TokenSource, now: () => number) {
    this.#credentials = credentials;
    this.#source = source;
    this.#now = now;
  }

  /** The credentials in use. */
  async credentials(signal: AbortSignal | undefined, onAbort: () => Error): Promise<SalesmaniaAuth> {
    this.#auth ??= await waitFor(this.#credentials.current(), signal, onAbort);
    return this.#auth;
  }

  /** The kind of credentials in use, once known (for toString: never a value). */
  get kind(): SalesmaniaAuth["kind"] | undefined {
    return this.#auth?.kind;
  }

  /**
   * SalesMania refused `used`: true when newer credentials are in place to try once more (another call may
   * have switched already), false when the refusal stands.
   */
  async refused(used: SalesmaniaAuth): Promise<boolean> {
    if (this.#auth !== used) return true;
    const fresh = await this.#credentials.refused(used);
    if (fresh === undefined) return false;
    if (this.#auth === used) {
      this.invalidate();
      this.#auth = fresh;
    }
    return true;
  }

  /** Whether a rejected bearer can be replaced (credentials), or is final (ready-made tokens). */
  get canRefresh(): boolean {
    return this.#auth?.kind === "credentials";
  }

  async bearerToken(signal: AbortSignal | undefined, onAbort: () => Error): Promise<string> {
    const auth = await this.credentials(signal, onAbort);
    if (auth.kind === "tokens") return auth.bearerToken;
    const current = this.#bearer;
    if (current?.expiresAt !== undefined && this.#now() >= current.expiresAt) this.#bearer = undefined;
    if (this.#bearer === undefined) {
      const entry: Shared<string> & { expiresAt?: number; lifetimeEndsAt?: number } = {
        promise: this.#source.fetchBearer(auth).then(({ token, expiresInSeconds }) => {
          entry.value = token;
          entry.lifetimeEndsAt = this.#now() + expiresInSeconds * 1000;
          entry.expiresAt = this.#now() + expiresInSeconds * 1000 - safetyMarginMs(expiresInSeconds);
          return token;
        }),
      };
      this.#share(entry, () => {
        if (this.#bearer === entry) this.#bearer = undefined;
      });
      this.#bearer = entry;
    }
    return waitFor(this.#bearer.promise, signal, onAbort);
  }

  /** When the bearer fetched last stops working, as SalesMania announced it (ms since epoch). */
  get bearerExpiresAt(): number | undefined {
    return this.#bearer?.lifetimeEndsAt;
  }

  /** The team token of the configured (or first) database and team. */
  async teamToken(signal: AbortSignal | undefined, onAbort: () => Error): Promise<string> {
    const auth = await this.credentials(signal, onAbort);
    if (auth.kind === "tokens") return auth.teamToken;
    const databaseId = auth.databaseId ?? (await this.#databaseId(signal, onAbort));
    return this.teamTokenFor(databaseId, auth.teamId, signal, onAbort);
  }

  teamTokenFor(
    databaseId: number,
    teamId: number | undefined,
    signal: AbortSignal | undefined,
    onAbort: () => Error,
  ): Promise<string> {
    const key = `${databaseId}/${teamId ?? ""}`;
    let entry = this.#teamTokens.get(key);
    if (entry === undefined) {
      const created: Shared<string> = {
        promise: this.#source.fetchTeamToken(databaseId, teamId).then((token) => {
          created.value = token;
          return token;
        }),
      };
      this.#share(created, () => {
        if (this.#teamTokens.get(key) === created) this.#teamTokens.delete(key);
      });
      this.#teamTokens.set(key, created);
      entry = created;
    }
    return waitFor(entry.promise, signal, onAbort);
  }

  /** Drops the bearer only if it is still `rejected`, so N callers hit by one expiry cause one refresh. */
  rejectBearer(rejected: string): void {
    if (this.#bearer?.value === rejected) this.#bearer = undefined;
  }

  /** Drops a team token the API answered 403 to, so the next call fetches a fresh one. */
  rejectTeamToken(rejected: string): void {
    for (const [key, entry] of this.#teamTokens) if (entry.value === rejected) this.#teamTokens.delete(key);
  }

  /** Forgets every cached token (the credentials stay). */
  invalidate(): void {
    this.#bearer = undefined;
    this.#defaultDatabase = undefined;
    this.#teamTokens.clear();
  }

  #databaseId(signal: AbortSignal | undefined, onAbort: () => Error): Promise<number> {
    if (this.#defaultDatabase === undefined) {
      const entry: Shared<number> = {
        promise: this.#source.fetchDatabases().then((databases) => {
          const first = databases[0];
          if (first === undefined) throw this.#source.noDatabaseError();
          entry.value = first.id;
          return first.id;
        }),
      };
      this.#share(entry, () => {
        if (this.#defaultDatabase === entry) this.#defaultDatabase = undefined;
      });
      this.#defaultDatabase = entry;
    }
    return waitFor(this.#defaultDatabase.promise, signal, onAbort);
  }

  /**
   * Forgets a failed shared request so the next caller tries again. The rejection itself reaches every
   * waiter through `waitFor`; this handler only does the bookkeeping.
   */
  #share(entry: Shared<unknown>, forget: () => void): void {
    entry.promise.catch(forget);
  }
}

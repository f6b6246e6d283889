// What the route modules share: the data, the clock, token issuing and the persistence hook.
import type { Session, Store } from "./store.ts";
import type { TeamTokens } from "./team-tokens.ts";

export interface Core {
  store: Store;
  now: () => number;
  bearerTtlSeconds: number;
  teamTokens: TeamTokens;
  /** Call after every write: saves the state file when one is configured. */
  changed(): void;
  /** Issues a random bearer token for a known user. */
  issueBearer(username: string): Session;
}

// One authenticated SalesMania call: credentials → tokens (tokens.ts) → one HTTP exchange with retries
// (transport.ts) → the answer parsed by wire.ts. A non-2xx answer becomes SalesmaniaHttpError or
// SalesmaniaAuthError; a 401 on a bearer call refreshes the bearer once, and a refusal that persists asks
// the credentials provider for newer credentials and repeats the call once.
import { Buffer } from "node:buffer";
import type { CredentialsProvider } from "./credentials.ts";
import { SalesmaniaAuthError, SalesmaniaHttpError, SalesmaniaTimeoutError } from "./errors.ts";
import type { CallOptions, DataCall } from "./resources.ts";
import { TokenManager, type TokenSource } from "./tokens.ts";
import type { HttpMethod, Transport, WireResponse } from "./transport.ts";
import {
  PATHS,
  parseBearer,
  parseErrorBody,
  parseJsonBody,
  parseTeamToken,
  TEAM_TOKEN_PARAM,
  teamTokenQuery,
} from "./wire.ts";

/** How a call authenticates: Basic (token endpoint), bearer only, or bearer + team token (data calls). */
export type AuthMode = { basic: string } | "bearer" | "team";

export interface Call<T> extends DataCall<T> {
  auth: AuthMode;
  /** The answer carries a token: a malformed one is described without its content. */
  secretAnswer?: boolean;
}

export interface CallerOptions {
  transport: Transport;
  credentials: CredentialsProvider;
  now: () => number;
  /** The endpoints the token manager needs besides its own (the database list is a bearer call). */
  tokenSource: Pick<TokenSource, "fetchDatabases" | "noDatabaseError">;
}

export class Caller {
  readonly tokens: TokenManager;
  readonly #transport: Transport;
  readonly #now: () => number;

  constructor(options: CallerOptions) {
    this.#transport = options.transport;
    this.#now = options.now;
    this.tokens = new TokenManager(
      options.credentials,
      {
        fetchBearer: ({ username, password }) => {
          const basic = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
          return this.call(
            { method: "GET", path: PATHS.token, auth: { basic }, secretAnswer: true, parse: parseBearer },
            undefined,
          );
        },
        fetchTeamToken: (databaseId, teamId) =>
          this.call(
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
        ...options.tokenSource,
      },
      options.now,
    );
  }

  /** The error for a caller whose signal aborted while it waited (for a token or a permit): nothing sent. */
  abortError(operation: string): () => SalesmaniaTimeoutError {
    const startedAt = this.#now();
    const isCreate = operation.startsWith("POST ");
    return () =>
      new SalesmaniaTimeoutError(operation, this.#now() - startedAt, { requestSent: false, isCreate });
  }

  /** A data call: bearer and team token. */
  data<T>(call: DataCall<T>, options: CallOptions | undefined): Promise<T> {
    return this.call({ ...call, auth: "team" }, options);
  }

  async call<T>(call: Call<T>, options: CallOptions | undefined): Promise<T> {
    // The token endpoint's own refusal is answered by the call that needed the token.
    if (typeof call.auth === "object") return this.#exchange(call, options);
    const used = await this.tokens.credentials(
      options?.signal,
      this.abortError(`${call.method} ${call.path}`),
    );
    try {
      return await this.#exchange(call, options);
    } catch (error) {
      if (!(error instanceof SalesmaniaAuthError && (await this.tokens.refused(used)))) throw error;
      return this.#exchange(call, options);
    }
  }

  async #exchange<T>(call: Call<T>, options: CallOptions | undefined): Promise<T> {
    const operation = `${call.method} ${call.path}`;
    const signal = options?.signal;
    const onAbort = this.abortError(operation);
    // A 401 on a bearer call means the bearer expired: fetch a new one once and repeat (nothing was applied).
    for (let refreshed = false; ; refreshed = true) {
      const headers: Record<string, string> = {};
      const query: Record<string, string> = { ...call.query };
      let bearer: string | undefined;
      let teamToken: string | undefined;
      if (typeof call.auth === "object") {
        headers.authorization = `Basic ${call.auth.basic}`;
      } else {
        bearer = await this.tokens.bearerToken(signal, onAbort);
        headers.authorization = `Bearer ${bearer}`;
      }
      if (call.auth === "team") {
        teamToken = await this.tokens.teamToken(signal, onAbort);
        query[TEAM_TOKEN_PARAM] = teamToken;
      }
      const response = await this.#transport.send(
        { method: call.method, path: call.path, query, headers, body: call.body },
        signal,
      );
      if (response.status >= 200 && response.status < 300) {
        return call.parse(
          operation,
          parseJsonBody(operation, response.text, { secret: call.secretAnswer === true }),
        );
      }
      // A DELETE repeated after an attempt that may have applied it: 404 says the record is gone, as asked.
      if (call.method === "DELETE" && response.status === 404 && response.afterPossibleEffect) {
        return call.parse(operation, undefined);
      }
      if (response.status === 401 && bearer !== undefined && this.tokens.canRefresh && !refreshed) {
        this.tokens.rejectBearer(bearer);
        continue;
      }
      if (response.status === 403 && teamToken !== undefined) this.tokens.rejectTeamToken(teamToken);
      throw httpError(operation, call.method, response);
    }
  }
}

function httpError(operation: string, method: HttpMethod, response: WireResponse): SalesmaniaHttpError {
  const { apiMessage, fieldErrors } = parseErrorBody(response.text, response.statusText);
  const ErrorClass =
    response.status === 401 || response.status === 403 ? SalesmaniaAuthError : SalesmaniaHttpError;
  return new ErrorClass(operation, {
    status: response.status,
    apiMessage,
    body: response.text,
    ...(fieldErrors === undefined ? {} : { fieldErrors }),
    ...(response.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: response.retryAfterSeconds }),
    createMayHaveApplied: method === "POST",
  });
}

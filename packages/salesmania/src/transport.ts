// One HTTP call with the client's policies: per-attempt timeout combined with the caller's signal, the
// per-client concurrency cap, the account's rate limit (a RequestGate asked before every attempt), and
// retries with jittered exponential backoff ONLY where repeating is safe.
// It knows nothing of tokens or body shapes: it returns the final HTTP answer, or throws
// SalesmaniaTimeoutError / SalesmaniaNetworkError when there was none.
import { sleep } from "./abort.ts";
import {
  SalesmaniaInputError,
  SalesmaniaNetworkError,
  SalesmaniaRateLimitedError,
  SalesmaniaTimeoutError,
} from "./errors.ts";
import { type RequestGate, refusalOf } from "./gate.ts";
import { Semaphore } from "./semaphore.ts";
import { parseRetryAfter } from "./wire.ts";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestInfo {
  method: string;
  /** The path only: the query string carries the team token. */
  path: string;
  status?: number;
  attempt: number;
  durationMs: number;
  error?: string;
  /** A login (Basic credentials at the token endpoint): its 401 means the username/password are wrong. */
  login: boolean;
  /** No answer came: `timeout` (the call's deadline) or `network_error` (refused, reset, DNS…). */
  failure?: "timeout" | "network_error";
}

export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  maxConcurrency: number;
  retry: Required<RetryOptions>;
  fetch: typeof fetch;
  onRequest: ((info: RequestInfo) => void) | undefined;
  now: () => number;
  gate: RequestGate | undefined;
}

export interface WireRequest {
  method: HttpMethod;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface WireResponse {
  status: number;
  statusText: string;
  text: string;
  retryAfterSeconds: number | undefined;
  /** An earlier attempt of this call may have taken effect (5xx other than 503, no answer, reset). */
  afterPossibleEffect: boolean;
}

/** Connection errors raised before any byte of the request left: repeating is safe even for a create. */
const NOTHING_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Characters an HTTP header value cannot carry (fetch refuses them, quoting the whole value). */
const NOT_IN_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * A header fetch would refuse (e.g. a pasted token with a line break): fetch's TypeError quotes the value
 * — a token — and would pass for "sent, outcome unknown". Refused here instead, naming only the header.
 */
function checkHeaders(operation: string, headers: Record<string, string>): void {
  const bad = Object.keys(headers).filter((name) => NOT_IN_HEADER.test(headers[name] ?? ""));
  if (bad.length > 0)
    throw new SalesmaniaInputError(
      operation,
      bad.map(
        (name) =>
          `${name} header: holds a line break or other character a header cannot carry (value not shown)`,
      ),
    );
}

/** 429 and 503 say "not processed, come back later": safe to repeat for any method. */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);

type AttemptResult =
  | { kind: "response"; response: Omit<WireResponse, "afterPossibleEffect"> }
  | {
      kind: "error";
      error: SalesmaniaTimeoutError | SalesmaniaNetworkError;
      retry: boolean;
      /** The request may have reached the server. */
      sent: boolean;
    };

export class Transport {
  readonly #options: TransportOptions;
  readonly #semaphore: Semaphore;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#semaphore = new Semaphore(options.maxConcurrency);
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  async send(request: WireRequest, signal: AbortSignal | undefined): Promise<WireResponse> {
    const { retry, now } = this.#options;
    const operation = `${request.method} ${request.path}`;
    const isCreate = request.method === "POST";
    const idempotent = !isCreate;
    checkHeaders(operation, request.headers);
    const startedAt = now();
    // The caller's budget ran out while nothing of this call was in flight.
    const callerAbortIdle = () =>
      new SalesmaniaTimeoutError(operation, now() - startedAt, { requestSent: false, isCreate });

    let possibleEffect = false;
    // What the last attempt met. When the caller's budget ends before the next attempt (in the pause or
    // waiting for a permit), that is the outcome to report, not a timeout: "503 twice" stays "503".
    let previous: WireResponse | SalesmaniaTimeoutError | SalesmaniaNetworkError | undefined;
    const outOfBudget = (): WireResponse => {
      if (previous === undefined) throw callerAbortIdle();
      if (previous instanceof Error) throw previous;
      return previous;
    };
    for (let attempt = 1; ; attempt++) {
      // acquire rejects only when the caller's budget ends while waiting for a permit.
      const release = await this.#semaphore.acquire(signal, callerAbortIdle).catch(() => undefined);
      if (release === undefined) return outOfBudget();
      let result: AttemptResult;
      try {
        // No slot under the rate limit within the budget: this attempt is not sent, so the last outcome
        // stands, or, on the first, the call was never sent at all.
        const refused = await refusalOf(this.#options.gate, signal);
        if (refused !== undefined) {
          if (previous !== undefined) return outOfBudget();
          throw new SalesmaniaRateLimitedError(operation, now() - startedAt, refused);
        }
        result = await this.#attempt(request, operation, attempt, signal, startedAt);
      } finally {
        release();
      }
      const lastAttempt = attempt >= retry.maxAttempts;
      if (result.kind === "error") {
        if (!result.retry || lastAttempt) throw result.error;
        possibleEffect ||= result.sent;
        previous = result.error;
        if (!(await pause(this.#backoff(attempt), signal))) return outOfBudget();
        continue;
      }
      const response: WireResponse = { ...result.response, afterPossibleEffect: possibleEffect };
      if (response.status === 429) this.#options.gate?.throttled(retryAfterMs(response.retryAfterSeconds));
      const repeatable =
        NOT_PROCESSED_STATUSES.has(response.status) ||
        (idempotent && (response.status === 408 || response.status >= 500));
      if (!repeatable || lastAttempt) return response;
      // A wait longer than this client ever pauses is for the caller to schedule, not to cut short.
      const asked = response.retryAfterSeconds;
      if (asked !== undefined && asked * 1000 > retry.maxDelayMs) return response;
      possibleEffect ||= response.status >= 500 && !NOT_PROCESSED_STATUSES.has(response.status);
      previous = response;
      if (!(await pause(this.#backoff(attempt, asked), signal))) return outOfBudget();
    }
  }

  async #attempt(
    request: WireRequest,
    operation: string,
    attempt: number,
    callerSignal: AbortSignal | undefined,
    startedAt: number,
  ): Promise<AttemptResult> {
    const { fetch, timeoutMs, onRequest, now } = this.#options;
    const isCreate = request.method === "POST";
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    const url = new URL(request.path, this.#options.baseUrl);
    for (const [key, value] of Object.entries(request.query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: "application/json", ...request.headers };
    if (request.body !== undefined) headers["content-type"] = "application/json";

    const attemptStart = now();
    const report = (
      status: number | undefined,
      error: string | undefined,
      failure?: RequestInfo["failure"],
    ) => {
      const info: RequestInfo = {
        method: request.method,
        path: request.path,
        attempt,
        durationMs: now() - attemptStart,
        login: headers.authorization?.startsWith("Basic ") === true,
      };
      if (status !== undefined) info.status = status;
      if (error !== undefined) info.error = error;
      if (failure !== undefined) info.failure = failure;
      onRequest?.(info);
    };

    let result: AttemptResult;
    try {
      const res = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal,
      });
      const text = await res.text();
      const response = {
        status: res.status,
        statusText: res.statusText,
        text,
        retryAfterSeconds: parseRetryAfter(res.headers.get("retry-after"), now()),
      };
      report(res.status, res.ok ? undefined : `HTTP ${res.status}`);
      return { kind: "response", response };
    } catch (error) {
      if (callerSignal?.aborted) {
        // The caller's budget is spent: stop at once; a create in flight may have been applied.
        const timeoutError = new SalesmaniaTimeoutError(operation, now() - startedAt, {
          requestSent: true,
          isCreate,
        });
        result = { kind: "error", error: timeoutError, retry: false, sent: true };
      } else if (timeout.aborted) {
        // Whether the request left is unknowable here, so a create counts as sent (outcome unknown).
        result = {
          kind: "error",
          error: new SalesmaniaTimeoutError(operation, timeoutMs, { requestSent: true, isCreate }),
          retry: !isCreate,
          sent: true,
        };
      } else {
        const code = errorCode(error);
        const sent = !(code !== undefined && NOTHING_SENT_CODES.has(code));
        const detail = `${code ?? "unknown"}: ${innermostMessage(error)}`;
        result = {
          kind: "error",
          error: new SalesmaniaNetworkError(operation, detail, { requestSent: sent, isCreate, cause: error }),
          retry: !isCreate || !sent,
          sent,
        };
      }
    }
    report(undefined, result.error.message, result.error.code);
    return result;
  }

  /** Honours `Retry-After` (never above maxDelayMs: see `send`); otherwise base·2^(n-1), capped, half jittered. */
  #backoff(attempt: number, retryAfterSeconds?: number): number {
    const { baseDelayMs, maxDelayMs } = this.#options.retry;
    if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

const retryAfterMs = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

/** Waits `ms`; false as soon as `signal` aborts (the caller's budget ended). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return sleep(ms, signal, () => new Error("aborted")).then(
    () => true,
    () => false,
  );
}

/** Node's fetch wraps the socket error: `TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })`. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Object && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

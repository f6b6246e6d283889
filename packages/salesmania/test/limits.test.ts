// The per-client concurrency cap, waiting for a permit under the caller's budget, the rate-limit gate asked
// before every request, and wire.ts rules.
import { afterEach, describe, expect, it } from "vitest";
import {
  type RequestGate,
  SalesmaniaClient,
  SalesmaniaRateLimitedError,
  SalesmaniaTimeoutError,
} from "../src/index.ts";
import { isLastPage, parseRetryAfter } from "../src/wire.ts";
import { startFakeServer } from "./fake-server.ts";

const TOKENS = { kind: "tokens", bearerToken: "b", teamToken: "t" } as const;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A fetch that holds every request until `releaseAll()` and counts how many were in flight at once. */
function gatedFetch() {
  let inFlight = 0;
  let maxInFlight = 0;
  let started = 0;
  const gates: Array<() => void> = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    started++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => gates.push(resolve));
    try {
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  return {
    fetchImpl,
    stats: () => ({ inFlight, maxInFlight, started }),
    releaseAll: () => {
      for (const open of gates.splice(0)) open();
    },
    waitForStarted: async (n: number) => {
      while (started < n) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe("concurrency cap", () => {
  it("never has more than maxConcurrency requests in flight; the rest queue", async () => {
    const server = await startFakeServer({
      "GET /extapi/v1.0/teams": { json: { data: [{ id: 1, name: "A" }] } },
    });
    close = server.close;
    const gate = gatedFetch();
    const client = new SalesmaniaClient({
      baseUrl: server.url,
      auth: TOKENS,
      maxConcurrency: 3,
      fetch: gate.fetchImpl,
    });
    const calls = Promise.all(Array.from({ length: 10 }, () => client.teams.list()));
    await gate.waitForStarted(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.stats()).toMatchObject({ started: 3, inFlight: 3 });
    while (gate.stats().started < 10 || gate.stats().inFlight > 0) {
      gate.releaseAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await calls).toHaveLength(10);
    expect(gate.stats().maxInFlight).toBe(3);
    expect(server.received).toHaveLength(10);
  });

  it("a caller whose budget ends while queued for a permit gets SalesmaniaTimeoutError, nothing sent", async () => {
    const server = await startFakeServer({ "GET /extapi/v1.0/teams": { json: { data: [] } } });
    close = server.close;
    const gate = gatedFetch();
    const client = new SalesmaniaClient({
      baseUrl: server.url,
      auth: TOKENS,
      maxConcurrency: 1,
      fetch: gate.fetchImpl,
    });
    const first = client.teams.list();
    await gate.waitForStarted(1);
    const budget = new AbortController();
    const queued = client.visits.create({ date: "2026-03-02", customer_id: 1 }, { signal: budget.signal });
    budget.abort();
    const error = await queued.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaTimeoutError);
    expect(error).toMatchObject({ operation: "POST /extapi/v1.1/visits", outcomeUnknown: false });
    gate.releaseAll();
    expect(await first).toEqual([]);
    expect(gate.stats().started).toBe(1);
  });
});

describe("rate-limit gate", () => {
  /** A gate that lets the first `grants` requests through, refuses the rest, and records what it was told. */
  function recordingGate(grants = Number.POSITIVE_INFINITY) {
    const seen = { asked: 0, throttled: [] as (number | undefined)[] };
    const gate: RequestGate = {
      acquire: async () => {
        if (++seen.asked > grants) throw new Error("no slot within the budget");
      },
      throttled: (retryAfterMs) => {
        seen.throttled.push(retryAfterMs);
      },
    };
    return { gate, seen };
  }

  it("is asked before every attempt, token calls included, and told of every 429 with its Retry-After", async () => {
    let visitCalls = 0;
    const server = await startFakeServer({
      "GET /extapi/v1.0/token": { json: { token: "bearer-1", expires_in: 3600 } },
      "GET /extapi/v1.0/team_token": { json: { team_token: "team-1" } },
      "POST /extapi/v1.1/visits": () =>
        ++visitCalls === 1
          ? { status: 429, json: { message: "slow down" }, headers: { "retry-after": "0.01" } }
          : { json: {} },
    });
    close = server.close;
    const { gate, seen } = recordingGate();
    const client = new SalesmaniaClient({
      baseUrl: server.url,
      auth: { kind: "credentials", username: "u", password: "p", databaseId: 7 },
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 50 },
      rateLimiter: gate,
    });
    await client.visits.create({ date: "2026-03-02", customer_id: 1 });
    // token, team token, the create answered 429, the create repeated.
    expect(seen.asked).toBe(4);
    expect(server.received).toHaveLength(4);
    expect(seen.throttled).toEqual([10]);
  });

  it("a repeat refused a slot ends the call with what the last attempt met, not a rate-limit error", async () => {
    const server = await startFakeServer({
      "POST /extapi/v1.1/visits": { status: 503, json: { message: "maintenance" } },
    });
    close = server.close;
    const { gate } = recordingGate(1);
    const client = new SalesmaniaClient({
      baseUrl: server.url,
      auth: TOKENS,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      rateLimiter: gate,
    });
    const error = await client.visits.create({ date: "2026-03-02", customer_id: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SalesmaniaHttpError", status: 503 });
    expect(server.received).toHaveLength(1);
  });

  it("a request refused a slot is not sent: SalesmaniaRateLimitedError, retryable, never outcome-unknown", async () => {
    const server = await startFakeServer({ "POST /extapi/v1.1/visits": { json: {} } });
    close = server.close;
    const client = new SalesmaniaClient({
      baseUrl: server.url,
      auth: TOKENS,
      rateLimiter: {
        acquire: () => Promise.reject(new Error("no slot within the budget")),
        throttled: () => {},
      },
    });
    const error = await client.visits.create({ date: "2026-03-02", customer_id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesmaniaRateLimitedError);
    expect(error).toMatchObject({
      operation: "POST /extapi/v1.1/visits",
      retryable: true,
      outcomeUnknown: false,
    });
    expect(String(error)).toMatch(/not sent/);
    expect(server.received).toHaveLength(0);
  });
});

describe("wire rules", () => {
  it.each([
    ["1", 1],
    ["0", 0],
    ["2.5", 2.5],
    ["Mon, 02 Mar 2026 01:00:30 GMT", 30],
    ["Mon, 02 Mar 2026 00:59:00 GMT", 0], // a date in the past: no wait
    ["soon", undefined],
    ["", undefined],
  ])("Retry-After %j → %s seconds", (header, seconds) => {
    expect(parseRetryAfter(header, Date.parse("2026-03-02T01:00:00Z"))).toBe(seconds);
  });

  it.each([
    [{ page: 1, limit: 50, total: 120 }, 50, false],
    [{ page: 3, limit: 50, total: 120 }, 20, true],
    [{ page: 2, limit: 50, total: 100 }, 50, true],
    [{ page: 4, limit: 50, total: 500 }, 0, true], // empty page ends the walk even if total says more
  ])("isLastPage(%j with %d items) → %s", (meta, count, last) => {
    expect(isLastPage({ meta, data: Array.from({ length: count }) })).toBe(last);
  });
});
